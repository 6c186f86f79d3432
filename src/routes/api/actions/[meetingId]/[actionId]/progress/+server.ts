import { error, json } from '@sveltejs/kit';
import * as v from 'valibot';
import { isUuid } from '$lib/core-group';
import { requireApiUser } from '$lib/server/accounts/auth';
import { NOTE_MAX, recordProgress } from '$lib/server/between/my-actions';
import { jsonInput, text } from '$lib/server/form-input';
import { requireMeetingAccess } from '$lib/server/guards';
import type { RequestHandler } from './$types';

const progressBody = v.object({ status: text('The status', 20), note: text('The note', NOTE_MAX) }, 'Send a JSON object: { "status": "in-progress", "note": "…" }.');

/** Records progress on one action of the current plan: 201 with the server-stamped entry. */
export const POST: RequestHandler = async (event) => {
	const user = requireApiUser(event);
	const access = await requireMeetingAccess(event.locals.db, user, event.params.meetingId);
	if (!isUuid(event.params.actionId)) error(404, { message: 'That action is not in the current plan.' });
	const input = await jsonInput(event.request, progressBody);
	if (!input.ok) error(input.status, { message: input.message });
	const result = await recordProgress(event.locals.db, user, access, event.params.actionId, input.value);
	if (!result.ok) error(result.status, { message: result.message });
	const { entry } = result;
	return json({ actionId: entry.actionId, meetingId: entry.meetingId, status: entry.status, note: entry.note, at: entry.at, member: entry.memberId, by: entry.by }, { status: 201 });
};
