// The pages outside the meeting room in Welsh: asked for with ?lang=cy or chosen with the header's switcher,
// each says lang="cy", has no English fixed text left, and passes axe. Date boxes read a date typed day
// first, whatever the browser's language, and say clearly when one cannot be read.
import { expect, test, type DemoRole } from './support/accounts';
import { axeViolations } from './support/axe';
import { expectWhollyIn } from './support/language';
import type { Page } from '@playwright/test';

/** The demo case and its meeting, as the dashboard links them. */
async function demoCase(page: Page): Promise<{ caseId: string; meetingId: string }> {
	await page.goto('/');
	const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /Jamie Testcase/ }) });
	const caseHref = await card.getByRole('link', { name: /Jamie Testcase/ }).getAttribute('href');
	const caseId = caseHref!.split('/').pop()!;
	const meetings = (await (await page.request.get('/api/meetings')).json()) as { id: string; caseId: string }[];
	return { caseId, meetingId: meetings.find((meeting) => meeting.caseId === caseId)!.id };
}

async function expectWelshAndClean(page: Page): Promise<void> {
	// The demo administrator's name holds an English word; names stay as written.
	await expectWhollyIn(page, 'cy', ['Demo Administrator']);
	expect(await axeViolations(page)).toEqual([]);
}

test('with ?lang=cy the dashboard, a case, my actions and a meeting’s history are wholly in Welsh', async ({ signedInAs }) => {
	const page = await signedInAs('parent');
	const { caseId, meetingId } = await demoCase(page);

	await page.goto('/?lang=cy');
	await expect(page.getByRole('heading', { level: 1, name: 'Fy achosion' })).toBeVisible();
	await expectWelshAndClean(page);

	await page.goto(`/cases/${caseId}?lang=cy`);
	await expect(page.getByRole('heading', { name: 'Grŵp craidd', exact: true })).toBeVisible();
	await expectWelshAndClean(page);

	await page.goto('/my-actions?lang=cy');
	await expect(page.getByRole('heading', { level: 1, name: 'Fy nghamau gweithredu' })).toBeVisible();
	await expectWelshAndClean(page);

	await page.goto(`/meetings/${meetingId}/history?lang=cy`);
	await expect(page.getByRole('heading', { level: 1, name: 'Hanes y cyfarfod' })).toBeVisible();
	await expectWelshAndClean(page);
});

test('the header’s switcher keeps the pages in Welsh until English is chosen again', async ({ signedInAs }) => {
	const page = await signedInAs('parent');
	const { caseId, meetingId } = await demoCase(page);

	await page.getByRole('button', { name: 'Cymraeg' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Fy achosion' })).toBeVisible();
	await expectWelshAndClean(page);
	for (const path of [`/cases/${caseId}`, '/my-actions', `/meetings/${meetingId}/history`]) {
		await page.goto(path);
		await expectWelshAndClean(page);
	}

	// Back to English: the same words as before the switch.
	await page.getByRole('button', { name: 'English' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Hanes y cyfarfod' })).toHaveCount(0);
	await expect(page.getByRole('heading', { level: 1, name: 'History of the meeting' })).toBeVisible();
	await expect(page.locator('html')).toHaveAttribute('lang', 'en-GB');
});

test('signed out, the sign-in page is in Welsh by ?lang=cy and by the switcher', async ({ page }) => {
	await page.goto('/login?lang=cy');
	await expect(page.getByRole('heading', { level: 1, name: 'Mewngofnodi' })).toBeVisible();
	await expectWelshAndClean(page);

	await page.goto('/login');
	await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
	await page.getByRole('button', { name: 'Cymraeg' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Mewngofnodi' })).toBeVisible();
	await expectWelshAndClean(page);

	// A refused sign-in answers in Welsh too.
	await page.getByLabel('Cyfeiriad e-bost').fill('parent@demo.test');
	await page.getByLabel('Cyfrinair').fill('wrong password');
	await page.getByRole('button', { name: 'Mewngofnodi' }).click();
	await expect(page.getByRole('alert')).toContainText('Nid yw’r cyfeiriad e-bost a’r cyfrinair hwnnw’n cyfateb');
	await expectWhollyIn(page, 'cy');
});

test('signed out, the password and receipt pages are wholly in Welsh too', async ({ page }) => {
	for (const path of ['/forgot-password?lang=cy', '/set-password/not-a-real-link?lang=cy', '/receipts/not-a-real-link?lang=cy']) {
		await page.goto(path);
		await expectWelshAndClean(page);
	}
});

test('an administrator’s pages and the core group’s management are wholly in Welsh', async ({ signedInAs }) => {
	const page = await signedInAs('admin');
	const { caseId } = await demoCase(page);
	for (const path of ['/admin/policy?lang=cy', '/admin/cases/new?lang=cy', `/cases/${caseId}/core-group?lang=cy`, `/cases/${caseId}/meetings/new?lang=cy`]) {
		await page.goto(path);
		await expectWelshAndClean(page);
	}
});

async function scheduleWith(page: Page, caseId: string, date: string, query = ''): Promise<void> {
	await page.goto(`/cases/${caseId}/meetings/new${query}`, { waitUntil: 'networkidle' });
	await page.locator('#date').fill(date);
	await page.locator('#time').fill('10:00');
	await page.locator('#place').fill(`Typed-date room ${date}`);
	await page.locator('#main form button[type="submit"]').click();
}

test('a date box reads 18/12/2026 as the 18th of December and refuses 12/18/2026 clearly', async ({ signedInAs }) => {
	const lead: DemoRole = 'socialWorker';
	const page = await signedInAs(lead);
	const { caseId } = await demoCase(page);

	// The box is plain text with a visible example, not the browser's picker (whose order follows the browser).
	await page.goto(`/cases/${caseId}/meetings/new`);
	await expect(page.locator('#date')).toHaveAttribute('type', 'text');
	await expect(page.getByText('For example, 18/12/2026')).toBeVisible();
	expect(await axeViolations(page)).toEqual([]);

	await scheduleWith(page, caseId, '12/18/2026');
	await expect(page.getByRole('alert')).toHaveText('Enter the date of the meeting day first, like 18/12/2026.');
	// What was typed stays in the box to be corrected.
	await expect(page.locator('#date')).toHaveValue('12/18/2026');

	await scheduleWith(page, caseId, '12/18/2026', '?lang=cy');
	await expect(page.getByRole('alert')).toHaveText('Rhowch ddyddiad y cyfarfod gyda’r diwrnod yn gyntaf, fel 18/12/2026.');
	await expectWelshAndClean(page);

	await scheduleWith(page, caseId, '18/12/2026');
	await expect(page).toHaveURL(/\/meetings\/[0-9a-f-]{36}$/);
	await page.goto(`/cases/${caseId}`);
	await expect(page.getByRole('listitem').filter({ hasText: 'Typed-date room 18/12/2026' })).toContainText('Fri 18 Dec 2026, 10:00');
});
