import { fail, redirect } from '@sveltejs/kit';
import { safeRedirectTarget, setSessionCookie } from '$lib/server/accounts/auth';
import { SIGN_IN_FAILED_MESSAGE, signIn, throttledMessage } from '$lib/server/accounts/sign-in';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safeRedirectTarget(url.searchParams.get('redirectTo')));
	return {};
};

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const email = form.get('email');
		const password = form.get('password');
		if (typeof email !== 'string' || typeof password !== 'string' || !email.trim() || !password) {
			return fail(400, { email: typeof email === 'string' ? email : '', message: 'Enter your e-mail address and your password.' });
		}
		if (email.length > 254 || password.length > 256) {
			return fail(400, { email: '', message: SIGN_IN_FAILED_MESSAGE });
		}
		const result = await signIn(event.locals.db, { email, password, address: event.getClientAddress() });
		if (!result.ok) {
			if (result.reason === 'throttled') {
				return fail(429, { email, message: throttledMessage(result.retryAfterSeconds) });
			}
			return fail(400, { email, message: SIGN_IN_FAILED_MESSAGE });
		}
		setSessionCookie(event, result.token, result.session.expiresAt);
		redirect(303, safeRedirectTarget(event.url.searchParams.get('redirectTo')));
	}
};
