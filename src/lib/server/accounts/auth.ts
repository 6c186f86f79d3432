// SvelteKit's side of sessions: the cookie, and the guards that routes call first.
import { error, redirect, type Cookies, type RequestEvent } from '@sveltejs/kit';
import { SESSION_COOKIE } from './session';
import type { SessionUser } from './session';

export function setSessionCookie(event: Pick<RequestEvent, 'cookies' | 'url'>, token: string, expiresAt: Date): void {
	event.cookies.set(SESSION_COOKIE, token, {
		httpOnly: true,
		sameSite: 'lax',
		secure: event.url.protocol === 'https:',
		expires: expiresAt,
		path: '/'
	});
}

export function deleteSessionCookie(cookies: Cookies, url: URL): void {
	cookies.set(SESSION_COOKIE, '', {
		httpOnly: true,
		sameSite: 'lax',
		secure: url.protocol === 'https:',
		maxAge: 0,
		path: '/'
	});
}

/** For pages: the signed-in user, or a redirect to sign in that comes back here afterwards. */
export function requireUser(event: Pick<RequestEvent, 'locals' | 'url'>): SessionUser {
	const user = event.locals.user;
	if (!user) {
		const back = event.url.pathname + event.url.search;
		redirect(303, `/login?redirectTo=${encodeURIComponent(back)}`);
	}
	return user;
}

/** For administration pages: an administrator, or 404 for anyone else (they need not know it exists). */
export function requireAdmin(event: Pick<RequestEvent, 'locals' | 'url'>): SessionUser {
	const user = requireUser(event);
	if (!user.isAdmin) error(404, { message: 'Not found' });
	return user;
}

/** For the JSON API: the signed-in user, or 401. */
export function requireApiUser(event: Pick<RequestEvent, 'locals'>): SessionUser {
	if (!event.locals.user) error(401, { message: 'Sign in first: this needs a valid session cookie.' });
	return event.locals.user;
}

/** Only same-site paths may be redirected to after sign-in (no open redirect). */
export function safeRedirectTarget(value: string | null): string {
	if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
	return value;
}
