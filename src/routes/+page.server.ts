import { requireUser } from '$lib/server/accounts/auth';
import { caseSummaries } from '$lib/server/dashboard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	return { cases: await caseSummaries(event.locals.db, user) };
};
