// The engine's authenticate hook — who is at the other end of an upgrade to /collab/<meetingId>: the session cookie and membership of the
// meeting's case decide, before any document byte is sent (DESIGN §4 rule 1). The same session validation
// as the pages.
import type { IncomingMessage } from 'node:http';
import { inArray } from 'drizzle-orm';
import type { Role } from '../../plan';
import type { Db } from '../db/client';
import { memberships, sessions, users } from '../db/schema';
import { isUuid } from '../../core-group';
import { meetingAccess } from '../meetings';
import { sessionTokenFromCookieHeader, validateSessionToken } from '../accounts/session';

/** Where a connected person stands now, by the record. */
export type Standing = { kind: 'allowed'; role: Role } | { kind: 'signed-out' } | { kind: 'removed' };

/** A member as the room knows them. Who they are is fixed for the connection; their role follows the record. */
export interface Attendee {
	readonly userId: string;
	/** The core-group membership id; null for an administrator who is not in the core group. */
	readonly memberId: string | null;
	readonly name: string;
	/** Write rights follow the role; a non-member administrator reads as an observer. */
	role: Role;
	readonly sessionId: string;
}

export type UpgradeDecision =
	| { ok: true; meetingId: string; caseId: string; attendee: Attendee }
	| {
			ok: false;
			status: 400 | 401 | 403 | 404;
			reason: string;
			meetingId: string | null;
			/** The signed-in person refused, or null when nobody could be named (no or no valid session). */
			userId: string | null;
	  };

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

/** The engine's authenticate hook: `meetingId` is what the path /collab/<meetingId> named, not yet checked. */
export async function decideUpgrade(db: Db, req: IncomingMessage, meetingId: string): Promise<UpgradeDecision> {
	// Only a well-formed id is ever recorded against a meeting.
	const refuse = (status: 401 | 403 | 404, reason: string, userId: string | null = null) => ({
		ok: false as const,
		status,
		reason,
		meetingId: isUuid(meetingId) ? meetingId : null,
		userId
	});
	if (crossSite(req)) return refuse(403, 'Cross-site connections are refused.');
	const token = sessionTokenFromCookieHeader(req.headers.cookie);
	if (!token) return refuse(401, 'Sign in first.');
	const { session, user } = await validateSessionToken(db, token);
	if (!session) return refuse(401, 'Your session has ended. Sign in again.');
	// Not a member and no such meeting look the same: nobody learns that a meeting exists.
	if (!isUuid(meetingId)) return refuse(404, 'Not found.', user.id);
	const access = await meetingAccess(db, user, meetingId);
	if (!access) return refuse(404, 'Not found.', user.id);
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

/**
 * Where each connected person stands now, by the record (DESIGN §4 rule 8): their session must still be
 * valid, and they must still be in the core group (or, for a non-member administrator, still an
 * administrator). Two or three indexed queries for every open connection of the process at once.
 */
export async function standingOf(db: Db, attendees: readonly Attendee[]): Promise<Standing[]> {
	const unique = (ids: (string | null)[]) => [...new Set(ids.filter((id): id is string => id !== null))];
	const sessionIds = unique(attendees.map((a) => a.sessionId));
	const memberIds = unique(attendees.map((a) => a.memberId));
	const adminIds = unique(attendees.map((a) => (a.memberId === null ? a.userId : null)));
	const [liveSessions, members, admins] = await Promise.all([
		db.select({ id: sessions.id, expiresAt: sessions.expiresAt }).from(sessions).where(inArray(sessions.id, sessionIds)),
		memberIds.length
			? db.select({ id: memberships.id, role: memberships.role, removedAt: memberships.removedAt }).from(memberships).where(inArray(memberships.id, memberIds))
			: [],
		adminIds.length ? db.select({ id: users.id, isAdmin: users.isAdmin }).from(users).where(inArray(users.id, adminIds)) : []
	]);
	const now = Date.now();
	const validSessions = new Set(liveSessions.filter((s) => s.expiresAt.getTime() > now).map((s) => s.id));
	const memberById = new Map(members.map((m) => [m.id, m]));
	const stillAdmin = new Set(admins.filter((u) => u.isAdmin).map((u) => u.id));
	return attendees.map((a): Standing => {
		if (!validSessions.has(a.sessionId)) return { kind: 'signed-out' };
		if (a.memberId === null) return stillAdmin.has(a.userId) ? { kind: 'allowed', role: a.role } : { kind: 'removed' };
		const member = memberById.get(a.memberId);
		if (!member || member.removedAt) return { kind: 'removed' };
		return { kind: 'allowed', role: member.role };
	});
}
