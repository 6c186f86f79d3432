// Who is at the other end of an upgrade to /collab/<meetingId>: the session cookie and membership of the
// meeting's case decide, before any document byte is sent (DESIGN §4 rule 1). The same session validation
// as the pages.
import type { IncomingMessage } from 'node:http';
import type { Role } from '../../src/lib/plan';
import type { Db } from '../../src/lib/server/db/client';
import { isUuid } from '../../src/lib/core-group';
import { meetingAccess } from '../../src/lib/server/meetings';
import { sessionTokenFromCookieHeader, validateSessionToken } from '../../src/lib/server/accounts/session';

/** A member as the room knows them, fixed for the life of the connection. */
export interface Attendee {
	userId: string;
	/** The core-group membership id; null for an administrator who is not in the core group. */
	memberId: string | null;
	name: string;
	/** Write rights follow the role; a non-member administrator reads as an observer. */
	role: Role;
	sessionId: string;
}

export type UpgradeDecision =
	| { ok: true; meetingId: string; caseId: string; attendee: Attendee }
	| { ok: false; status: 400 | 401 | 403 | 404; reason: string; meetingId: string | null };

const COLLAB_PATH = /^\/collab\/([^/?#]+)$/;

/** The meeting id of a live-room path, or null when the path is not one. */
export function meetingIdOfPath(url: string | undefined): string | null {
	const path = (url ?? '').split('?')[0];
	const match = COLLAB_PATH.exec(path);
	return match ? decodeURIComponent(match[1]) : null;
}

/**
 * A browser on another site could open a websocket carrying our cookies: refuse any upgrade whose Origin
 * names a different host. Scripts that send no Origin are not a cross-site vector.
 */
function crossSite(req: IncomingMessage): boolean {
	const origin = req.headers.origin;
	if (!origin) return false;
	try {
		const expected = process.env.ORIGIN ? new URL(process.env.ORIGIN).host : req.headers.host;
		return new URL(origin).host !== expected;
	} catch {
		return true;
	}
}

export async function decideUpgrade(db: Db, req: IncomingMessage): Promise<UpgradeDecision> {
	const meetingId = meetingIdOfPath(req.url);
	if (meetingId === null) return { ok: false, status: 404, reason: 'Not a live meeting address.', meetingId };
	// Only a well-formed id is ever recorded against a meeting.
	const refuse = (status: 401 | 403 | 404, reason: string) => ({ ok: false as const, status, reason, meetingId: isUuid(meetingId) ? meetingId : null });
	if (crossSite(req)) return refuse(403, 'Cross-site connections are refused.');
	const token = sessionTokenFromCookieHeader(req.headers.cookie);
	if (!token) return refuse(401, 'Sign in first.');
	const { session, user } = await validateSessionToken(db, token);
	if (!session) return refuse(401, 'Your session has ended. Sign in again.');
	// Not a member and no such meeting look the same: nobody learns that a meeting exists.
	if (!isUuid(meetingId)) return refuse(404, 'Not found.');
	const access = await meetingAccess(db, user, meetingId);
	if (!access) return refuse(404, 'Not found.');
	return {
		ok: true,
		meetingId,
		caseId: access.case.id,
		attendee: {
			userId: user.id,
			memberId: access.membership?.id ?? null,
			name: user.name,
			role: access.role ?? 'observer',
			sessionId: session.id
		}
	};
}
