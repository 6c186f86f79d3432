// Signing the plan: a parent signs in person with a finger on the lead social worker's tablet and everyone
// sees it at once; the record binds each signature to the exact plan it agreed to; an edit makes earlier
// signatures stale; and nobody signs for someone else or for a meeting of a case they are not in.
import { createHash } from 'node:crypto';
import path from 'node:path';
import canonicalize from 'canonicalize';
import { imageSize } from 'image-size';
import { devices, type Browser, type Page } from '@playwright/test';
import { expect, signIn, test } from './support/accounts';
import { apiAs, memberId, postAction, scheduleFreshMeeting } from './support/forms';
import { MeetingPage } from './support/meeting-page';
import { drawWithFinger, inkedPixels } from './support/touch';

const screenshots = path.join(import.meta.dirname, 'output');
const planHashOf = (plan: unknown) => createHash('sha256').update(canonicalize(plan)!, 'utf8').digest('hex');

interface SignatureRecord {
	member: string;
	method: string;
	witness: string | null;
	planHash: string;
	image: string | null;
	typedName: string | null;
	stale: boolean;
	at: string;
}

/** An iPad held upright (810 × 1080 CSS pixels, touch, pixel ratio 2), in Chromium. */
async function tabletPage(browser: Browser): Promise<Page> {
	const { defaultBrowserType: _, ...ipad } = devices['iPad (gen 7)'];
	const context = await browser.newContext({ ...ipad, viewport: { width: 810, height: 1080 } });
	return context.newPage();
}

test('a parent signs with a finger on the social worker’s tablet; the chair sees it at once and the record holds the witness and the plan hash', async ({
	browser,
	signedInAs,
	playwright,
	baseURL
}) => {
	const meetingId = await scheduleFreshMeeting(playwright, baseURL);
	const chairApi = await apiAs(playwright, baseURL, 'chair');
	expect((await postAction(chairApi, `/meetings/${meetingId}?/open`, {})).type).toBe('success');
	const url = `/meetings/${meetingId}`;
	const chair = await new MeetingPage(await signedInAs('chair')).open(url);
	await chair.typeAtEnd('Concerns', 'Bruising seen at nursery twice in May.');
	await expect(chair.signingLine('Robin Testcase')).toContainText('Not signed yet');

	const tablet = await tabletPage(browser);
	try {
		await signIn(tablet, 'socialWorker');
		const worker = await new MeetingPage(tablet).open(url);
		await expect(worker.field('Concerns')).toHaveValue(/Bruising seen at nursery twice in May/);
		const panel = worker.region('Signing the plan');
		await panel.getByLabel('Who is signing?').selectOption({ label: 'Robin Testcase' });
		await panel.scrollIntoViewIfNeeded();
		await panel.screenshot({ path: path.join(screenshots, 'signing-panel-portrait.png') });
		await panel.getByRole('button', { name: 'Hand the device over to sign' }).tap();

		const handOver = tablet.getByRole('dialog');
		await expect(handOver).toHaveAccessibleName('Signing as Robin Testcase — witnessed by Sam Caseworth');
		const canvas = handOver.locator('canvas');
		await canvas.scrollIntoViewIfNeeded();
		await tablet.screenshot({ path: path.join(screenshots, 'hand-over-portrait.png') });

		// Turned to landscape: the box is re-sized for the new width at the screen's pixel density.
		await tablet.setViewportSize({ width: 1080, height: 810 });
		await expect(async () => {
			const size = await canvas.evaluate((el: HTMLCanvasElement) => ({ css: el.getBoundingClientRect(), width: el.width, ratio: devicePixelRatio }));
			expect(size.width).toBe(Math.round(size.css.width * size.ratio));
			expect(size.css.right).toBeLessThanOrEqual(1080);
		}).toPass();
		await canvas.scrollIntoViewIfNeeded();
		await tablet.screenshot({ path: path.join(screenshots, 'hand-over-landscape.png') });

		await handOver.getByLabel('I agree to this plan').check();
		await canvas.scrollIntoViewIfNeeded();
		await drawWithFinger(tablet, canvas);
		expect(await inkedPixels(canvas)).toBeGreaterThan(100);
		await tablet.screenshot({ path: path.join(screenshots, 'hand-over-signed-landscape.png') });
		await handOver.getByRole('button', { name: 'Sign as Robin Testcase' }).tap();
		await expect(handOver.getByRole('heading', { name: 'Thank you, Robin Testcase' })).toBeVisible();
		await handOver.getByRole('button', { name: 'Done — back to the meeting' }).tap();
		await expect(handOver).toBeHidden();

		await expect(chair.signingLine('Robin Testcase')).toContainText('Signed this version — signed in person, witnessed by Sam Caseworth');
		await panel.scrollIntoViewIfNeeded();
		await panel.screenshot({ path: path.join(screenshots, 'signing-panel-landscape.png') });

		const record = (await (await chairApi.get(`/api/meetings/${meetingId}`)).json()) as { plan: unknown; planHash: string; signatures: SignatureRecord[] };
		const parentId = await memberId(chairApi, meetingId, 'Robin Testcase');
		const workerId = await memberId(chairApi, meetingId, 'Sam Caseworth');
		expect(record.signatures).toHaveLength(1);
		const [signature] = record.signatures;
		expect(signature).toMatchObject({ member: parentId, witness: workerId, method: 'witnessed', stale: false });
		expect(signature.planHash).toBe(planHashOf(record.plan));
		expect(signature.planHash).toBe(record.planHash);
		// The strokes drawn with the finger, sent as SVG, kept as a PNG the server drew: within the picture limits.
		expect(signature.image).toMatch(/^data:image\/png;base64,/);
		const picture = imageSize(Buffer.from(signature.image!.split(',')[1], 'base64'));
		expect(picture.type).toBe('png');
		expect(picture.width).toBeGreaterThan(100);
		expect(picture.width).toBeLessThanOrEqual(2000);
		expect(picture.height).toBeLessThanOrEqual(1000);
	} finally {
		await tablet.context().close();
		await chairApi.dispose();
	}
});

