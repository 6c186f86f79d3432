// Sign-in throttling per account and per network address, kept in the database so that every server
// process sees the same counts and a restart does not reset them.
import { inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { loginThrottle } from '../db/schema';

export interface ThrottleRule {
	/** Failures allowed within the window before the key is locked. */
	maxFailures: number;
	windowMs: number;
	lockMs: number;
}

const MINUTE = 60_000;
export const accountRule: ThrottleRule = { maxFailures: 5, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE };
// An office shares one address: allow a whole team's typos, stop a guessing script.
export const addressRule: ThrottleRule = { maxFailures: 50, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE };

export const accountKey = (email: string) => `account:${email.trim().toLowerCase()}`;
export const addressKey = (address: string) => `address:${address}`;

/** Seconds until the first of these keys unlocks, or 0 when none is locked. */
export async function lockedForSeconds(db: Db, keys: string[], now = new Date()): Promise<number> {
	const rows = await db.select().from(loginThrottle).where(inArray(loginThrottle.key, keys));
	let wait = 0;
	for (const row of rows) {
		if (row.lockedUntil && row.lockedUntil > now)
			wait = Math.max(wait, Math.ceil((row.lockedUntil.getTime() - now.getTime()) / 1000));
	}
	return wait;
}

/** Counts one failure against the key; locks it when the rule's limit is reached. */
export async function recordFailure(db: Db, key: string, rule: ThrottleRule, now = new Date()): Promise<void> {
	const lockUntil = new Date(now.getTime() + rule.lockMs);
	// Raw SQL parameters are not typed by a column, so instants go in as ISO text with a cast.
	const at = sql`${now.toISOString()}::timestamptz`;
	const windowStart = sql`${new Date(now.getTime() - rule.windowMs).toISOString()}::timestamptz`;
	const lockEnd = sql`${lockUntil.toISOString()}::timestamptz`;
	// One statement, so concurrent failures from two processes cannot both read the old count.
	await db
		.insert(loginThrottle)
		.values({ key, failures: 1, windowStartedAt: now, lockedUntil: rule.maxFailures <= 1 ? lockUntil : null })
		.onConflictDoUpdate({
			target: loginThrottle.key,
			set: {
				failures: sql`case when ${loginThrottle.windowStartedAt} < ${windowStart} then 1 else ${loginThrottle.failures} + 1 end`,
				windowStartedAt: sql`case when ${loginThrottle.windowStartedAt} < ${windowStart} then ${at} else ${loginThrottle.windowStartedAt} end`,
				lockedUntil: sql`case when (case when ${loginThrottle.windowStartedAt} < ${windowStart} then 1 else ${loginThrottle.failures} + 1 end) >= ${rule.maxFailures} then ${lockEnd} else ${loginThrottle.lockedUntil} end`
			}
		});
}

export async function clearFailures(db: Db, key: string): Promise<void> {
	await db.delete(loginThrottle).where(inArray(loginThrottle.key, [key]));
}
