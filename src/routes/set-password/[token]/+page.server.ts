import { fail, redirect } from '@sveltejs/kit';
import { MIN_PASSWORD_LENGTH } from '$lib/server/accounts/password';
import { passwordLinkHolder, setPasswordWithLink } from '$lib/server/accounts/users';
import * as v from 'valibot';
import { formInput, text } from '$lib/server/form-input';
import { m } from '$lib/paraglide/messages.js';
import type { Actions, PageServerLoad } from './$types';

const passwordFields = v.object({ password: text('The new password', 1_000), confirm: text('The password typed again', 1_000) });

export const load: PageServerLoad = async ({ locals, params }) => {
	const holder = await passwordLinkHolder(locals.db, params.token);
	return { holder: holder && { name: holder.name, email: holder.email }, minLength: MIN_PASSWORD_LENGTH };
};

export const actions: Actions = {
	default: async ({ locals, params, request }) => {
		const input = await formInput(request, passwordFields);
		if (!input.ok) return fail(input.status, { message: input.message });
		const { password, confirm } = input.value;
		if (!password) return fail(400, { message: m.pages_setpw_enter_twice() });
		if (password !== confirm) return fail(400, { message: m.pages_setpw_different() });
		const result = await setPasswordWithLink(locals.db, params.token, password);
		if (!result.ok) return fail(400, { message: result.message });
		redirect(303, '/login?passwordSet=1');
	}
};
