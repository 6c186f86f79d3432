import { fail, redirect } from '@sveltejs/kit';
import { isIsoDate, isNation } from '$lib/core-group';
import { requireAdmin } from '$lib/server/accounts/auth';
import { createCase } from '$lib/server/cases';
import * as v from 'valibot';
import { formInput, text } from '$lib/server/form-input';
import type { Actions, PageServerLoad } from './$types';

const caseFields = v.object({
	reference: text('The case reference', 200),
	childName: text('The child’s name', 200),
	childDateOfBirth: text('The date of birth', 200),
	preferredLanguage: text('The preferred language', 200),
	nation: text('The nation', 200),
	icpcDate: text('The date of the ICPC', 200)
});

export const load: PageServerLoad = (event) => {
	requireAdmin(event);
	return {};
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireAdmin(event);
		const input = await formInput(event.request, caseFields);
		if (!input.ok) return fail(input.status, { values: undefined, message: input.message });
		const field = (name: keyof typeof input.value) => input.value[name].trim();
		const values = {
			reference: field('reference'),
			childName: field('childName'),
			childDateOfBirth: field('childDateOfBirth'),
			preferredLanguage: field('preferredLanguage') || 'English',
			nation: field('nation'),
			icpcDate: field('icpcDate')
		};
		const problem = !values.reference
			? 'Enter the case reference.'
			: !values.childName
				? 'Enter the child’s name.'
				: values.childDateOfBirth && !isIsoDate(values.childDateOfBirth)
					? 'Enter the date of birth as a date, or leave it empty.'
					: !isNation(values.nation)
						? 'Choose the nation whose bank holidays apply.'
						: !isIsoDate(values.icpcDate)
							? 'Enter the date of the Initial Child Protection Conference.'
							: null;
		if (problem || !isNation(values.nation)) return fail(400, { values, message: problem ?? 'Check the form.' });
		const created = await createCase(event.locals.db, user, {
			...values,
			nation: values.nation,
			childDateOfBirth: values.childDateOfBirth || null
		});
		redirect(303, `/cases/${created.id}/core-group`);
	}
};
