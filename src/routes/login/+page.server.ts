import { fail, redirect } from '@sveltejs/kit';
import { safeRedirectTarget, setSessionCookie } from '$lib/server/accounts/auth';
import { SIGN_IN_FAILED_MESSAGE, signIn, throttledMessage } from '$lib/server/accounts/sign-in';
import * as v from 'valibot';
import { formInput, text } from '$lib/server/form-input';
import type { Actions, PageServerLoad } from './$types';

const signInFields = v.object({ email: text('The e-mail address', 1_000), password: text('The password', 1_000) });

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safeRedirectTarget(url.searchParams.get('redirectTo')));
	return {};
};

export const actions: Actions = {
	default: async (event) => {
		const input = await formInput(event.request, signInFields);
		if (!input.ok) return fail(input.status, { email: '', message: input.message });
		const { email, password } = input.value;
		if (!email.trim() || !password) return fail(400, { email, message: 'Enter your e-mail address and your password.' });
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
