import { json } from '@sveltejs/kit';
import { requireApiUser } from '$lib/server/accounts/auth';
import { myActions } from '$lib/server/between/my-actions';
import type { RequestHandler } from './$types';

/** The caller's actions in the current plan of each of their cases, with their progress. */
export const GET: RequestHandler = async (event) => {
	const user = requireApiUser(event);
	const list = await myActions(event.locals.db, user);
	return json(
		list.map((a) => ({
			caseId: a.caseId,
			meetingId: a.meetingId,
			actionId: a.actionId,
			what: a.what,
			due: a.due,
			status: a.status,
			overdue: a.overdue,
			owner: a.owner,
			progress: a.progress.map((p) => ({ status: p.status, note: p.note, at: p.at, member: p.memberId, by: p.by }))
		})),
		{ headers: { 'cache-control': 'no-store' } }
	);
};
