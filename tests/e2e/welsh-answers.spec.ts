// What the server answers when it refuses something, in the reader's language: with ?lang=cy or the header's
// switcher cookie, a form posted empty, a field too long, a link that has expired, a step the person may not
// take and a request the address does not take are all answered in Welsh — on the page that shows them, or in
// the action's answer — while an English reader still gets the exact English words.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext } from '@playwright/test';
import { expect, test } from './support/accounts';
import { apiAs, meetingMembers, openFreshMeeting, postAction } from './support/forms';
import { expectWhollyIn } from './support/language';

const catalogue = (locale: string, area: string) =>
	JSON.parse(readFileSync(path.resolve(import.meta.dirname, `../../messages/${locale}/${area}.json`), 'utf8')) as Record<string, string>;
const messages = { en: { ...catalogue('en', 'pages'), ...catalogue('en', 'answers') }, cy: { ...catalogue('cy', 'pages'), ...catalogue('cy', 'answers') } };

/** A message of the catalogues, placeholders filled in. */
function say(locale: 'en' | 'cy', key: string, inputs: Record<string, string> = {}): string {
	const text = messages[locale][key];
	if (text === undefined) throw new Error(`no message ${key}`);
	return text.replace(/\{(\w+)\}/g, (_, name: string) => inputs[name]);
}

/** The header switcher's choice of Welsh, as its cookie. */
async function chooseWelsh(context: BrowserContext, baseURL: string | undefined): Promise<void> {
	await context.addCookies([{ name: 'lang', value: 'cy', url: baseURL! }]);
}

test('the sign-in page answers a field too long and a form posted empty in Welsh', async ({ browser, baseURL }) => {
	const context = await browser.newContext();
	await chooseWelsh(context, baseURL);
	const page = await context.newPage();
	await page.goto('/login', { waitUntil: 'networkidle' });
	const form = page.locator('form:has(input[type="password"])');

	// A well-formed address, past the field's length.
	await form.locator('input[name="email"]').fill(`${'x'.repeat(990)}@example.test`);
	await form.locator('input[name="password"]').fill('not the password');
	await form.locator('button[type="submit"]').click();
	const tooLong = say('cy', 'answers_field_too_long', { label: say('cy', 'answers_label_the_e_mail_address'), max: '1,000' });
	await expect(page.getByText(tooLong)).toBeVisible();
	await expectWhollyIn(page, 'cy');

	// An empty form posted by hand, as a page without its script would send it: the page that answers is Welsh.
	const empty = await page.request.post('/login', { form: {}, maxRedirects: 0 });
	expect(empty.status()).toBe(400);
	const html = await empty.text();
	expect(html).toContain('lang="cy"');
	expect(html).toContain(say('cy', 'pages_login_enter_both'));
	await context.close();
});

test('a set-password link that has expired is refused in Welsh, and in the same English as before', async ({ browser, baseURL, playwright }) => {
	const context = await browser.newContext();
	await chooseWelsh(context, baseURL);
	const page = await context.newPage();
	const form = { password: 'a long enough new password', confirm: 'a long enough new password' };
	const welsh = await postAction(page.request, '/set-password/no-such-link', form);
	expect(welsh).toMatchObject({ status: 400, data: { message: say('cy', 'answers_link_expired') } });

	const english = await playwright.request.newContext({ baseURL });
	const plain = await postAction(english, '/set-password/no-such-link', form);
	expect(plain).toMatchObject({ status: 400, data: { message: 'This link has expired or has already been used. Ask for a new one from the sign-in page.' } });
	await english.dispose();
	await context.close();
});

