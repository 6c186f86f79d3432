// Signing what you read, on a tablet: a parent in the hand-over dialog scrolls the whole plan, signs "I have
// read this plan and I do not agree" with a reason, and the chair sees it live (and that the parent is
// reading the plan meanwhile); then an edit makes the chair's own signature stale, the chair sees exactly
// what changed, and signs again. Screenshots in portrait, landscape and forced colours (dark).
import path from 'node:path';
import { devices, type Browser, type Page } from '@playwright/test';
import { expect, signIn, test } from './support/accounts';
import { apiAs, postAction, scheduleFreshMeeting } from './support/forms';
import { MeetingPage } from './support/meeting-page';
import { drawWithFinger, inkedPixels } from './support/touch';

const screenshots = path.join(import.meta.dirname, 'output');

/** A tablet held upright, 820 × 1180 CSS pixels, touch, pixel ratio 2. */
async function tabletPage(browser: Browser): Promise<Page> {
	const { defaultBrowserType: _, ...ipad } = devices['iPad (gen 7)'];
	const context = await browser.newContext({ ...ipad, viewport: { width: 820, height: 1180 } });
	return context.newPage();
}

test('a parent reads the whole plan on the tablet and signs that they do not agree; the chair sees it live, then sees what changed since signing and signs again', async ({
	browser,
	signedInAs,
	playwright,
	baseURL
}) => {
	test.setTimeout(90_000);
	const meetingId = await scheduleFreshMeeting(playwright, baseURL);
	const chairApi = await apiAs(playwright, baseURL, 'chair');
	expect((await postAction(chairApi, `/meetings/${meetingId}?/open`, {})).type).toBe('success');
	const url = `/meetings/${meetingId}`;
	const chair = await new MeetingPage(await signedInAs('chair')).open(url);
	const longConcerns = Array.from({ length: 12 }, (_, i) => `Point ${i + 1}: bruising was seen at nursery and the family was offered support.`).join('\n');
	await chair.typeAtEnd('Concerns', longConcerns);
	await chair.typeAtEnd('Contingency plan', 'If bruising is seen again, a strategy discussion is held the same day.');

	const tablet = await tabletPage(browser);
	try {
		await signIn(tablet, 'socialWorker');
		const worker = await new MeetingPage(tablet).open(url);
		await expect(worker.field('Contingency plan')).toHaveValue(/strategy discussion/);
		const panel = worker.region('Signing the plan');
		await panel.getByLabel('Who is signing?').selectOption({ label: 'Robin Testcase' });
		await panel.getByRole('button', { name: 'Hand the device over to sign' }).tap();

		const handOver = tablet.getByRole('dialog');
		await expect(handOver).toHaveAccessibleName('Signing as Robin Testcase — witnessed by Sam Caseworth');
		// Everyone sees who is reading the plan to sign.
		await expect(chair.region('Signing the plan').getByText('Robin Testcase is reading the plan to sign, on Sam Caseworth’s device.')).toBeVisible();
		await expect(handOver.getByText('not a contract')).toBeVisible();
		await tablet.screenshot({ path: path.join(screenshots, 'read-to-sign-portrait.png') });

		// The whole plan, every section in words, scrolled inside its own box to its end.
		const wholePlan = handOver.getByRole('region', { name: /^The whole plan, version / });
		await expect(wholePlan).toContainText('Point 12: bruising was seen at nursery');
		await expect(wholePlan).toContainText('If bruising is seen again, a strategy discussion is held the same day.');
		const end = wholePlan.getByText('End of the plan.');
		await expect(end).not.toBeInViewport();
		const box = (await wholePlan.boundingBox())!;
		await tablet.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
		await expect(async () => {
			await tablet.mouse.wheel(0, 600);
			await expect(end).toBeInViewport({ timeout: 200 });
		}).toPass();
		await tablet.screenshot({ path: path.join(screenshots, 'read-to-sign-scrolled-portrait.png') });

		await handOver.getByLabel('I have read this plan and I do not agree').check();
		await handOver.getByLabel('I do not agree because…').fill('Robin has not been told why the grandmother cannot help.');
		await handOver.getByLabel('Who explained the plan to Robin Testcase?').selectOption({ label: 'Sam Caseworth' });
		const canvas = handOver.locator('canvas');
		await canvas.scrollIntoViewIfNeeded();
		await drawWithFinger(tablet, canvas);
		expect(await inkedPixels(canvas)).toBeGreaterThan(100);
		await tablet.screenshot({ path: path.join(screenshots, 'hand-over-drawn-portrait.png') });

		// Turned on its side, and in forced colours on a dark scheme: the drawn signature is still seen.
		await tablet.setViewportSize({ width: 1180, height: 820 });
		await canvas.scrollIntoViewIfNeeded();
		await tablet.screenshot({ path: path.join(screenshots, 'hand-over-drawn-landscape.png') });
		await tablet.emulateMedia({ forcedColors: 'active', colorScheme: 'dark' });
		await canvas.scrollIntoViewIfNeeded();
		await tablet.screenshot({ path: path.join(screenshots, 'hand-over-drawn-forced-dark.png') });
		const ground = await canvas.evaluate((el) => getComputedStyle(el).backgroundColor);
		expect(ground).toBe('rgb(255, 255, 255)');
		await tablet.emulateMedia({ forcedColors: 'none', colorScheme: 'light' });

		// Meanwhile the chair changes the plan: the version Robin read is held still, and signing it is refused
		// (409, nothing stored); Robin is shown exactly what changed and signs the new version in one tap.
		await chair.typeAtEnd('Review points', 'Review at the next core group.');
		const changedNotice = handOver.getByRole('region', { name: 'The plan has changed since Robin Testcase started reading' });
		await expect(changedNotice).toBeVisible();
		await expect(changedNotice.locator('ins')).toContainText('Review at the next core group.');
		await handOver.getByRole('button', { name: 'Sign as Robin Testcase' }).tap();
		await expect(handOver.getByText(/Not done: The plan changed while you were reading it, so nothing was signed/)).toBeVisible();
		expect(((await (await chairApi.get(`/api/meetings/${meetingId}`)).json()) as { signatures: unknown[] }).signatures).toEqual([]);
		await changedNotice.scrollIntoViewIfNeeded();
		await tablet.screenshot({ path: path.join(screenshots, 'hand-over-plan-changed-landscape.png') });
		await changedNotice.getByRole('button', { name: /^Sign the new version [0-9A-F]{4} [0-9A-F]{4}$/ }).tap();
		await expect(handOver.getByRole('heading', { name: /^Signed — version [0-9A-F]{4} [0-9A-F]{4}\. Thank you, Robin Testcase$/ })).toBeVisible();
		await handOver.getByRole('button', { name: 'Done — back to the meeting' }).tap();
		await expect(handOver).toBeHidden();

		// The chair sees it live: signed, not agreeing, with the reason — and the disagreement about the whole plan.
		await expect(chair.signingLine('Robin Testcase')).toContainText('Has read the plan and does not agree: “Robin has not been told why the grandmother cannot help.”');
		await expect(chair.region('Signing the plan').getByText('is reading the plan to sign')).toHaveCount(0);
		await expect(chair.region('Disagreements')).toContainText('The whole plan');
		await expect(chair.region('Disagreements')).toContainText('Robin has not been told why the grandmother cannot help.');

		// The chair signs, by keyboard, agreeing.
		const signYourself = chair.region('Sign the plan yourself');
		await signYourself.getByRole('button', { name: 'Read the whole plan and sign' }).click();
		await signYourself.getByLabel('I agree to this plan').check();
		await signYourself.getByLabel('Type my full name').check();
		await signYourself.getByRole('textbox', { name: 'Full name' }).fill('Morgan Chairfield');
		await signYourself.getByRole('textbox', { name: 'Full name' }).press('Enter');
		const confirmation = chair.region('Signing the plan').getByRole('status').filter({ hasText: /Signed — version/ });
		await expect(confirmation).toBeFocused();
		await expect(chair.signingLine('Morgan Chairfield')).toContainText('Signed this version — typed name');

		// The social worker changes the plan: the chair's signature is now for an earlier version.
		await worker.typeAtEnd('Contingency plan', ' The grandmother will be asked to help.');
		await expect(chair.signingLine('Morgan Chairfield')).toContainText('Signed an earlier version — please sign again');
		const since = signYourself.getByRole('heading', { name: 'What changed since you signed' });
		await expect(since).toBeVisible();
		const changes = signYourself.locator('.plan-changes');
		await expect(changes.getByRole('heading', { name: 'Contingency plan' })).toBeVisible();
		await expect(changes.locator('ins')).toHaveCount(1);
		await expect(changes.locator('ins')).toContainText('The grandmother will be asked to help.');
		await expect(changes.getByRole('heading')).toHaveCount(1);
		await expect(confirmation).toBeVisible();
		await since.scrollIntoViewIfNeeded();
		await chair.page.screenshot({ path: path.join(screenshots, 'chair-what-changed.png') });

		// Who made the change, on the versions page.
		const who = await signYourself.getByRole('link', { name: 'Who made these changes, and when' }).getAttribute('href');
		const versions = await chair.page.context().newPage();
		await versions.goto(who!);
		await expect(versions.getByRole('heading', { name: 'Contingency plan' })).toBeVisible();
		await expect(versions.getByText(/^Changed by Sam Caseworth, at /)).toBeVisible();
		await versions.screenshot({ path: path.join(screenshots, 'versions-page.png'), fullPage: true });
		await versions.close();

		// And signs the new version.
		await confirmation.getByRole('button', { name: 'Dismiss' }).click();
		await expect(confirmation).toHaveCount(0);
		await signYourself.getByRole('button', { name: 'Read the whole plan and sign' }).click();
		await signYourself.getByLabel('I agree to this plan').check();
		await signYourself.getByLabel('Type my full name').check();
		await signYourself.getByRole('textbox', { name: 'Full name' }).fill('Morgan Chairfield');
		await signYourself.getByRole('button', { name: 'Sign the plan' }).click();
		await expect(chair.signingLine('Morgan Chairfield')).toContainText('Signed this version — typed name');
		// Dismissed by keyboard, the confirmation gives focus back inside the signing part: the button that opened
		// the form is gone now that this version is signed, so focus goes to the part's heading, not the page's top.
		await expect(confirmation).toBeFocused();
		await confirmation.getByRole('button', { name: 'Dismiss' }).press('Enter');
		await expect(signYourself.getByRole('heading', { name: 'Sign the plan yourself' })).toBeFocused();

		const record = (await (await chairApi.get(`/api/meetings/${meetingId}`)).json()) as {
			signatures: { member: string; agrees: boolean; reason: string | null; explainedBy: string | null; stale: boolean }[];
		};
		expect(record.signatures.filter((s) => s.agrees === false)).toHaveLength(1);
		expect(record.signatures.find((s) => s.agrees === false)).toMatchObject({ reason: 'Robin has not been told why the grandmother cannot help.', explainedBy: expect.any(String) });
	} finally {
		await tablet.context().close();
		await chairApi.dispose();
	}
});

test('the chair pauses editing for everyone while signatures are collected: the plan is read-only on every page until resumed', async ({ signedInAs, playwright, baseURL }) => {
	const meetingId = await scheduleFreshMeeting(playwright, baseURL);
	const chairApi = await apiAs(playwright, baseURL, 'chair');
	expect((await postAction(chairApi, `/meetings/${meetingId}?/open`, {})).type).toBe('success');
	const url = `/meetings/${meetingId}`;
	const chair = await new MeetingPage(await signedInAs('chair')).open(url);
	const school = await new MeetingPage(await signedInAs('school')).open(url);
	await expect(school.field('Concerns')).toBeEditable();

	await chair.region('The meeting').getByRole('button', { name: 'Pause editing while the plan is signed' }).click();
	await expect(school.page.getByText('Editing is paused while the plan is signed.')).toBeVisible();
	await expect(school.field('Concerns')).not.toBeEditable();
	await expect(chair.field('Concerns')).not.toBeEditable();

	await chair.region('The meeting').getByRole('button', { name: 'Resume editing' }).click();
	await expect(school.page.getByText('Editing is paused while the plan is signed.')).toHaveCount(0);
	await expect(school.field('Concerns')).toBeEditable();
	await chairApi.dispose();
});
