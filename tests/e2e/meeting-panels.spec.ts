// The parts of the meeting page around the plan: attendance, disagreements and the meeting's own state —
// each recorded through the page's forms, and seen by everyone else in the meeting within a second.
import { createHash } from 'node:crypto';
import { expect, test } from './support/accounts';
import { apiAs, scheduleFreshMeeting } from './support/forms';
import { MeetingPage } from './support/meeting-page';

test('the chair records attendance and the parent sees it live', async ({ signedInAs, playwright, baseURL }) => {
	const url = `/meetings/${await scheduleFreshMeeting(playwright, baseURL)}`;
	const chair = await new MeetingPage(await signedInAs('chair')).open(url);
	const parent = await new MeetingPage(await signedInAs('parent')).open(url);

	const robin = chair.region('Attendance').getByRole('group', { name: /^Robin Testcase/ });
	await robin.getByLabel('Present').check();
	await expect(chair.region('Attendance')).toContainText('Saved: Robin Testcase — present.');
	await chair.region('Attendance').getByRole('group', { name: /^Kit Wellbeing/ }).getByLabel('Sent apologies').check();

	const seen = parent.region('Attendance');
	await expect(seen.getByRole('listitem').filter({ hasText: 'Robin Testcase' })).toContainText('Present');
	await expect(seen.getByRole('listitem').filter({ hasText: 'Kit Wellbeing' })).toContainText('Sent apologies');
	// The parent reads attendance; only the chair and the minute-taker record it.
	await expect(seen.getByRole('radio')).toHaveCount(0);
});

test('a parent’s disagreement without a reason is refused with a clear message and kept; with a reason the chair sees it live', async ({
	signedInAs,
	playwright,
	baseURL
}) => {
	const url = `/meetings/${await scheduleFreshMeeting(playwright, baseURL)}`;
	const chair = await new MeetingPage(await signedInAs('chair')).open(url);
	const parent = await new MeetingPage(await signedInAs('parent')).open(url);
	const form = parent.page.getByRole('form', { name: 'Record a disagreement' });

	await form.getByLabel('What is it about?').selectOption({ label: 'Contingency plan' });
	const position = 'Jamie should stay with his grandmother, not go into foster care.';
	await form.getByLabel('What do you disagree with, or what would you want instead?').fill(position);
	await form.getByRole('button', { name: 'Record the disagreement' }).click();
	await expect(form.getByRole('status')).toContainText('Give the reason for the disagreement: it is recorded with it.');
	await expect(form.getByLabel(/^Why\?/)).toBeFocused();
	await expect(form.getByLabel('What do you disagree with, or what would you want instead?')).toHaveValue(position);
	await expect(form.getByLabel('What is it about?')).toHaveValue('contingency');

	await form.getByLabel(/^Why\?/).fill('Her house is next to his school and he is settled there.');
	await form.getByRole('button', { name: 'Record the disagreement' }).click();
	await expect(form.getByRole('status')).toContainText('Your disagreement is recorded.');

	const recorded = chair.region('Disagreements').getByRole('article', { name: /Robin Testcase .* disagrees about: Contingency plan/ });
	await expect(recorded).toContainText(position);
	await expect(recorded).toContainText('Her house is next to his school and he is settled there.');
	await expect(recorded).toContainText('Not recorded yet.');

	// The chair says how the plan reflects it; the parent is told why, and how to complain.
	await recorded.getByLabel(/How does the plan reflect it\?/).fill('Foster care stays the contingency: the grandmother cannot start until September.');
	await recorded.getByLabel('No, not accepted').check();
	await recorded.getByRole('button', { name: 'Save how the plan reflects it' }).click();
	const told = parent.region('Disagreements').getByRole('article', { name: /Robin Testcase .* disagrees about/ });
	await expect(told).toContainText('Not accepted.');
	await expect(told).toContainText('the grandmother cannot start until September');
	await expect(told.getByRole('note', { name: 'Your right to complain' })).toContainText('You have the right to complain');
	await expect(told.getByRole('note')).toContainText('Sam Caseworth, the lead social worker, will explain how to complain.');
});

