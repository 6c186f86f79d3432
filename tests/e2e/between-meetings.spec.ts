// Between meetings, in real browsers: a school member on a phone records progress on their action and raises
// a difficulty; the lead social worker, with the case open on a desktop, sees both arrive without reloading
// and acknowledges the escalation. Both pages are checked with axe-core. Screenshots go to tests/e2e/output/.
import AxeBuilder from '@axe-core/playwright';
import { expect, signIn, test } from './support/accounts';
import { apiAs, meetingMembers, postAction, scheduleFreshMeeting } from './support/forms';
import { MeetingPage } from './support/meeting-page';

const unique = (what: string) => `${what} ${Math.random().toString(36).slice(2, 8)}`;
const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

test('a school member on a phone records progress; the lead social worker sees it live and acknowledges an escalation', async ({ signedInAs, playwright, baseURL, browser }) => {
	test.setTimeout(120_000);
	// A meeting of the demo case is held and an action given to the school's designated safeguarding lead.
	const meetingId = await scheduleFreshMeeting(playwright, baseURL);
	const chairApi = await apiAs(playwright, baseURL, 'chair');
	expect((await postAction(chairApi, `/meetings/${meetingId}?/open`, {})).type).toBe('success');
	const school = (await meetingMembers(chairApi, meetingId)).find((m) => m.name === 'Jo Lessonby')!;
	const [{ caseId }] = ((await (await chairApi.get('/api/meetings')).json()) as { id: string; caseId: string }[]).filter((m) => m.id === meetingId);
	const chair = await new MeetingPage(await signedInAs('chair')).open(`/meetings/${meetingId}`);
	const what = unique('Ring home by 9:30 whenever Jamie is absent');
	await chair.addAction(what);
	await chair.actions.last().getByLabel('Who will do it').selectOption(school.id);
	await chair.actions.last().getByLabel('Due date').fill('2030-06-20');

	// The lead social worker has the case open on a desktop.
	const lead = await signedInAs('socialWorker');
	await lead.goto(`/cases/${caseId}`);
	await expect(lead.getByRole('heading', { name: 'The plan between meetings' })).toBeVisible();

	// The school member, on a phone.
	const phoneContext = await browser.newContext(phone);
	const mobile = await phoneContext.newPage();
	await signIn(mobile, 'school');
	await mobile.getByRole('link', { name: 'My actions' }).click();
	const card = mobile.getByRole('article', { name: what });
	await expect(card).toBeVisible();
	await expect(card).toContainText('due Thu 20 Jun 2030');
	await card.getByLabel('How is it going?').selectOption('in-progress');
	const note = unique('Rang home on Monday and Tuesday; mother answered');
	await card.getByLabel('What has happened').fill(note);
	await card.getByRole('button', { name: 'Save progress' }).click();
	await expect(card.getByRole('status')).toContainText('Progress saved');
	await expect(card.getByRole('list')).toContainText(note);
	expect((await new AxeBuilder({ page: mobile }).analyze()).violations).toEqual([]);
	await mobile.screenshot({ path: 'tests/e2e/output/my-actions-phone.png', fullPage: true });

	// It reaches the lead social worker's open page without a reload.
	await expect(lead.getByText(note)).toBeVisible({ timeout: 25_000 });

	// The school member raises a difficulty from the case page, still on the phone.
	await mobile.goto(`/cases/${caseId}`);
	const difficulty = unique('Jamie said nobody was home last night');
	await mobile.getByLabel('What has happened').fill(difficulty);
	await mobile.getByRole('button', { name: 'Tell the lead social worker' }).click();
	await expect(mobile.getByRole('status').filter({ hasText: 'have been told' })).toBeVisible();
	expect((await new AxeBuilder({ page: mobile }).analyze()).violations).toEqual([]);
	await mobile.screenshot({ path: 'tests/e2e/output/raise-difficulty-phone.png', fullPage: true });

	// The lead social worker sees it arrive, and acknowledges it with what was decided.
	const escalation = lead.getByRole('listitem').filter({ hasText: difficulty });
	await expect(escalation).toContainText('not yet acknowledged', { timeout: 25_000 });
	await lead.screenshot({ path: 'tests/e2e/output/case-escalation-open.png', fullPage: true });
	await escalation.getByLabel('What was decided').selectOption('strategy-discussion');
	await escalation.getByLabel('Note (optional)').fill('Strategy discussion with police today.');
	await escalation.getByRole('button', { name: 'Acknowledge' }).click();
	await expect(lead.getByRole('listitem').filter({ hasText: difficulty })).toContainText('Acknowledged by Sam Caseworth');
	expect((await new AxeBuilder({ page: lead }).analyze()).violations).toEqual([]);
	await lead.screenshot({ path: 'tests/e2e/output/case-escalation-acknowledged.png', fullPage: true });
	const listed = (await (await chairApi.get(`/api/cases/${caseId}/escalations`)).json()) as { details: string; acknowledgement: { decision: string } | null }[];
	expect(listed.find((e) => e.details === difficulty)?.acknowledgement?.decision).toBe('strategy-discussion');
	await phoneContext.close();
	await chairApi.dispose();
});

test('the lead social worker moves a scheduled meeting: warned first when past its timescale, then moved', async ({ signedInAs, playwright, baseURL }) => {
	const meetingId = await scheduleFreshMeeting(playwright, baseURL);
	const meeting = await new MeetingPage(await signedInAs('socialWorker')).open(`/meetings/${meetingId}`);
	const page = meeting.page;
	const move = page.getByRole('region', { name: 'Move this meeting' });
	await expect(move).toContainText('It is due by');
	// Well past any timescale of the demo case: the page warns and saves nothing yet.
	await move.getByLabel('New date and start time').fill('2031-03-03T10:00');
	await move.getByLabel('Reason').fill('The family are away until March.');
	await move.getByRole('button', { name: 'Move the meeting' }).click();
	await expect(move.getByRole('status')).toContainText('is after the date this meeting is due by');
	await page.screenshot({ path: 'tests/e2e/output/reschedule-warning.png', fullPage: true });
	await move.getByRole('button', { name: 'Move it anyway, past its due date' }).click();
	await expect(move.getByRole('status')).toContainText('have been sent the new date in writing');
	await expect(page.getByRole('definition').filter({ hasText: 'Mon 3 Mar 2031, 10:00' }).first()).toBeVisible();
	await expect(page.getByRole('region', { name: 'Progress recorded since the last meeting' })).toBeVisible();
	expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
});
