import { fail } from '@sveltejs/kit';
import { requireAdmin } from '$lib/server/accounts/auth';
import { addClosureDay, loadPolicy, policyFields, removeClosureDay, savePolicy } from '$lib/server/policy';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const policy = await loadPolicy(event.locals.db);
	return { timescales: policy.timescales, closures: policy.closureNames, fields: policyFields.map((f) => ({ ...f })) };
};

const text = (form: FormData, name: string) => String(form.get(name) ?? '');

export const actions: Actions = {
	timescales: async (event) => {
		const user = requireAdmin(event);
		const form = await event.request.formData();
		const result = await savePolicy(event.locals.db, user, Object.fromEntries(policyFields.map((f) => [f.key, text(form, f.key)])));
		return result.ok ? { saved: 'timescales' } : fail(400, { message: result.message });
	},
	addClosure: async (event) => {
		const user = requireAdmin(event);
		const form = await event.request.formData();
		const result = await addClosureDay(event.locals.db, user, text(form, 'day'), text(form, 'name'));
		return result.ok ? { saved: 'closure' } : fail(400, { message: result.message });
	},
	removeClosure: async (event) => {
		const user = requireAdmin(event);
		const form = await event.request.formData();
		const result = await removeClosureDay(event.locals.db, user, text(form, 'day'));
		return result.ok ? { saved: 'closure' } : fail(400, { message: result.message });
	}
};
