// Authority is live (DESIGN §4 rule 8): a connection's rights follow the person, not the moment they
// connected. Every few seconds each open connection is checked again against the record — is the session
// still valid, is the person still in the core group, in which role — so signing out, a session's end,
// removal from the core group or a change of role reaches a connection already open within seconds,
// whichever page or process made the change, and with no coupling between the pages and the rooms.
import { writeRights, type Role } from '../../src/lib/plan';
import { CloseCode, CloseReason } from '../../src/lib/collab/close-codes';
import type { Attendee, Standing } from './hooks';

export type { Standing };

/** Reads each attendee's standing from the record, in the order given. */
export type StandingOf = (attendees: readonly Attendee[]) => Promise<Standing[]>;

/** A connection the authority watches: who is on it, and how to end it. */
export interface WatchedConnection {
	attendee: Attendee;
	close(code: number, reason: string): void;
}

/** How often open connections are checked: well inside the 5 s the rule allows. */
export const RECHECK_EVERY_MS = 2_000;

/** True when `next` may write everything `previous` could: the connection can carry on with the new role. */
export function widensOrKeeps(previous: Role, next: Role): boolean {
	const allowed = writeRights(next);
	return writeRights(previous).every((r) => allowed.some((a) => a.root === r.root && a.key === r.key));
}

export interface Authority<C extends WatchedConnection> {
	watch(conn: C): void;
	forget(conn: C): void;
	/** Checks every watched connection now (the timer calls it; tests may too). */
	recheck(): Promise<void>;
	stop(): void;
}

export function createAuthority<C extends WatchedConnection>(
	standingOf: StandingOf,
	options: { everyMs?: number; ended?: (conn: C, reason: string) => void } = {}
): Authority<C> {
	const watched = new Set<C>();
	let running: Promise<void> | null = null;

	async function check(): Promise<void> {
		const conns = [...watched];
		if (conns.length === 0) return;
		let standings: Standing[];
		try {
			standings = await standingOf(conns.map((c) => c.attendee));
		} catch {
			// The record cannot be read just now: nobody is cut off for that; the next check tries again.
			return;
		}
		conns.forEach((conn, i) => {
			if (!watched.has(conn)) return;
			const standing = standings[i];
			const end = (code: number, reason: string) => {
				watched.delete(conn);
				options.ended?.(conn, reason);
				conn.close(code, reason);
			};
			if (standing.kind === 'signed-out') return end(CloseCode.sessionEnded, CloseReason.signedOut);
			if (standing.kind === 'removed') return end(CloseCode.updateRefused, CloseReason.removed);
			if (standing.role === conn.attendee.role) return;
			// A role with fewer write rights would leave the page offering edits the room now refuses: end the
			// connection for good and say why. More (or the same) rights: the page reconnects under the new role
			// and reloads what it offers, rather than showing an observer's read-only page to a professional.
			end(widensOrKeeps(conn.attendee.role, standing.role) ? CloseCode.rightsWidened : CloseCode.updateRefused, CloseReason.roleChanged);
		});
	}

	const recheck = () => (running ??= check().finally(() => (running = null)));
	const timer = setInterval(() => void recheck(), options.everyMs ?? RECHECK_EVERY_MS);
	timer.unref();

	return {
		watch: (conn) => void watched.add(conn),
		forget: (conn) => void watched.delete(conn),
		recheck,
		stop: () => clearInterval(timer)
	};
}
