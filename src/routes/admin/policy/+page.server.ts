import { fail } from '@sveltejs/kit';
import { requireAdmin } from '$lib/server/accounts/auth';
import { addClosureDay, loadPolicy, policyFields, removeClosureDay, saveComplaintsContact, saveConferenceChairEmail, savePolicy } from '$lib/server/policy';
import * as v from 'valibot';
import { formInput, text } from '$lib/server/form-input';
import { parseTypedDate } from '$lib/calendar/typed-dates';
import { m } from '$lib/paraglide/messages.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const policy = await loadPolicy(event.locals.db);
	return { timescales: policy.timescales, conferenceChairEmail: policy.conferenceChairEmail, complaintsContact: policy.complaintsContact, closures: policy.closureNames, fields: policyFields.map((f) => ({ ...f })) };
};

const timescaleFields = v.object(Object.fromEntries(policyFields.map((f) => [f.key, text(f.label, 20)])));
const conferenceChairFields = v.object({ conferenceChairEmail: text('The conference chair’s e-mail address', 254) });
const complaintsFields = v.object({ complaintsContact: text('The complaints contact', 500) });
const closureFields = v.object({ day: text('The closure date', 20), name: text('What the closure is', 100) });

export const actions: Actions = {
	timescales: async (event) => {
		const user = requireAdmin(event);
		const input = await formInput(event.request, timescaleFields);
		if (!input.ok) return fail(input.status, { message: input.message });
		const result = await savePolicy(event.locals.db, user, input.value);
		return result.ok ? { saved: 'timescales' } : fail(400, { message: result.message });
	},
	/** The authority's conference-chair contact: every escalation is copied to it. */
	conferenceChair: async (event) => {
		const user = requireAdmin(event);
		const input = await formInput(event.request, conferenceChairFields);
		if (!input.ok) return fail(input.status, { message: input.message });
		const result = await saveConferenceChairEmail(event.locals.db, user, input.value.conferenceChairEmail);
		return result.ok ? { saved: 'conferenceChair' } : fail(400, { message: result.message });
	},
	/** Where a family complains: the family's copy of every plan gives it. */
	complaintsContact: async (event) => {
		const user = requireAdmin(event);
		const input = await formInput(event.request, complaintsFields);
		if (!input.ok) return fail(input.status, { message: input.message });
		const result = await saveComplaintsContact(event.locals.db, user, input.value.complaintsContact);
		return result.ok ? { saved: 'complaintsContact' } : fail(400, { message: m.policy_complaints_missing() });
	},
	addClosure: async (event) => {
		const user = requireAdmin(event);
		const input = await formInput(event.request, closureFields);
		if (!input.ok) return fail(input.status, { message: input.message });
		// Typed day first ("24/12/2026") or ISO; the page's text box is not the browser's date picker.
		const day = parseTypedDate(input.value.day);
		if (!day) return fail(400, { message: input.value.day.trim() ? m.pages_policy_closure_unreadable() : m.pages_policy_enter_closure_date() });
		const result = await addClosureDay(event.locals.db, user, day, input.value.name);
		return result.ok ? { saved: 'closure' } : fail(400, { message: result.message });
	},
	removeClosure: async (event) => {
		const user = requireAdmin(event);
		const input = await formInput(event.request, closureFields);
		if (!input.ok) return fail(input.status, { message: input.message });
		const result = await removeClosureDay(event.locals.db, user, input.value.day);
		return result.ok ? { saved: 'closure' } : fail(400, { message: result.message });
	}
};
