import { redirect } from '@sveltejs/kit';
import { appendAudit } from '$lib/server/audit';
import { deleteSessionCookie } from '$lib/server/accounts/auth';
import { invalidateSession } from '$lib/server/accounts/session';
import type { RequestHandler } from './$types';

/** Ends the session in the database, not just in this browser. */
export const POST: RequestHandler = async ({ locals, cookies, url }) => {
	if (locals.session && locals.user) {
		await invalidateSession(locals.db, locals.session.id);
		await appendAudit(locals.db, { action: 'sign-out', actorUserId: locals.user.id });
	}
	deleteSessionCookie(cookies, url);
	redirect(303, '/login');
};
