import { error, json } from '@sveltejs/kit';
import { requireApiUser } from '$lib/server/accounts/auth';
import { requireMeetingAccess } from '$lib/server/guards';
import { planVersionOf } from '$lib/server/plan-versions';
import type { RequestHandler } from './$types';

/** One kept version of the meeting's plan: exactly what a signature, confirmation or close referred to. */
export const GET: RequestHandler = async (event) => {
	const user = requireApiUser(event);
	const access = await requireMeetingAccess(event.locals.db, user, event.params.meetingId);
	const version = await planVersionOf(event.locals.db, access.meeting, event.params.planHash);
	if (!version) error(404, { message: 'This meeting has no such version of the plan.' });
	return json({ planHash: version.planHash, plan: JSON.parse(version.plan), at: version.at.toISOString() }, { headers: { 'cache-control': 'no-store' } });
};
