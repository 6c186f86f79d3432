// The language switcher: this device keeps the chosen language (a tablet passed to a parent who reads Welsh)
// until another is chosen. Works without JavaScript: a plain form post, then back to the page.
import { error, redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { localeOf } from '$lib/i18n/locale';
import { LANGUAGE_COOKIE } from '$lib/i18n/request-locale';

const A_YEAR = 60 * 60 * 24 * 365;

/** Only a path on this site: never send the reader elsewhere. */
function pathBack(value: FormDataEntryValue | null): string {
	const back = typeof value === 'string' ? value : '/';
	return back.startsWith('/') && !back.startsWith('//') && !back.startsWith('/\\') ? back : '/';
}

export const POST: RequestHandler = async ({ request, cookies, url }) => {
	const form = await request.formData().catch(() => error(400, 'Send the language as a form field named "to".'));
	const locale = localeOf(typeof form.get('to') === 'string' ? (form.get('to') as string) : null);
	if (!locale) error(400, 'Choose a language we offer: en or cy.');
	cookies.set(LANGUAGE_COOKIE, locale, { path: '/', maxAge: A_YEAR, sameSite: 'lax', httpOnly: true, secure: url.protocol === 'https:' });
	const back = new URL(pathBack(form.get('back')), url);
	back.searchParams.delete('lang');
	redirect(303, back.pathname + back.search);
};
