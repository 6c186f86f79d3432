import { fail } from '@sveltejs/kit';
import { isEmail, normaliseEmail } from '$lib/server/accounts/email-address';
import { requestPasswordReset } from '$lib/server/accounts/password-reset';
import { m } from '$lib/paraglide/messages.js';
import { publicOrigin } from '$lib/server/accounts/send-mail';
import * as v from 'valibot';
import { formInput, text } from '$lib/server/form-input';
import type { Actions } from './$types';

const resetFields = v.object({ email: text('The e-mail address', 1_000) });

function throttled(seconds: number): string {
	const minutes = Math.max(1, Math.ceil(seconds / 60));
	return minutes === 1 ? m.pages_forgot_throttled_one() : m.pages_forgot_throttled_other({ minutes });
}

export const actions: Actions = {
	default: async (event) => {
		const input = await formInput(event.request, resetFields);
		if (!input.ok) return fail(input.status, { email: '', message: input.message });
		const email = normaliseEmail(input.value.email);
		if (!isEmail(email)) return fail(400, { email: '', message: m.pages_forgot_invalid_email() });
		const result = await requestPasswordReset(event.locals.db, {
			email,
			address: event.getClientAddress(),
			origin: publicOrigin(event.url.origin)
		});
		if (!result.ok) return fail(429, { email, message: throttled(result.retryAfterSeconds) });
		// Not awaited: an existing account's link is made and sent after the answer, so the answer takes as
		// long as for an unknown address. `delivery` never rejects.
		void result.delivery;
		return { email, sent: m.pages_forgot_sent() };
	}
};
