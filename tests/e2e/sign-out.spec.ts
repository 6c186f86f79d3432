// Signing out on a shared tablet: what was typed here reaches the meeting first, then the device keeps no copy
// of the meeting; if it cannot reach the meeting, the page says what would be lost and lets the person choose.
import type { Page } from '@playwright/test';
import { expect, test } from './support/accounts';
import { apiAs, scheduleFreshMeeting } from './support/forms';
import { MeetingPage } from './support/meeting-page';

const meetingCopies = (page: Page) =>
	page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? '').filter((name) => name.startsWith('core-group-meeting-')));

test('online: changes typed offline reach the meeting before signing out, and the device keeps no copy', async ({ signedInAs, playwright, baseURL }) => {
	const meetingId = await scheduleFreshMeeting(playwright, baseURL);
	const page = await signedInAs('chair');
	const chair = await new MeetingPage(page).open(`/meetings/${meetingId}`);
	expect(await meetingCopies(page)).toEqual([`core-group-meeting-${meetingId}`]);

	await page.context().setOffline(true);
	await expect(chair.connection).toContainText('Offline');
	await chair.typeAtEnd('Concerns', 'Written on the shared tablet.');
	await page.context().setOffline(false);
	await page.getByRole('button', { name: 'Sign out' }).click();

	await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
	expect(await meetingCopies(page)).toEqual([]);
	const api = await apiAs(playwright, baseURL, 'chair');
	const record = (await (await api.get(`/api/meetings/${meetingId}`)).json()) as { plan: { concerns: string } };
	expect(record.plan.concerns).toBe('Written on the shared tablet.');
	await api.dispose();
});

test('offline: sign-out says what would be lost; staying keeps it, discarding removes it knowingly', async ({ signedInAs, playwright, baseURL }) => {
	const meetingId = await scheduleFreshMeeting(playwright, baseURL);
	const page = await signedInAs('chair');
	const chair = await new MeetingPage(page).open(`/meetings/${meetingId}`);
	const concerns = async () => {
		const api = await apiAs(playwright, baseURL, 'chair');
		const record = (await (await api.get(`/api/meetings/${meetingId}`)).json()) as { plan: { concerns: string } };
		await api.dispose();
		return record.plan.concerns;
	};

	await page.context().setOffline(true);
	await expect(chair.connection).toContainText('Offline');
	await chair.typeAtEnd('Concerns', 'Kept.');
	await chair.typeAtEnd('Contingency plan', 'Kept too.');
	await page.getByRole('button', { name: 'Sign out' }).click();
	const dialog = page.getByRole('alertdialog');
	await expect(dialog.getByRole('heading', { name: 'Changes to 2 parts of the plan or minutes have not reached the meeting' })).toBeFocused();
	await expect(dialog).toContainText('while it was offline');
	await page.screenshot({ path: 'tests/e2e/output/screenshots/sign-out-unsent.png' });

	// Staying keeps everything: once back online the changes reach the meeting.
	await dialog.getByRole('button', { name: 'Stay signed in' }).click();
	await expect(page.getByRole('button', { name: 'Sign out' })).toBeFocused();
	await expect(chair.field('Concerns')).toHaveValue('Kept.');
	await page.context().setOffline(false);
	await expect(chair.connection).toContainText('Connected');
	await expect.poll(concerns).toBe('Kept.');

	// Offline again: this time the person chooses to discard what they typed.
	await page.context().setOffline(true);
	await expect(chair.connection).toContainText('Offline');
	await chair.typeAtEnd('Concerns', ' Discarded.');
	await page.getByRole('button', { name: 'Sign out' }).click();
	await expect(page.getByRole('heading', { name: 'Changes to 1 part of the plan or minutes have not reached the meeting' })).toBeFocused();
	await page.context().setOffline(false);
	await page.getByRole('alertdialog').getByRole('button', { name: 'Sign out and discard them' }).click();
	await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
	expect(await meetingCopies(page)).toEqual([]);
	expect(await concerns()).toBe('Kept.');
});
