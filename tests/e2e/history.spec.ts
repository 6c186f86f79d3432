// The history of a meeting: who changed which section, by person and minute, and the plan at each kept point.
import { expect, test } from './support/accounts';
import { axeViolations } from './support/axe';
import { openFreshMeeting } from './support/forms';
import { MeetingPage } from './support/meeting-page';

test('the history says who changed which section and shows the plan the meeting opened on', async ({ signedInAs, playwright, baseURL }) => {
	const meetingId = await openFreshMeeting(playwright, baseURL);
	const chairPage = await signedInAs('chair');
	const chair = await new MeetingPage(chairPage).open(`/meetings/${meetingId}`);
	await chair.typeAtEnd('Contingency plan', 'If visits are missed, an early review conference.');
	const worker = await new MeetingPage(await signedInAs('socialWorker')).open(`/meetings/${meetingId}`);
	await expect(worker.field('Contingency plan')).toHaveValue(/early review conference/);

	await chairPage.getByRole('link', { name: 'History of the meeting' }).click();
	await expect(chairPage.getByRole('heading', { level: 1, name: 'History of the meeting' })).toBeVisible();
	const edits = chairPage.getByRole('table', { name: /one person's editing within one minute/ });
	await expect(edits.getByRole('row').filter({ hasText: 'Morgan Chairfield' }).filter({ hasText: 'Contingency plan' })).not.toHaveCount(0);

	const points = chairPage.getByRole('region', { name: 'The plan at each kept point' });
	await expect(points.getByRole('listitem')).toHaveCount(1);
	await expect(points.getByRole('listitem').first()).toContainText('The meeting opened');
	await points.getByRole('link', { name: /show the plan at this point/ }).click();
	const shown = chairPage.getByRole('region', { name: /^The meeting opened/ });
	await expect(shown).toContainText('This is the first kept point of the plan.');
	// Opened before the chair typed: the contingency plan was not written yet.
	await expect(shown).not.toContainText('early review conference');
	expect(await axeViolations(chairPage)).toEqual([]);
	await chairPage.screenshot({ path: 'tests/e2e/output/screenshots/history.png', fullPage: true });
});
