// Checking a sign-in attempt: throttling first, one generic answer for any failure, every outcome audited.
import { eq } from 'drizzle-orm';
import { appendAudit } from '../audit';
import type { Db } from '../db/client';
import { users } from '../db/schema';
import { spendDecoyVerification, verifyPasswordHash } from './password';
import { accountKey, accountRule, addressKey, addressRule, clearFailures, lockedForSeconds, recordFailure } from './throttle';
import { createSession, generateSessionToken, type Session } from './session';

export type SignInResult =
	| { ok: true; token: string; session: Session; userId: string }
	| { ok: false; reason: 'invalid' }
	| { ok: false; reason: 'throttled'; retryAfterSeconds: number };

export const SIGN_IN_FAILED_MESSAGE = 'That e-mail address and password do not match. Check both and try again.';
export function throttledMessage(seconds: number): string {
	const minutes = Math.max(1, Math.ceil(seconds / 60));
	return `Too many failed sign-ins. For your security, try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or ask your administrator for a new sign-in link.`;
}

export function normaliseEmail(email: string): string {
	return email.trim().toLowerCase();
}

export async function signIn(db: Db, input: { email: string; password: string; address: string }): Promise<SignInResult> {
	const email = normaliseEmail(input.email);
	const keys = [accountKey(email), addressKey(input.address)];
	const wait = await lockedForSeconds(db, keys);
	if (wait > 0) {
		await appendAudit(db, { action: 'sign-in-throttled', detail: { email, address: input.address } });
		return { ok: false, reason: 'throttled', retryAfterSeconds: wait };
	}

	const [user] = await db.select().from(users).where(eq(users.email, email));
	let valid = false;
	if (user?.passwordHash) valid = await verifyPasswordHash(user.passwordHash, input.password);
	else await spendDecoyVerification(input.password);

	if (!user || !valid) {
		await recordFailure(db, keys[0], accountRule);
		await recordFailure(db, keys[1], addressRule);
		await appendAudit(db, {
			action: 'sign-in-failed',
			actorUserId: user?.id ?? null,
			detail: { email, address: input.address }
		});
		return { ok: false, reason: 'invalid' };
	}

	await clearFailures(db, keys[0]);
	const token = generateSessionToken();
	const session = await createSession(db, token, user.id);
	await appendAudit(db, { action: 'sign-in', actorUserId: user.id, detail: { address: input.address } });
	return { ok: true, token, session, userId: user.id };
}
