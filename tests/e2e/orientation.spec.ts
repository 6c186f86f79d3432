// Knowing where you stand in a long meeting page: the connection state stays in view wherever you are typing and
// is announced when it changes; a new item is announced by its own number; a "Saved" after each attendance mark
// is said, then goes.
import { expect, test } from './support/accounts';
import { axeViolations } from './support/axe';
import { scheduleFreshMeeting } from './support/forms';
import { MeetingPage } from './support/meeting-page';

test('the connection state stays in view far down the page and is announced when it changes', async ({ signedInAs, playwright, baseURL }) => {
	const url = `/meetings/${await scheduleFreshMeeting(playwright, baseURL)}`;
	const chairPage = await signedInAs('chair');
	// A tablet held upright.
	await chairPage.setViewportSize({ width: 768, height: 1024 });
	const chair = await new MeetingPage(chairPage).open(url);

	// Typing in the minutes, at the very end of a long page.
	const notes = chairPage.getByRole('textbox', { name: 'Discussion and decisions', exact: true });
	await notes.scrollIntoViewIfNeeded();
	await notes.click();
	await expect(chairPage.getByRole('heading', { name: 'The meeting', exact: true })).not.toBeInViewport();

	await chairPage.context().setOffline(true);
	// The bar is a live region (role status), in view while the person types down here.
	await expect(chair.connection).toContainText('Offline — changes kept on this device');
	await expect(chair.connection).toBeInViewport();
	await expect(chair.connection).toHaveAttribute('role', 'status');
	await chairPage.keyboard.type('Typed while offline.');
	await expect(chair.connection).toBeInViewport();
	expect(await axeViolations(chairPage)).toEqual([]);
	await chairPage.screenshot({ path: 'tests/e2e/output/screenshots/connection-offline-far-down.png' });

	await chairPage.context().setOffline(false);
	await expect(chair.connection).toContainText('Connected');
	await expect(chair.connection).toBeInViewport();
	await chairPage.screenshot({ path: 'tests/e2e/output/screenshots/connection-back-far-down.png' });
});

test('a new item is announced by the number it has, and a "Saved" after an attendance mark goes after a while', async ({ signedInAs, playwright, baseURL }) => {
	const url = `/meetings/${await scheduleFreshMeeting(playwright, baseURL)}`;
	const chairPage = await signedInAs('chair');
	await new MeetingPage(chairPage).open(url);
	const needs = chairPage.getByRole('region', { name: /^Need \d+$/ });
	const announcement = chairPage.getByRole('status').filter({ hasText: /added\.$/ });

	await chairPage.getByRole('button', { name: 'Add a need' }).click();
	await expect(needs).toHaveCount(1);
	await expect(announcement).toHaveText('Need 1 added.');
	await chairPage.keyboard.type('Safe sleep');
	await chairPage.getByRole('button', { name: 'Add a need' }).click();
	await expect(needs).toHaveCount(2);
	await expect(announcement).toHaveText('Need 2 added.');
	await expect(chairPage.getByRole('heading', { name: 'Need 2' })).toBeVisible();

	const attendance = chairPage.getByRole('region', { name: 'Attendance', exact: true });
	await attendance.getByRole('group', { name: /^Robin Testcase/ }).getByLabel('Present').check();
	const saved = attendance.getByText('Saved: Robin Testcase — present.');
	await expect(saved).toBeVisible();
	await chairPage.screenshot({ path: 'tests/e2e/output/screenshots/attendance-saved.png', fullPage: false });
	// Said, then gone: the boxes do not pile up as each member is marked.
	await expect(saved).toHaveCount(0, { timeout: 10_000 });
	await expect(attendance.getByRole('group', { name: /^Robin Testcase/ }).getByLabel('Present')).toBeChecked();
});
