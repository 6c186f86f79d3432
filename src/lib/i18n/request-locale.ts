// Which language a request is answered in: `?lang=` for this page, else the language this device chose
// (the switcher's cookie), else the reader's own (the language on their core-group membership), else
// English. Kept per request, so two readers at once each get their own.
import { AsyncLocalStorage } from 'node:async_hooks';
import { answerLocaleFrom, baseLocale, localeOf, type Locale } from './locale';

export const LANGUAGE_COOKIE = 'lang';

const requestLocale = new AsyncLocalStorage<Locale>();
answerLocaleFrom(() => requestLocale.getStore());

/** Run `answer` with `getLocale()` giving `locale`. */
export function inLocale<T>(locale: Locale, answer: () => T): T {
	return requestLocale.run(locale, answer);
}

export function chooseLocale(sources: { query: string | null; cookie: string | undefined; reader: string | null }): Locale {
	return localeOf(sources.query) ?? localeOf(sources.cookie) ?? localeOf(sources.reader) ?? baseLocale;
}
