import { json } from '@sveltejs/kit';
import { requireApiUser } from '$lib/server/accounts/auth';
import { escalationsOf, visibleEscalations } from '$lib/server/between/escalations';
import { requireCaseAccess } from '$lib/server/guards';
import type { RequestHandler } from './$types';

/** The case's escalations, newest first, each with its acknowledgement once the lead social worker has given it. */
export const GET: RequestHandler = async (event) => {
	const user = requireApiUser(event);
	const access = await requireCaseAccess(event.locals.db, user, event.params.caseId);
	const list = visibleEscalations(await escalationsOf(event.locals.db, access.case.id), access);
	return json(list, { headers: { 'cache-control': 'no-store' } });
};
