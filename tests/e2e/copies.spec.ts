// The copies for the family and the child as their readers see them: a meeting held and closed through the real
// pages, then the family's copy read by the parent on a phone held upright, in easy read, and in Welsh (with
// the child's copy and the professional record), each checked by axe-core and saved as a screenshot to look at.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { signIn, type DemoRole } from './support/accounts';
import { axeViolations } from './support/axe';
import { apiAs, openFreshMeeting, postAction } from './support/forms';
import { expectWhollyIn } from './support/language';
import { MeetingPage } from './support/meeting-page';

const PARENT_ACTION = 'Walk Jamie to school each morning.';
const CONTINGENCY = 'If attendance has not improved, the chair asks for an early review conference.';
const CHILD_WORDS = 'I like my teacher. I want to stay at this school.';
const SHOTS = 'tests/e2e/output/copies';

test.describe.configure({ mode: 'serial' });

let meetingId = '';

/** A page signed in as `role` on a phone held upright (390 × 844 CSS pixels). */
async function onPhone(browser: Browser, role: DemoRole): Promise<Page> {
	const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
	const page = await context.newPage();
	await signIn(page, role);
	return page;
}

test.beforeAll(async ({ browser, playwright, baseURL }) => {
	test.setTimeout(120_000);
	meetingId = await openFreshMeeting(playwright, baseURL);
	const context = await browser.newContext();
	const page = await context.newPage();
	await signIn(page, 'chair');
	const chair = await new MeetingPage(page).open(`/meetings/${meetingId}`);
	await chair.typeAtEnd('Concerns', 'Jamie has missed school and has arrived hungry.');
	await chair.typeAtEnd('Contingency plan', CONTINGENCY);
	await chair.typeAtEnd("The child's wishes and feelings", CHILD_WORDS);
	await chair.addAction(PARENT_ACTION);
	const owner = chair.actions.last().getByLabel('Who will do it');
	const parent = await owner.locator('option', { hasText: 'Robin Testcase' }).getAttribute('value');
	await owner.selectOption(parent!);
	const api = await apiAs(playwright, baseURL, 'chair');
	await expect
		.poll(async () => {
			const record = await (await api.get(`/api/meetings/${meetingId}`)).json();
			return [record.plan?.contingency, record.plan?.childViews, record.plan?.actions?.[0]?.owner].join('|');
		})
		.toBe([CONTINGENCY, CHILD_WORDS, parent].join('|'));
	expect((await postAction(api, `/meetings/${meetingId}?/close`, {})).type).toBe('success');
	await api.dispose();
	await context.close();
});

test('the family copy on a phone held upright: the parent’s action, the contingency, the right to complain, the next meeting', async ({ browser }) => {
	const page = await onPhone(browser, 'parent');
	await page.goto(`/meetings/${meetingId}/record/family?lang=en`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^The plan to keep .+ safe: your copy$/);
	const you = page.getByRole('region', { name: 'What you will do' });
	await expect(you).toContainText(`Robin Testcase will: ${PARENT_ACTION}`);
	await expect(page.getByRole('region', { name: 'If things do not change' })).toContainText(CONTINGENCY);
	await expect(page.getByRole('region', { name: 'If you are not happy' })).toContainText('You have the right to complain.');
	await expect(page.getByRole('region', { name: 'The next meeting' })).toContainText(/The next core group meeting (is on|will be by) \w{3} \d{1,2} \w{3} \d{4}\./);
	// Nothing wider than the phone: no sideways scrolling.
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
	expect(await axeViolations(page)).toEqual([]);
	await page.screenshot({ path: `${SHOTS}/family-phone.png`, fullPage: true });
	await page.context().close();
});