test('the chair opens and closes the meeting; the page shows the due-by date, the record and circulates it', async ({ signedInAs, playwright, baseURL }) => {
	const meetingId = await scheduleFreshMeeting(playwright, baseURL);
	const url = `/meetings/${meetingId}`;
	const chair = await new MeetingPage(await signedInAs('chair')).open(url);
	const parent = await new MeetingPage(await signedInAs('parent')).open(url);
	const meeting = chair.region('The meeting');

	await expect(meeting).toContainText('Scheduled — not started yet');
	await expect(parent.region('The meeting').getByRole('button')).toHaveCount(0);
	// Scheduled for 2030, opened today: the page asks why, and the opening waits for a reason.
	await meeting.getByRole('button', { name: 'Open the meeting…' }).click();
	await expect(meeting.getByRole('heading', { name: /^Open the meeting today/ })).toBeFocused();
	await expect(meeting).toContainText('It is scheduled for Mon 3 Jun 2030');
	await meeting.getByRole('button', { name: 'Yes, open it today' }).click();
	await expect(meeting).toContainText('Say why the meeting opens on another day than planned.');
	await expect(meeting).toContainText('Scheduled — not started yet');
	await meeting.getByLabel('Why it opens today').fill('The family asked to meet sooner.');
	await meeting.getByRole('button', { name: 'Yes, open it today' }).click();
	await expect(meeting).toContainText('In progress');
	await expect(parent.region('The meeting')).toContainText('In progress');

	await meeting.getByRole('button', { name: 'Close the meeting…' }).click();
	const question = meeting.getByRole('heading', { name: 'Close the meeting now?' });
	await expect(question).toBeFocused();
	await expect(meeting).toContainText('The plan and the minutes are frozen');
	await meeting.getByRole('button', { name: 'Yes, close the meeting' }).click();

	const api = await apiAs(playwright, baseURL, 'chair');
	await expect.poll(async () => (await (await api.get(`/api/meetings/${meetingId}`)).json()).status).toBe('closed');
	const record = (await (await api.get(`/api/meetings/${meetingId}`)).json()) as { circulateBy: string };
	const dueBy = await chair.page.evaluate((d) => {
		const day = new Date(`${d}T00:00:00Z`);
		return new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(day).replace(',', '');
	}, record.circulateBy);
	for (const side of [chair, parent]) {
		const part = side.region('The meeting');
		await expect(part).toContainText('Closed');
		await expect(part).toContainText(`Minutes and written agreement due by ${dueBy}`);
		await expect(part).toContainText(/working days? left|Due today/);
		await expect(part.getByRole('link', { name: 'Read the written record' })).toHaveAttribute('href', `/meetings/${meetingId}/record`);
		await expect(part.getByRole('link', { name: 'Download the written record (PDF)' })).toHaveAttribute('href', `/meetings/${meetingId}/record.pdf`);
	}
	await expect(meeting.getByRole('link', { name: 'Schedule the next meeting' })).toHaveAttribute('href', /\/cases\/[0-9a-f-]{36}\/meetings\/new$/);
	await expect(meeting).toContainText(/The next core group meeting is due by \w{3} \d{1,2} \w{3} \d{4}\./);
	await expect(parent.region('The meeting').getByRole('button', { name: 'Circulate to the core group' })).toHaveCount(0);

	await meeting.getByRole('button', { name: 'Circulate to the core group' }).click();
	// Making the record and sending it to everyone takes seconds on a busy machine: the wait is for the answer, not a speed.
	await expect(meeting.getByRole('status').filter({ hasText: 'Sent to' })).toContainText(/Sent to \d+ members: .*Robin Testcase/, { timeout: 30_000 });
	await expect(meeting).toContainText(/Circulated on/);
	// Circulating again sends nothing new, and says who has it already.
	await meeting.getByRole('button', { name: 'Circulate to the core group' }).click();
	await expect(meeting.getByRole('status').filter({ hasText: 'Already sent' })).toContainText(/Already sent to \d+ members before, so not sent again: .*Robin Testcase/);
	const { circulation } = (await (await api.get(`/api/meetings/${meetingId}`)).json()) as { circulation: { recipients: { address: string; status: string; sentAt: string | null; acknowledgedAt: string | null }[] } };
	expect(circulation.recipients.find((r) => r.address === 'parent@demo.test')).toMatchObject({ status: 'sent', sentAt: expect.any(String), acknowledgedAt: null });
	// The written record page shows it per member.
	await chair.page.goto(`/meetings/${meetingId}/record`);
	const sentTo = chair.page.getByRole('table');
	await expect(sentTo.getByRole('row', { name: /Robin Testcase/ })).toContainText('Sent on');
	await expect(sentTo.getByRole('row', { name: /Robin Testcase/ })).toContainText('Not yet');

	// The PDF arrives whole (it is sent in slices), and is the copy the record keeps.
	const pdf = await api.get(`${url}/record.pdf`);
	expect(pdf.status()).toBe(200);
	expect(pdf.headers()['content-type']).toBe('application/pdf');
	const bytes = await pdf.body();
	expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
	expect(bytes.byteLength).toBe(Number(pdf.headers()['content-length']));
	expect(createHash('sha256').update(bytes).digest('hex')).toBe(pdf.headers()['x-record-sha256']);
	await api.dispose();
});

test('a receipt link nobody was sent stamps nothing and says so in words', async ({ page }) => {
	const answer = await page.goto('/receipts/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
	expect(answer?.status()).toBe(200);
	await expect(page.getByRole('heading', { name: 'Receipt of the written record' })).toBeVisible();
	await expect(page.getByText('This receipt link is not one we sent, so nothing was recorded.')).toBeVisible();
});
