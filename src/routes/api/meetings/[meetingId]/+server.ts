import { json } from '@sveltejs/kit';
import { requireApiUser } from '$lib/server/auth';
import { requireMeetingAccess } from '$lib/server/guards';
import { meetingSummary } from '$lib/server/meetings';
import type { RequestHandler } from './$types';

/** The meeting's record. The live document's parts (plan, attendance, signatures…) join it as they are built. */
export const GET: RequestHandler = async (event) => {
	const user = requireApiUser(event);
	const access = await requireMeetingAccess(event.locals.db, user, event.params.meetingId);
	return json(
		{ ...meetingSummary(access.meeting), case: { id: access.case.id, reference: access.case.reference } },
		{ headers: { 'cache-control': 'no-store' } }
	);
};