test('refusals in the meeting and in the core group answer the signed-in parent in Welsh', async ({ signedInAs, playwright, baseURL }) => {
	const meetingId = await openFreshMeeting(playwright, baseURL);
	const page = await signedInAs('parent');
	await chooseWelsh(page.context(), baseURL);
	const action = (name: string) => `/meetings/${meetingId}?/${name}`;

	// A form posted empty.
	expect(await postAction(page.request, action('disagree'), {})).toMatchObject({ status: 400, data: { message: say('cy', 'answers_disagree_about') } });
	// A field too long: the wrapper and the field's label both in Welsh.
	const long = await postAction(page.request, action('disagree'), { about: 'contingency', position: 'Na', reason: 'x'.repeat(20_001) });
	expect(long).toMatchObject({ status: 400, data: { message: say('cy', 'answers_field_too_long', { label: say('cy', 'answers_label_the_reason'), max: '20,000' }) } });
	// A step the parent may not take.
	expect(await postAction(page.request, action('attendance'), { member: meetingId, status: 'present' })).toMatchObject({
		status: 403,
		data: { message: say('cy', 'answers_attendance_who') }
	});
	expect(await postAction(page.request, action('sign'), { method: 'typed', typedName: 'Robin Testcase' })).toMatchObject({
		status: 400,
		data: { message: say('cy', 'answers_sign_no_version') }
	});
	const { planHash } = (await (await page.request.get(`/api/meetings/${meetingId}`)).json()) as { planHash: string };
	expect(await postAction(page.request, action('sign'), { method: 'drawn', signature: 'data:image/gif;base64,R0lGOD', planHash })).toMatchObject({
		status: 400,
		data: { message: say('cy', 'answers_picture_not_a_picture') }
	});
	expect(await postAction(page.request, action('pause-editing'), {})).toMatchObject({ status: 403, data: { message: say('cy', 'answers_pause_chair_only') } });

	// A lead social worker reading in Welsh may not remove the chair.
	const worker = await apiAs(playwright, baseURL, 'socialWorker');
	const chair = (await meetingMembers(worker, meetingId)).find((member) => member.role === 'chair')!;
	const [{ caseId }] = (await (await worker.get('/api/meetings')).json()) as { caseId: string }[];
	expect(await postAction(worker, `/cases/${caseId}/core-group?/remove&lang=cy`, { member: chair.id })).toMatchObject({
		status: 403,
		data: { message: say('cy', 'answers_remove_chair_refusal') }
	});

	// The same refusals to an English reader: the exact words as before.
	const english = await apiAs(playwright, baseURL, 'parent');
	expect(await postAction(english, action('disagree'), {})).toMatchObject({ data: { message: 'Say what the disagreement is about: a part of the plan.' } });
	expect(await postAction(english, action('disagree'), { about: 'contingency', position: 'No', reason: 'x'.repeat(20_001) })).toMatchObject({
		data: { message: 'The reason is too long: keep it under 20,000 characters.' }
	});
	expect(await postAction(worker, `/cases/${caseId}/core-group?/remove`, { member: chair.id })).toMatchObject({
		data: { message: 'Only an administrator can remove the chair.' }
	});
	for (const request of [worker, english]) await request.dispose();
});

test('the error page says in Welsh that an address does not take a request, and the JSON API stays English', async ({ signedInAs, baseURL }) => {
	const page = await signedInAs('parent');
	await chooseWelsh(page.context(), baseURL);
	// A form posted to a page that has no form: the error page, in the reader's language.
	const refused = await page.request.post('/', { form: { anything: 'at all' }, maxRedirects: 0 });
	expect(refused.status()).toBe(405);
	const html = await refused.text();
	expect(html).toContain('lang="cy"');
	expect(html).toContain(say('cy', 'answers_error_wrong_method'));

	// The JSON API answers programs: English whatever the reader's language.
	const api = await page.request.post('/api/actions/not-a-meeting/not-an-action/progress', { data: 'not json', headers: { 'content-type': 'application/json' } });
	expect(api.status()).toBeGreaterThanOrEqual(400);
	expect(await api.text()).not.toContain('Anfonwch');
});

test('the written-views page tells an observer in Welsh why it is not for them', async ({ signedInAs, playwright, baseURL }) => {
	const meetingId = await openFreshMeeting(playwright, baseURL);
	const page = await signedInAs('observer');
	await page.goto(`/meetings/${meetingId}/views`);
	await expect(page.getByText('Observers do not send written views: they are for members of the core group who cannot attend.')).toBeVisible();

	await chooseWelsh(page.context(), baseURL);
	await page.goto(`/meetings/${meetingId}/views`);
	await expect(page.getByText(say('cy', 'answers_views_observer'))).toBeVisible();
	await expectWhollyIn(page, 'cy');
});
