import { json } from '@sveltejs/kit';
import { requireApiUser } from '$lib/server/accounts/auth';
import { meetingsVisibleTo, meetingSummary } from '$lib/server/meetings';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const user = requireApiUser(event);
	const list = await meetingsVisibleTo(event.locals.db, user);
	return json(list.map(meetingSummary), { headers: { 'cache-control': 'no-store' } });
};
