import { fail, redirect } from '@sveltejs/kit';
import { isNation } from '$lib/core-group';
import { parseTypedDate } from '$lib/calendar/typed-dates';
import { m } from '$lib/paraglide/messages.js';
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
		// Dates typed day first ("18/12/2026") or in ISO: text boxes, not the browser's date picker.
		const childDateOfBirth = values.childDateOfBirth ? parseTypedDate(values.childDateOfBirth) : null;
		const icpcDate = parseTypedDate(values.icpcDate);
		const problem = !values.reference
			? m.pages_new_case_enter_reference()
			: !values.childName
				? m.pages_new_case_enter_name()
				: values.childDateOfBirth && !childDateOfBirth
					? m.pages_new_case_dob_unreadable()
					: !isNation(values.nation)
						? m.pages_new_case_choose_nation()
						: !icpcDate
							? values.icpcDate
								? m.pages_new_case_icpc_unreadable()
								: m.pages_new_case_enter_icpc()
							: null;
		if (problem || !isNation(values.nation) || !icpcDate) return fail(400, { values, message: problem ?? m.pages_check_form() });
		const created = await createCase(event.locals.db, user, {
			...values,
			icpcDate,
			nation: values.nation,
			childDateOfBirth
		});
		redirect(303, `/cases/${created.id}/core-group`);
	}
};
