// Throttling of sign-ins and of password-reset requests, per account and per network address, kept in the
// database so that every server process sees the same counts and a restart does not reset them.
//
// An attempt is reserved before the slow work it guards (argon2 verification, minting a link), in one
// transaction that holds each key's row locked: so N concurrent attempts cannot all pass a limit of 5 by
// reading the count before any of them has been recorded.
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { loginThrottle } from '../db/schema';
import { emailDigest } from './email-address';

export interface ThrottleRule {
	/** Attempts counted within the window; the one that reaches this number still goes ahead, later ones wait. */
	maxAttempts: number;
	windowMs: number;
	/** How long the key stays locked once the limit is reached. */
	lockMs: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
export const accountRule: ThrottleRule = { maxAttempts: 5, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE };
// An office shares one address: allow a whole team's typos, stop a guessing script.
export const addressRule: ThrottleRule = { maxAttempts: 50, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE };
// Nobody can flood someone's inbox with reset links: three an hour per account, twenty per network address.
export const resetAccountRule: ThrottleRule = { maxAttempts: 3, windowMs: HOUR, lockMs: HOUR };
export const resetAddressRule: ThrottleRule = { maxAttempts: 20, windowMs: HOUR, lockMs: HOUR };

// Accounts are keyed by a digest of the address, never by the text typed (it may be a password typed into
// the wrong box).
export const accountKey = (email: string) => `account:${emailDigest(email)}`;
export const addressKey = (address: string) => `address:${address}`;
export const resetAccountKey = (email: string) => `reset-account:${emailDigest(email)}`;
export const resetAddressKey = (address: string) => `reset-address:${address}`;

export interface ThrottledKey {
	key: string;
	rule: ThrottleRule;
}

export type Reservation = { ok: true } | { ok: false; retryAfterSeconds: number };

interface Counter {
	failures: number;
	windowStartedAt: Date;
	lockedUntil: Date | null;
}

/** The counter after one more attempt, or the wait when the key is locked. Pure. */
export function countAttempt(row: Counter, rule: ThrottleRule, now: Date): { locked: number } | { next: Counter } {
	if (row.lockedUntil && row.lockedUntil > now) return { locked: Math.ceil((row.lockedUntil.getTime() - now.getTime()) / 1000) };
	// A lock that has run out, or a window that has, starts counting afresh.
	const fresh = row.lockedUntil !== null || row.windowStartedAt.getTime() <= now.getTime() - rule.windowMs;
	const failures = fresh ? 1 : row.failures + 1;
	return {
		next: {
			failures,
			windowStartedAt: fresh ? now : row.windowStartedAt,
			lockedUntil: failures >= rule.maxAttempts ? new Date(now.getTime() + rule.lockMs) : null
		}
	};
}

/**
 * Counts one attempt against every key, or none when any of them is locked. Keys are locked in sorted order,
 * so two requests sharing keys never wait for each other in a circle.
 */
export async function reserveAttempt(db: Db, keys: ThrottledKey[], now = new Date()): Promise<Reservation> {
	const sorted = [...keys].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
	return db.transaction(async (tx) => {
		const rows: Counter[] = [];
		for (const { key } of sorted) {
			await tx.insert(loginThrottle).values({ key, failures: 0, windowStartedAt: now, lockedUntil: null }).onConflictDoNothing();
			const [row] = await tx.select().from(loginThrottle).where(eq(loginThrottle.key, key)).for('update');
			rows.push(row);
		}
		const decisions = sorted.map((k, i) => countAttempt(rows[i], k.rule, now));
		const wait = Math.max(0, ...decisions.map((d) => ('locked' in d ? d.locked : 0)));
		if (wait > 0) return { ok: false, retryAfterSeconds: wait };
		for (const [i, d] of decisions.entries()) {
			if ('next' in d) await tx.update(loginThrottle).set(d.next).where(eq(loginThrottle.key, sorted[i].key));
		}
		return { ok: true };
	});
}

/** After a success: the account's count starts again. */
export async function clearAttempts(db: Db, key: string): Promise<void> {
	await db.delete(loginThrottle).where(eq(loginThrottle.key, key));
}

/** After a success: the reserved attempt is not held against the address (nor is a lock it set). */
export async function giveBackAttempt(db: Db, { key, rule }: ThrottledKey): Promise<void> {
	await db
		.update(loginThrottle)
		.set({
			failures: sql`greatest(${loginThrottle.failures} - 1, 0)`,
			lockedUntil: sql`case when ${loginThrottle.failures} - 1 < ${rule.maxAttempts} then null else ${loginThrottle.lockedUntil} end`
		})
		.where(eq(loginThrottle.key, key));
}