test('the easy-read family copy: large type, one idea a line, a picture beside each heading', async ({ browser }) => {
	const page = await onPhone(browser, 'parent');
	await page.goto(`/meetings/${meetingId}/record/family?lang=en&format=easy-read`);
	const headings = page.locator('article h2');
	const pictures = page.locator('article h2 svg[aria-hidden="true"]');
	await expect(pictures).toHaveCount(await headings.count());
	expect(Number.parseFloat(await page.locator('article.copy').evaluate((el) => getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(22);
	await expect(page.getByRole('region', { name: 'If things do not change' }).locator('p').last()).toHaveText(CONTINGENCY);
	await expect(page.locator('strong.key', { hasText: 'By:' }).first()).toBeVisible();
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
	expect(await axeViolations(page)).toEqual([]);
	await page.screenshot({ path: `${SHOTS}/family-easy-read-phone.png`, fullPage: true });
	// As the phone's screen shows it, part way down: big enough to judge the type and the pictures by eye.
	await page.getByRole('heading', { name: 'What you will do' }).scrollIntoViewIfNeeded();
	await page.screenshot({ path: `${SHOTS}/family-easy-read-phone-screen.png` });
	await page.context().close();
});

test('in Welsh: the family copy, the child’s copy and the record have lang="cy" and no English fixed text', async ({ browser }) => {
	const page = await onPhone(browser, 'parent');
	for (const [path, shot] of [
		['record/family?lang=cy', 'family-cy-phone'],
		['record/family?lang=cy&format=easy-read', 'family-easy-read-cy-phone'],
		['record/child?lang=cy', 'child-cy-phone'],
		['record?lang=cy', 'record-cy-phone']
	] as const) {
		await page.goto(`/meetings/${meetingId}/${path}`);
		await expectWhollyIn(page, 'cy');
		expect(await axeViolations(page), path).toEqual([]);
		await page.screenshot({ path: `${SHOTS}/${shot}.png`, fullPage: true });
		await page.screenshot({ path: `${SHOTS}/${shot}-screen.png` });
	}
	await page.goto(`/meetings/${meetingId}/record/family?lang=cy`);
	await expect(page.getByRole('region', { name: 'Os nad ydych chi’n hapus'.replace('’', "'") })).toContainText("Mae gennych chi'r hawl i gwyno.");
	await page.context().close();
});

test('the child’s copy opens with the child’s own words', async ({ browser }) => {
	const page = await onPhone(browser, 'socialWorker');
	await page.goto(`/meetings/${meetingId}/record/child?lang=en`);
	const first = page.locator('article section').first();
	await expect(first.getByRole('heading', { level: 2 })).toHaveText('What you told us');
	await expect(first.locator('p').first()).toHaveText('I like my teacher.');
	expect(await axeViolations(page)).toEqual([]);
	await page.screenshot({ path: `${SHOTS}/child-phone.png`, fullPage: true });
	await page.context().close();
});

test('the copies and their PDFs are for members only: anyone else is told there is no such page', async ({ playwright, baseURL }) => {
	const parent = await apiAs(playwright, baseURL, 'parent');
	for (const path of ['record/family.pdf', 'record/child.pdf', 'record/family.pdf?lang=cy&format=easy-read', 'record.pdf?lang=cy']) {
		const response = await parent.get(`/meetings/${meetingId}/${path}`);
		expect(response.status(), path).toBe(200);
		expect(response.headers()['content-type']).toBe('application/pdf');
		expect((await response.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
	}
	await parent.dispose();
	const outsider = await apiAs(playwright, baseURL, 'outsider');
	for (const path of ['record/family', 'record/child', 'record/family.pdf', 'record/child.pdf', 'record/family?format=easy-read&lang=cy']) {
		expect((await outsider.get(`/meetings/${meetingId}/${path}`)).status(), path).toBe(404);
	}
	await outsider.dispose();
});

test('an administrator sets the complaints contact the family’s copy gives', async ({ browser }) => {
	const context = await browser.newContext();
	const page = await context.newPage();
	await signIn(page, 'admin');
	await page.goto('/admin/policy');
	await page.getByLabel('The complaints contact').fill('Complaints Team, Anytown Council (demo). Phone 01632 960 321.');
	await page.getByRole('button', { name: 'Save the complaints contact' }).click();
	await expect(page.getByRole('status')).toHaveText('Saved.');
	await expect(page.getByLabel('The complaints contact')).toHaveValue('Complaints Team, Anytown Council (demo). Phone 01632 960 321.');
	expect(await axeViolations(page)).toEqual([]);
	await context.close();

	const parent = await onPhone(browser, 'parent');
	await parent.goto(`/meetings/${meetingId}/record/family?lang=en`);
	await expect(parent.getByRole('region', { name: 'If you are not happy' })).toContainText('To complain, contact: Complaints Team, Anytown Council (demo). Phone 01632 960 321.');
	await parent.context().close();
});