test('an edit after signing makes the signature stale in the page and in the record; signing again makes it count', async ({ signedInAs, playwright, baseURL }) => {
	const meetingId = await scheduleFreshMeeting(playwright, baseURL);
	const chairApi = await apiAs(playwright, baseURL, 'chair');
	expect((await postAction(chairApi, `/meetings/${meetingId}?/open`, {})).type).toBe('success');
	const url = `/meetings/${meetingId}`;
	const parent = await new MeetingPage(await signedInAs('parent')).open(url);
	const chair = await new MeetingPage(await signedInAs('chair')).open(url);
	const signYourself = parent.region('Sign the plan yourself');

	await signYourself.getByRole('button', { name: 'Read the whole plan and sign' }).click();
	await signYourself.getByLabel('I agree to this plan').check();
	await signYourself.getByLabel('Type my full name').check();
	await signYourself.getByRole('textbox', { name: 'Full name' }).fill('Robin Testcase');
	await signYourself.getByRole('button', { name: 'Sign the plan' }).click();
	await expect(parent.signingLine('Robin Testcase')).toContainText('Signed this version — typed name');
	await expect(chair.signingLine('Robin Testcase')).toContainText('Signed this version');

	await chair.typeAtEnd('Contingency plan', 'If bruising is seen again, a strategy discussion is held the same day.');
	await expect(parent.signingLine('Robin Testcase')).toContainText('Signed an earlier version — please sign again');
	await expect(chair.signingLine('Robin Testcase')).toContainText('Signed an earlier version — please sign again');
	await expect(signYourself.getByText('The plan has changed since you signed it')).toBeVisible();
	const stale = (await (await chairApi.get(`/api/meetings/${meetingId}`)).json()) as { signatures: SignatureRecord[] };
	expect(stale.signatures.map((s) => s.stale)).toEqual([true]);

	// Again, drawn with the mouse this time.
	await signYourself.getByRole('button', { name: 'Read the whole plan and sign' }).click();
	await signYourself.getByLabel('I agree to this plan').check();
	const canvas = signYourself.locator('canvas');
	await canvas.scrollIntoViewIfNeeded();
	const box = (await canvas.boundingBox())!;
	await parent.page.mouse.move(box.x + 40, box.y + box.height / 2);
	await parent.page.mouse.down();
	for (let i = 1; i <= 12; i++) await parent.page.mouse.move(box.x + 40 + i * 25, box.y + box.height / 2 + (i % 2 ? -20 : 20));
	await parent.page.mouse.up();
	await signYourself.getByRole('button', { name: 'Sign the plan' }).click();
	await expect(parent.region('Signing the plan').getByRole('status').filter({ hasText: /Signed — version [0-9A-F]{4} [0-9A-F]{4}\./ })).toBeFocused();
	await expect(signYourself.getByText('You have signed this version of the plan.')).toBeVisible();
	await expect(parent.signingLine('Robin Testcase')).toContainText('Signed this version — drawn signature');
	await expect(chair.signingLine('Robin Testcase')).toContainText('Signed this version');

	const record = (await (await chairApi.get(`/api/meetings/${meetingId}`)).json()) as { plan: unknown; signatures: SignatureRecord[] };
	const latest = record.signatures.toSorted((a, b) => a.at.localeCompare(b.at)).at(-1)!;
	expect(record.signatures).toHaveLength(2);
	expect(latest).toMatchObject({ method: 'drawn', stale: false, planHash: planHashOf(record.plan) });
	await chairApi.dispose();
});

test('a parent cannot sign for another member (403), and an outsider cannot sign at all (404)', async ({ playwright, baseURL }) => {
	const meetingId = await scheduleFreshMeeting(playwright, baseURL);
	const chairApi = await apiAs(playwright, baseURL, 'chair');
	expect((await postAction(chairApi, `/meetings/${meetingId}?/open`, {})).type).toBe('success');
	const chairId = await memberId(chairApi, meetingId, 'Morgan Chairfield');

	const { planHash } = (await (await chairApi.get(`/api/meetings/${meetingId}`)).json()) as { planHash: string };
	const parent = await apiAs(playwright, baseURL, 'parent');
	const forChair = await postAction(parent, `/meetings/${meetingId}?/sign`, { method: 'typed', typedName: 'Morgan Chairfield', member: chairId, planHash });
	expect(forChair).toMatchObject({ type: 'failure', status: 403, data: { message: expect.stringMatching(/only for yourself/) } });

	const outsider = await apiAs(playwright, baseURL, 'outsider');
	const fromOutside = await postAction(outsider, `/meetings/${meetingId}?/sign`, { method: 'typed', typedName: 'Pat Elsewhere', planHash });
	expect(fromOutside.status).toBe(404);

	const record = (await (await chairApi.get(`/api/meetings/${meetingId}`)).json()) as { signatures: unknown[] };
	expect(record.signatures).toEqual([]);
	for (const request of [chairApi, parent, outsider]) await request.dispose();
});
