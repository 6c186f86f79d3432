// Authority follows the person, as a person sees it: someone removed from the core group while their
// meeting page is open is told so in words at once, and can still copy what they had typed.
import { expect, test } from './support/accounts';
import { apiAs, memberId, openFreshMeeting, postAction } from './support/forms';
import { MeetingPage } from './support/meeting-page';

test('a member removed while their page is open is told they no longer have access, and can copy what they typed', async ({ signedInAs, playwright, baseURL }) => {
	// Open: before it opens only the chair, minute-taker and lead social worker write in it.
	const meetingId = await openFreshMeeting(playwright, baseURL);
	const worker = await apiAs(playwright, baseURL, 'socialWorker');
	const { caseId } = (await (await worker.get(`/api/meetings/${meetingId}`)).json()) as { caseId: string };
	const health = await memberId(worker, meetingId, 'Kit Wellbeing');

	const page = await signedInAs('health');
	await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
	const meeting = await new MeetingPage(page).open(`/meetings/${meetingId}`);
	await meeting.typeAtEnd('Concerns', 'Weight checks every fortnight.');
	await expect.poll(async () => (await (await worker.get(`/api/meetings/${meetingId}`)).json()).plan.concerns).toContain('Weight checks every fortnight.');

	try {
		const removed = await postAction(worker, `/cases/${caseId}/core-group?/remove`, { member: health });
		expect(removed.type).toBe('success');

		// Within seconds, in words, without reloading.
		await expect(page.getByText('You are no longer in this core group')).toBeVisible({ timeout: 5_000 });
		const unsaved = page.getByRole('region', { name: 'Changes that were not saved' });
		const copy = unsaved.getByRole('textbox', { name: /Concerns/ });
		await expect(copy).toHaveValue(/Weight checks every fortnight\./);
		await unsaved.getByRole('button', { name: /Copy.*Concerns/ }).click();
		await expect(unsaved.getByText('Copied.')).toBeVisible();
		expect(await page.evaluate(() => navigator.clipboard.readText())).toContain('Weight checks every fortnight.');
		// The field itself no longer takes typing.
		await expect(meeting.field('Concerns')).toHaveAttribute('readonly', '');
	} finally {
		// Back into the core group (the same membership), for the tests that follow.
		const again = await postAction(worker, `/cases/${caseId}/core-group?/invite`, {
			email: 'health@demo.test',
			name: 'Kit Wellbeing',
			role: 'professional',
			agency: 'Health Visiting Team (demo)',
			relationship: 'Health visitor',
			language: 'en'
		});
		expect(again.type).toBe('success');
		await worker.dispose();
	}
});

test('an observer given a role that writes sees the page offer it within seconds, without reloading, and what they type is kept', async ({ signedInAs, playwright, baseURL }) => {
	const meetingId = await openFreshMeeting(playwright, baseURL);
	const worker = await apiAs(playwright, baseURL, 'socialWorker');
	const { caseId } = (await (await worker.get(`/api/meetings/${meetingId}`)).json()) as { caseId: string };
	const observer = await memberId(worker, meetingId, 'Ash Shadowing');

	const page = await signedInAs('observer');
	const meeting = await new MeetingPage(page).open(`/meetings/${meetingId}`);
	await expect(meeting.field('Concerns')).toHaveAttribute('readonly', '');
	try {
		const changed = await postAction(worker, `/cases/${caseId}/core-group?/role`, { member: observer, role: 'professional' });
		expect(changed.type).toBe('success');

		// Said, and offered, on the page as it is: no reload by hand.
		await expect(page.getByRole('status').filter({ hasText: 'Your role in this core group has changed' })).toBeVisible({ timeout: 8_000 });
		await expect(meeting.field('Concerns')).not.toHaveAttribute('readonly', '');
		await expect(meeting.connection).toContainText('Connected');
		await meeting.typeAtEnd('Concerns', ' Noted by the new professional.');
		await expect.poll(async () => (await (await worker.get(`/api/meetings/${meetingId}`)).json()).plan.concerns).toContain('Noted by the new professional.');
	} finally {
		const back = await postAction(worker, `/cases/${caseId}/core-group?/role`, { member: observer, role: 'observer' });
		expect(back.type).toBe('success');
		await worker.dispose();
	}
});
