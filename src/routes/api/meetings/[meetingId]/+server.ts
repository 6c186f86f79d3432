import { json } from '@sveltejs/kit';
import { requireApiUser } from '$lib/server/accounts/auth';
import { requireMeetingAccess } from '$lib/server/guards';
import { meetingRecord } from '$lib/server/meeting-record';
import { meetingSummary } from '$lib/server/meetings';
import type { RequestHandler } from './$types';

/** The meeting's record: summary, stamps, and what its live document holds now. */
export const GET: RequestHandler = async (event) => {
	const user = requireApiUser(event);
	const access = await requireMeetingAccess(event.locals.db, user, event.params.meetingId);
	const record = await meetingRecord(event.locals.db, access.meeting);
	return json(
		{ ...meetingSummary(access.meeting), ...record, case: { id: access.case.id, reference: access.case.reference } },
		{ headers: { 'cache-control': 'no-store' } }
	);
};
