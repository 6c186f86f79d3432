// The live meeting in Welsh: the chair asks for it with `?lang=cy`, a parent with the header's switcher. Every
// fixed word on the page, the signing panel and the signing form comes from the Welsh catalogue, axe finds
// nothing, and a date typed day first into the plan reaches another client as the date meant — while the
// American order is refused in words, not stored as another day.
import path from 'node:path';
import { type Page } from '@playwright/test';
import { expect, test } from './support/accounts';
import { axeViolations } from './support/axe';
import { apiAs, openFreshMeeting } from './support/forms';
import { expectWhollyIn } from './support/language';

const screenshots = path.join(import.meta.dirname, 'output');

/** The meeting page in Welsh, once the plan is live (its words as the Welsh catalogue says them). */
async function openInWelsh(page: Page, url: string): Promise<void> {
	await page.goto(url);
	await expectLiveInWelsh(page);
}

async function expectLiveInWelsh(page: Page): Promise<void> {
	await expect(page.getByRole('textbox', { name: 'Pryderon', exact: true })).toBeVisible();
	await expect(page.getByRole('status').filter({ hasText: 'Wedi cysylltu' })).toBeVisible();
}

test('the chair with ?lang=cy and a parent through the switcher see the meeting and the signing panel wholly in Welsh; axe finds nothing', async ({
	signedInAs,
	playwright,
	baseURL
}) => {
	const meetingId = await openFreshMeeting(playwright, baseURL);
	const url = `/meetings/${meetingId}`;

	const chair = await signedInAs('chair');
	await openInWelsh(chair, `${url}?lang=cy`);
	await expect(chair.getByRole('heading', { level: 1 })).toHaveText('Cyfarfod y grŵp craidd');
	const signing = chair.getByRole('region', { name: "Llofnodi'r cynllun", exact: true });
	await expect(signing).toContainText('Heb lofnodi eto');
	await expectWhollyIn(chair, 'cy');
	expect(await axeViolations(chair)).toEqual([]);

	// The form a professional signs with: the whole plan, what signing means, the ways to sign.
	await signing.getByRole('button', { name: "Darllen y cynllun cyfan a llofnodi" }).click();
	await expect(signing.getByRole('group', { name: "Sut byddwch chi'n llofnodi?" })).toBeVisible();
	await expectWhollyIn(chair, 'cy');
	expect(await axeViolations(chair)).toEqual([]);

	// The parent's account says English; the switcher in the header turns the page into Welsh.
	const parent = await signedInAs('parent');
	await parent.goto(url);
	await expect(parent.getByRole('textbox', { name: 'Concerns', exact: true })).toBeVisible();
	await parent.getByRole('button', { name: 'Cymraeg' }).click();
	await expectLiveInWelsh(parent);
	await expect(parent.locator('html')).toHaveAttribute('lang', 'cy');
	const parentSigning = parent.getByRole('region', { name: "Llofnodi'r cynllun", exact: true });
	await parentSigning.getByRole('button', { name: 'Darllen y cynllun cyfan a llofnodi' }).click();
	// What signing means, in the words written for a family.
	await expect(parentSigning.getByRole('region', { name: "Beth mae llofnodi'n ei olygu" })).toContainText('yn gontract');
	await expectWhollyIn(parent, 'cy');
	expect(await axeViolations(parent)).toEqual([]);
});

test('a due date typed "18/12/2026" on a Welsh page reaches another client as 2026-12-18; "12/18/2026" is refused in words', async ({
	signedInAs,
	playwright,
	baseURL
}) => {
	const meetingId = await openFreshMeeting(playwright, baseURL);
	const url = `/meetings/${meetingId}?lang=cy`;
	const chair = await signedInAs('chair');
	const worker = await signedInAs('socialWorker');
	await openInWelsh(chair, url);
	await openInWelsh(worker, url);

	await chair.getByRole('button', { name: 'Ychwanegu cam gweithredu' }).click();
	await expect(chair.getByLabel('Beth fydd yn cael ei wneud')).toBeFocused();
	await chair.keyboard.type('Trefnu archwiliad deintyddol');
	const action = (page: Page) => page.getByRole('region', { name: /^Cam gweithredu \d+$/ }).last();
	const due = action(chair).getByRole('textbox', { name: 'Dyddiad dyledus' });
	await expect(action(chair).getByText('Er enghraifft, 18/12/2026')).toBeVisible();

	// Month first cannot be read day first: it is refused beside the box, and nothing is stored.
	await due.fill('12/18/2026');
	await due.press('Tab');
	await expect(action(chair).getByText('Nid yw “12/18/2026” yn ddyddiad y gallwn ei ddarllen')).toBeVisible();
	await expect(due).toHaveAttribute('aria-invalid', 'true');
	await expect(action(worker).getByText('Ar goll: dyddiad dyledus.')).toBeVisible();

	await due.fill('');
	await due.pressSequentially('18/12/2026', { delay: 20 });
	await due.press('Tab');
	await expect(action(chair).getByText('Nid yw “12/18/2026” yn ddyddiad')).toHaveCount(0);
	await expect(action(worker).getByRole('textbox', { name: 'Dyddiad dyledus' })).toHaveValue('18/12/2026');
	await expect(action(worker).getByText('Ar goll: dyddiad dyledus.')).toHaveCount(0);

	// The document holds the ISO date, whatever the page's language.
	const api = await apiAs(playwright, baseURL, 'chair');
	await expect
		.poll(async () => {
			const record = (await (await api.get(`/api/meetings/${meetingId}`)).json()) as { plan: { actions: { what: string; due: string | null }[] } };
			return record.plan.actions.find((a) => a.what === 'Trefnu archwiliad deintyddol')?.due ?? null;
		})
		.toBe('2026-12-18');
	await api.dispose();
});

test('the Welsh meeting page fits a tablet held upright (768 × 1024): nothing wider than the screen', async ({ browser, playwright, baseURL }) => {
	const meetingId = await openFreshMeeting(playwright, baseURL);
	const context = await browser.newContext({ viewport: { width: 768, height: 1024 } });
	try {
		const page = await context.newPage();
		await page.goto('/login', { waitUntil: 'networkidle' });
		await page.getByLabel('E-mail address').fill('chair@demo.test');
		await page.getByLabel('Password').fill('demo-password');
		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect(page.getByRole('heading', { name: 'My cases' })).toBeVisible();
		await openInWelsh(page, `/meetings/${meetingId}?lang=cy`);
		await page.getByRole('button', { name: 'Ychwanegu cam gweithredu' }).click();
		await page.getByRole('button', { name: "Darllen y cynllun cyfan a llofnodi" }).click();
		await page.screenshot({ path: path.join(screenshots, 'welsh-meeting-tablet-portrait.png'), fullPage: true });
		// The page does not scroll sideways, and no element reaches past the right edge of the screen.
		const overflow = await page.evaluate(() => {
			const width = document.documentElement.clientWidth;
			const wide = [...document.querySelectorAll('body *')]
				.filter((el) => {
					const box = el.getBoundingClientRect();
					return box.width > 0 && box.right > width + 1 && getComputedStyle(el).position !== 'fixed';
				})
				.map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${[...el.classList].join('.')}: ${(el.textContent ?? '').trim().slice(0, 40)}`);
			return { scrollWidth: document.documentElement.scrollWidth, width, wide };
		});
		expect(overflow.wide).toEqual([]);
		expect(overflow.scrollWidth).toBeLessThanOrEqual(overflow.width);
	} finally {
		await context.close();
	}
});
