// The pages a core-group member finds after signing in: their cases, a case, a meeting.
import { expect, test } from './support/accounts';
import { axeViolations } from './support/axe';

test('the chair sees the demo case with its next meeting and what is due', async ({ signedInAs }) => {
	const page = await signedInAs('chair');
	const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /Jamie Testcase/ }) });
	await expect(card).toBeVisible();
	await expect(card.getByText(/Next meeting:/)).toBeVisible();
	// The first meeting, or the next one once another test has held one.
	await expect(card.getByText(/(First|Next) core group meeting/)).toBeVisible();
	// Only cases the chair belongs to.
	await expect(page.getByRole('heading', { name: /Casey Samplecase/ })).toHaveCount(0);

	await card.getByRole('link', { name: /Jamie Testcase/ }).click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Jamie Testcase');
	// In the core group's table (once a meeting has been held, the attendance table names members too).
	await expect(page.getByRole('table', { name: 'Members of the core group' }).getByText('Robin Testcase')).toBeVisible();
	await expect(page.getByText('Health Visiting Team (demo)').first()).toBeVisible();
});

test('a page that needs a session sends you to sign in and back', async ({ page }) => {
	await page.goto('/');
	await expect(page).toHaveURL(/\/login/);
	await page.getByLabel('E-mail address').fill('parent@demo.test');
	await page.getByLabel('Password').fill('wrong password');
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('alert')).toContainText('do not match');
});

test('the lead social worker schedules a meeting and it appears on the case', async ({ signedInAs }) => {
	const page = await signedInAs('socialWorker');
	await page.getByRole('link', { name: /Jamie Testcase/ }).click();
	await page.getByRole('link', { name: /Schedule a meeting/i }).click();
	await page.getByLabel(/Date/i).first().fill('2027-01-12');
	await page.getByLabel(/Time/i).first().fill('14:30');
	await page.getByLabel(/Place/i).fill('Demo meeting room B');
	await page.getByRole('button', { name: /Schedule/i }).click();
	await expect(page.getByText('Demo meeting room B')).toBeVisible();
});

test('a phone held upright shows the core group without widening the page; a wide table scrolls in its own region', async ({ signedInAs }) => {
	const page = await signedInAs('socialWorker');
	await page.setViewportSize({ width: 360, height: 740 });
	const caseUrl = await page.getByRole('link', { name: /Jamie Testcase/ }).getAttribute('href');
	for (const url of [caseUrl!, `${caseUrl}/core-group`]) {
		await page.goto(url);
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		// Nothing reaches past the screen's edge: no sideways scrolling of the whole page.
		const { page: pageWidth, screen } = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, screen: window.innerWidth }));
		expect(pageWidth, url).toBeLessThanOrEqual(screen);
		expect(await axeViolations(page), url).toEqual([]);
	}
	// The role can still be changed from the keyboard, on the phone.
	const role = page.getByLabel('Role of Jo Lessonby');
	await role.focus();
	await expect(role).toBeInViewport();
	await page.screenshot({ path: 'tests/e2e/output/screenshots/core-group-phone.png', fullPage: true });
});
