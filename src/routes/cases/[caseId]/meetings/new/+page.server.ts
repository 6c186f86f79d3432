import { error, fail, redirect } from '@sveltejs/kit';
import { firstMeetingDueBy, londonDate, nextMeetingDueBy } from '$lib/calendar';
import { mayScheduleMeetings } from '$lib/core-group';
import { parseTypedDate, parseTypedTime } from '$lib/calendar/typed-dates';
import { m } from '$lib/paraglide/messages.js';
import { londonLocalToInstant } from '$lib/format';
import { requireUser } from '$lib/server/accounts/auth';
import { requireCaseAccess } from '$lib/server/guards';
import { meetingsOfCase, scheduleMeeting } from '$lib/server/meetings';
import { loadPolicy } from '$lib/server/policy';
import * as v from 'valibot';
import { formInput, text } from '$lib/server/form-input';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const meetingFields = v.object({ date: text('The date', 20), time: text('The start time', 20), place: text('The place', 200) });

async function requireScheduler(event: RequestEvent | Parameters<PageServerLoad>[0]) {
	const user = requireUser(event);
	const access = await requireCaseAccess(event.locals.db, user, event.params.caseId);
	if (!mayScheduleMeetings(access)) error(403, { message: m.pages_new_meeting_only() });
	return { user, access };
}

export const load: PageServerLoad = async (event) => {
	const { access } = await requireScheduler(event);
	const c = access.case;
	const held = (await meetingsOfCase(event.locals.db, c.id)).filter((m) => m.status === 'closed' && m.closedAt);
	const last = held.at(-1);
	const { timescales, closures } = await loadPolicy(event.locals.db);
	const dueBy = last ? nextMeetingDueBy(londonDate(last.closedAt!), timescales) : firstMeetingDueBy(c.icpcDate, c.nation, timescales, closures);
	return { case: { id: c.id, childName: c.childName }, dueBy, first: !last, today: londonDate(new Date()) };
};

export const actions: Actions = {
	default: async (event) => {
		const { user, access } = await requireScheduler(event);
		const input = await formInput(event.request, meetingFields);
		if (!input.ok) return fail(input.status, { values: undefined, message: input.message });
		const place = input.value.place.trim();
		const values = { date: input.value.date, time: input.value.time, place };
		// Typed day first ("18/12/2026", "10:00" or "2pm") or ISO: text boxes, not the browser's pickers.
		const date = parseTypedDate(input.value.date);
		const time = parseTypedTime(input.value.time);
		if (!date) return fail(400, { values, message: input.value.date.trim() ? m.pages_new_meeting_date_unreadable() : m.pages_new_meeting_enter_date() });
		if (!time) return fail(400, { values, message: m.pages_new_meeting_enter_time() });
		if (date < londonDate(new Date())) return fail(400, { values, message: m.pages_new_meeting_past() });
		const meeting = await scheduleMeeting(event.locals.db, user, access.case.id, {
			scheduledFor: londonLocalToInstant(date, time),
			place
		});
		redirect(303, `/meetings/${meeting.id}`);
	}
};
