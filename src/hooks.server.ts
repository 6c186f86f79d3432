// Every request passes here: refuse cross-site writes, identify the person, add protective headers.
import { sequence } from '@sveltejs/kit/hooks';
import type { Handle, HandleServerError } from '@sveltejs/kit';
import { deleteSessionCookie, setSessionCookie } from '$lib/server/accounts/auth';
import { database } from '$lib/server/db';
import { ensureDemoData } from '$lib/server/demo';
import { ensureEvidenceWorker } from '$lib/server/evidence-worker';
import { ensureReminderScheduler } from '$lib/server/between/reminder-scheduler';
import { SESSION_COOKIE, validateSessionToken } from '$lib/server/accounts/session';
import { sendAForm, tooLarge } from '$lib/server/form-input';
import { readerLanguage } from '$lib/server/accounts/reader-language';
import { htmlLang, type Locale } from '$lib/i18n/locale';
import { m } from '$lib/paraglide/messages.js';
import { LANGUAGE_COOKIE, chooseLocale, inLocale } from '$lib/i18n/request-locale';

export async function init(): Promise<void> {
	const { db, kind } = await database();
	// A fresh laptop gets a working demo at once; a real PostgreSQL is never filled with demo data unasked.
	if (kind === 'pglite') await ensureDemoData(db);
	// E-mails left in the outbox and facts not yet mirrored by a stopped process are taken up now.
	ensureEvidenceWorker(db);
	// Reminders and contingency triggers between meetings (REMINDERS=off to leave them to other processes).
	ensureReminderScheduler(db);
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Refuse writes another site's page makes a browser send. Browsers say where a request came from in
 * Sec-Fetch-Site; older ones only in Origin. Scripted clients that send neither are not a CSRF vector.
 */
const refuseCrossSiteWrites: Handle = ({ event, resolve }) => {
	if (UNSAFE_METHODS.has(event.request.method)) {
		const fetchSite = event.request.headers.get('sec-fetch-site');
		const origin = event.request.headers.get('origin');
		const crossSite = fetchSite
			? fetchSite !== 'same-origin' && fetchSite !== 'none'
			: origin !== null && origin !== event.url.origin;
		if (crossSite) return new Response('Cross-site form submissions are refused.', { status: 403 });
	}
	return resolve(event);
};

/**
 * SvelteKit answers a form action in JSON unless the request asks for HTML, and a bare `Accept: *\/*`
 * counts as JSON. Only its own enhanced forms mark themselves (`x-sveltekit-action`); any other form post
 * — a browser without JavaScript, a script posting to /login — gets the HTML answer and its 303.
 */
const plainFormPostsGetHtml: Handle = ({ event, resolve }) => {
	const isFormPost = event.request.method === 'POST' && /form-urlencoded|multipart/.test(event.request.headers.get('content-type') ?? '');
	if (isFormPost && !event.request.headers.has('x-sveltekit-action')) event.request.headers.set('accept', 'text/html');
	return resolve(event);
};

const identify: Handle = async ({ event, resolve }) => {
	const { db } = await database();
	event.locals.db = db;
	event.locals.user = null;
	event.locals.session = null;
	const token = event.cookies.get(SESSION_COOKIE);
	if (token) {
		const { session, user } = await validateSessionToken(db, token);
		if (session) {
			setSessionCookie(event, token, session.expiresAt);
			event.locals.user = user;
			event.locals.session = session;
		} else {
			deleteSessionCookie(event.cookies, event.url);
		}
	}
	return resolve(event);
};

/**
 * Answer in the reader's language: `?lang=`, this device's choice, their own, else English (see request-locale).
 * The JSON API answers programs, in English whoever calls it.
 */
const chooseLanguage: Handle = async ({ event, resolve }) => {
	if (isApi(event.url.pathname)) {
		event.locals.locale = 'en';
		return inLocale('en', () => resolve(event));
	}
	const query = event.url.searchParams.get('lang');
	const cookie = event.cookies.get(LANGUAGE_COOKIE);
	const reader = !query && !cookie && event.locals.user ? await readerLanguage(event.locals.db, event.locals.user.id) : null;
	const locale = chooseLocale({ query, cookie, reader });
	event.locals.locale = locale;
	return inLocale(locale, () => resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', htmlLang(locale)) }));
};

const protectiveHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	response.headers.set('X-Content-Type-Options', 'nosniff');
	response.headers.set('X-Frame-Options', 'DENY');
	// One-time links carry their token in the path: never leak it to another site. (Not `no-referrer`:
	// that makes browsers send `Origin: null` on our own form posts.)
	response.headers.set('Referrer-Policy', 'same-origin');
	// Pages carry SvelteKit's policy (svelte.config.js); JSON and text run nothing and are framed nowhere. (A PDF is
	// left to the browser's own viewer, which a policy on the file itself can break.)
	const pdf = response.headers.get('content-type')?.startsWith('application/pdf');
	if (!pdf && !response.headers.has('Content-Security-Policy')) response.headers.set('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
	// Once a browser has seen us over https, it never comes back over plain http (a café's Wi-Fi cannot strip it).
	if (event.url.protocol === 'https:') response.headers.set('Strict-Transport-Security', 'max-age=63072000; includeSubDomains');
	if (event.locals.user || event.url.pathname.startsWith('/set-password') || event.url.pathname.startsWith('/forgot-password')) {
		// Case data must not linger in shared caches or the back button of a shared tablet.
		response.headers.set('Cache-Control', 'no-store');
	}
	return response;
};

const isApi = (pathname: string) => pathname === '/api' || pathname.startsWith('/api/');

export const handle = sequence(refuseCrossSiteWrites, plainFormPostsGetHtml, identify, chooseLanguage, protectiveHeaders);

/**
 * Unexpected errors: the person gets a reference to quote, the log gets the reference, the route and the
 * error's kind — never its message, which for a failed query would carry the values of the record.
 */
export const handleError: HandleServerError = ({ error, event, status }) => {
	// The error page is in the page's language (the JSON API's answers stay English).
	const locale: Locale = isApi(event.url.pathname) ? 'en' : (event.locals.locale ?? 'en');
	// An address that leads nowhere is not a fault to log.
	if (status === 404) return { message: m.answers_error_not_found({}, { locale }) };
	// SvelteKit's own refusals of a request as sent — JSON posted to a form action (415), a body past the size
	// limit (413), an address with a broken %-escape (400) — are for the sender to fix: say how, log nothing.
	if (status >= 400 && status < 500) return { message: requestRefusal(status, locale) };
	const reference = crypto.randomUUID().slice(0, 8);
	const kind = error instanceof Error ? error.name : typeof error;
	const code = (error as { code?: unknown; cause?: { code?: unknown } })?.cause?.code ?? (error as { code?: unknown })?.code;
	console.error(`[${reference}] ${status} on ${event.request.method} ${event.route.id ?? 'unknown route'}: ${kind}${code ? ` (${String(code)})` : ''}`);
	return { message: m.answers_error_ours({ reference }, { locale }) };
};

function requestRefusal(status: number, locale: Locale): string {
	if (status === 415) return sendAForm(locale);
	if (status === 413) return tooLarge(locale);
	if (status === 405) return m.answers_error_wrong_method({}, { locale });
	return m.answers_error_unreadable({}, { locale });
}
