import { fail, redirect } from '@sveltejs/kit';
import { safeRedirectTarget, setSessionCookie } from '$lib/server/accounts/auth';
import { signIn } from '$lib/server/accounts/sign-in';
import { m } from '$lib/paraglide/messages.js';
import * as v from 'valibot';
import { formInput, text } from '$lib/server/form-input';
import type { Actions, PageServerLoad } from './$types';

const signInFields = v.object({ email: text('The e-mail address', 1_000), password: text('The password', 1_000) });

/** In the page's language: the same words as `throttledMessage`, in whole minutes. */
function throttled(seconds: number): string {
	const minutes = Math.max(1, Math.ceil(seconds / 60));
	return minutes === 1 ? m.pages_login_throttled_one() : m.pages_login_throttled_other({ minutes });
}

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safeRedirectTarget(url.searchParams.get('redirectTo')));
	return {};
};

export const actions: Actions = {
	default: async (event) => {
		const input = await formInput(event.request, signInFields);
		if (!input.ok) return fail(input.status, { email: '', message: input.message });
		const { email, password } = input.value;
		if (!email.trim() || !password) return fail(400, { email, message: m.pages_login_enter_both() });
		if (email.length > 254 || password.length > 256) {
			return fail(400, { email: '', message: m.pages_login_failed() });
		}
		const result = await signIn(event.locals.db, { email, password, address: event.getClientAddress() });
		if (!result.ok) {
			if (result.reason === 'throttled') {
				return fail(429, { email, message: throttled(result.retryAfterSeconds) });
			}
			return fail(400, { email, message: m.pages_login_failed() });
		}
		setSessionCookie(event, result.token, result.session.expiresAt);
		redirect(303, safeRedirectTarget(event.url.searchParams.get('redirectTo')));
	}
};
