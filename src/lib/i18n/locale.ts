// The page's language. Every fixed word on a page, in a copy of the record or in an e-mail comes from the
// message catalogues in `messages/<locale>/*.json` (compiled by Paraglide into `src/lib/paraglide`), so a new
// language is a translation, not code. Words typed in a meeting stay as they were written.
//
// A page asks `getLocale()`: on the server it answers the request's language (set in hooks.server.ts), in the
// browser the language the page was rendered in. Code with no request — an e-mail, a PDF made in a worker —
// passes the reader's locale to each message: `m.key(inputs, { locale })`.
import { baseLocale, getLocale, isLocale, locales, overwriteGetLocale, type Locale } from '../paraglide/runtime.js';

export { baseLocale, getLocale, locales, type Locale };

/** A language code as stored on a member ('en', 'cy', 'pl', …) or given as `?lang=`, as a locale we speak. */
export function localeOf(code: string | null | undefined): Locale | null {
	if (!code) return null;
	const primary = code.trim().toLowerCase().split(/[-_]/)[0];
	return isLocale(primary) ? primary : null;
}

/** The tag for `<html lang>`: British English, Welsh. */
export function htmlLang(locale: Locale): string {
	return locale === 'en' ? 'en-GB' : locale;
}

/** Answer `getLocale()` from a function: the server's per-request store, or the page's language in the browser. */
export function answerLocaleFrom(current: () => Locale | undefined): void {
	overwriteGetLocale(() => current() ?? baseLocale);
}
