// "Forgotten your password?": a link to set a new one goes to the account's own address, and the person who
// asked learns nothing — the same answer, in about the same time, whether or not an account uses the address.
import { tallyAnonymousRefusal } from '../anonymous-refusals';
import { appendAudit } from '../audit';
import type { Db } from '../db/client';
import type { OutboxConfig } from '../outbox';
import { mailLocale, resetMessage } from './account-mail';
import { readerLanguage } from './reader-language';
import { normaliseEmail } from './email-address';
import { reserveAttempt, resetAccountKey, resetAccountRule, resetAddressKey, resetAddressRule } from './throttle';
import { sendAccountMessage } from './send-mail';
import { createPasswordLink, findUserByEmail, RESET_LINK_LIFETIME_MS } from './users';

export const RESET_REQUESTED_MESSAGE =
	'If an account uses that address, we have sent it a link to set a new password. It works once, for an hour. Check your inbox, and your junk folder.';

export function resetThrottledMessage(seconds: number): string {
	const minutes = Math.max(1, Math.ceil(seconds / 60));
	return `Too many links have been asked for. To keep inboxes from being flooded, try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
}

export type ResetRequestResult =
	| {
			ok: true;
			/**
			 * Settles once the link has been made and handed to the outbox (at once for an unknown address). The
			 * page does not wait for it, so the answer takes as long either way; it never rejects.
			 */
			delivery: Promise<void>;
	  }
	| { ok: false; reason: 'throttled'; retryAfterSeconds: number };

export async function requestPasswordReset(
	db: Db,
	input: { email: string; address: string; origin: string; outbox?: OutboxConfig }
): Promise<ResetRequestResult> {
	const email = normaliseEmail(input.email);
	// Counted for every address asked about, known or not, so that being throttled says nothing either.
	const reservation = await reserveAttempt(db, [
		{ key: resetAccountKey(email), rule: resetAccountRule },
		{ key: resetAddressKey(input.address), rule: resetAddressRule }
	]);
	if (!reservation.ok) {
		tallyAnonymousRefusal(db, 'password-reset-throttled', input.address);
		return { ok: false, reason: 'throttled', retryAfterSeconds: reservation.retryAfterSeconds };
	}
	const user = await findUserByEmail(db, email);
	if (!user) {
		tallyAnonymousRefusal(db, 'password-reset-unknown', input.address);
		return { ok: true, delivery: Promise.resolve() };
	}
	const delivery = (async () => {
		const token = await createPasswordLink(db, user.id, null, RESET_LINK_LIFETIME_MS);
		await appendAudit(db, { action: 'password-reset-requested', actorUserId: user.id, detail: { address: input.address } });
		// In the language the account's owner reads best (their membership's), not the asker's.
		const locale = mailLocale(await readerLanguage(db, user.id));
		const message = resetMessage({ name: user.name, link: `${input.origin}/set-password/${token}`, validMinutes: RESET_LINK_LIFETIME_MS / 60_000 }, locale);
		const sent = await sendAccountMessage({ name: user.name, address: user.email }, message, input.outbox);
		if (!sent.ok) await appendAudit(db, { action: 'password-reset-not-sent', actorUserId: user.id, detail: { error: sent.error } });
	})().catch((error: unknown) => {
		// Nothing of the address or the link in the log: only that it failed, and how.
		console.error(`A password-reset link could not be made or sent: ${error instanceof Error ? error.name : typeof error}`);
	});
	return { ok: true, delivery };
}
