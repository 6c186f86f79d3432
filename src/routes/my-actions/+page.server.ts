import { fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { isUuid } from '$lib/core-group';
import { requireUser } from '$lib/server/accounts/auth';
import { myActions, NOTE_MAX, recordProgress } from '$lib/server/between/my-actions';
import { setWantsReminders, wantsReminders } from '$lib/server/between/reminder-choice';
import { formInput, text } from '$lib/server/form-input';
import { meetingAccess } from '$lib/server/meetings';
import { m } from '$lib/paraglide/messages.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const [actions, reminders] = await Promise.all([myActions(event.locals.db, user), wantsReminders(event.locals.db, user.id)]);
	return { actions, reminders };
};

const fieldsOf = {
	progress: v.object({ meetingId: text('The meeting', 100), actionId: text('The action', 100), status: text('The status', 20), note: text('The note', NOTE_MAX) }),
	reminders: v.object({ wanted: text('Whether you want reminders', 10) })
};

export const actions: Actions = {
	/** The same rule as POST /api/actions/<meetingId>/<actionId>/progress, for the page (and without JavaScript). */
	progress: async (event) => {
		const user = requireUser(event);
		const input = await formInput(event.request, fieldsOf.progress);
		if (!input.ok) return fail(input.status, { action: 'progress', message: input.message });
		const { meetingId, actionId, status, note } = input.value;
		const access = isUuid(meetingId) ? await meetingAccess(event.locals.db, user, meetingId) : null;
		if (!access || !isUuid(actionId)) return fail(404, { action: 'progress', actionId, message: m.pages_my_actions_not_yours() });
		const result = await recordProgress(event.locals.db, user, access, actionId, { status, note });
		if (!result.ok) return fail(result.status, { action: 'progress', actionId, message: result.message });
		return { action: 'progress', actionId, ok: true, message: m.pages_my_actions_progress_saved() };
	},
	reminders: async (event) => {
		const user = requireUser(event);
		const input = await formInput(event.request, fieldsOf.reminders);
		if (!input.ok) return fail(input.status, { action: 'reminders', message: input.message });
		if (input.value.wanted !== 'yes' && input.value.wanted !== 'no') return fail(400, { action: 'reminders', message: m.pages_my_actions_choose_yes_no() });
		await setWantsReminders(event.locals.db, user.id, input.value.wanted === 'yes');
		return { action: 'reminders', ok: true, message: input.value.wanted === 'yes' ? m.pages_my_actions_reminders_now_on() : m.pages_my_actions_reminders_now_off() };
	}
};
