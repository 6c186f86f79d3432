// Checking a sign-in attempt: the attempt is reserved against the throttle first, one generic answer for any
// failure. A failure against a real account is audited with that account as actor (the account throttle
// bounds those rows); failures nobody can be named for, and throttled attempts, are tallied per address.
import { eq } from 'drizzle-orm';
import { tallyAnonymousRefusal } from '../anonymous-refusals';
import { appendAudit } from '../audit';
import type { Db } from '../db/client';
import { users } from '../db/schema';
import { emailForRecord, normaliseEmail } from './email-address';
import { spendDecoyVerification, verifyPasswordHash } from './password';
import { accountKey, accountRule, addressKey, addressRule, clearAttempts, giveBackAttempt, reserveAttempt } from './throttle';
import { createSession, generateSessionToken, type Session } from './session';

export { normaliseEmail };

export type SignInResult =
	| { ok: true; token: string; session: Session; userId: string }
	| { ok: false; reason: 'invalid' }
	| { ok: false; reason: 'throttled'; retryAfterSeconds: number };

export const SIGN_IN_FAILED_MESSAGE = 'That e-mail address and password do not match. Check both and try again.';
export function throttledMessage(seconds: number): string {
	const minutes = Math.max(1, Math.ceil(seconds / 60));
	return `Too many failed sign-ins. For your security, try again in ${minutes} minute${minutes === 1 ? '' : 's'}. If you have forgotten your password, use “Forgotten your password?” to get a link by e-mail.`;
}

export async function signIn(db: Db, input: { email: string; password: string; address: string }): Promise<SignInResult> {
	const email = normaliseEmail(input.email);
	const account = { key: accountKey(email), rule: accountRule };
	const network = { key: addressKey(input.address), rule: addressRule };
	const reservation = await reserveAttempt(db, [account, network]);
	if (!reservation.ok) {
		tallyAnonymousRefusal(db, 'sign-in-throttled', input.address);
		return { ok: false, reason: 'throttled', retryAfterSeconds: reservation.retryAfterSeconds };
	}

	const [user] = await db.select().from(users).where(eq(users.email, email));
	let valid = false;
	if (user?.passwordHash) valid = await verifyPasswordHash(user.passwordHash, input.password);
	else await spendDecoyVerification(input.password);

	if (!user) {
		tallyAnonymousRefusal(db, 'sign-in-failed', input.address);
		return { ok: false, reason: 'invalid' };
	}
	if (!valid) {
		await appendAudit(db, {
			action: 'sign-in-failed',
			actorUserId: user.id,
			detail: { email: emailForRecord(email), address: input.address }
		});
		return { ok: false, reason: 'invalid' };
	}

	await clearAttempts(db, account.key);
	await giveBackAttempt(db, network);
	const token = generateSessionToken();
	const session = await createSession(db, token, user.id);
	await appendAudit(db, { action: 'sign-in', actorUserId: user.id, detail: { address: input.address } });
	return { ok: true, token, session, userId: user.id };
}
