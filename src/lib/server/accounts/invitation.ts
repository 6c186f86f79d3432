// What a new membership sends, and to whom. Only the owner of an address sets that account's password: a link
// goes to the address, or — for an account made by this very invitation, when the inviter asks because the
// person cannot read e-mail — is shown once to the inviter to give in person. The address is told either way.
import { appendAudit } from '../audit';
import type { Db } from '../db/client';
import type { User } from '../db/schema';
import type { OutboxConfig, SendResult } from '../outbox';
import { addedToCoreGroupMessage, handedOverMessage, invitationMessage, mailLocale } from './account-mail';
import type { SessionUser } from './session';
import { sendAccountMessage } from './send-mail';
import { createPasswordLink, PASSWORD_LINK_LIFETIME_MS } from './users';

export interface InvitationSent {
	/** Whether the invitation made the account, or found one the address already had. */
	account: 'created' | 'existing';
	/** The one-time link to give in person: only for an account made by this invitation, and only once. */
	handOverLink: string | null;
	/** Hand-over was asked for an address that already had an account, so no link was made. */
	handOverIgnored: boolean;
	/** The e-mail to the address. */
	mail: SendResult;
}

export async function sendInvitation(
	db: Db,
	input: { user: User; created: boolean; inviter: SessionUser; handOver: boolean; origin: string; outbox?: OutboxConfig; language?: string }
): Promise<InvitationSent> {
	const { user, inviter, origin } = input;
	const to = { name: user.name, address: user.email };
	// Written in the language of the membership being invited: the reader's own.
	const locale = mailLocale(input.language);
	if (!input.created) {
		const mail = await sendAccountMessage(to, addedToCoreGroupMessage({ name: user.name, inviter: inviter.name, origin }, locale), input.outbox);
		return { account: 'existing', handOverLink: null, handOverIgnored: input.handOver, mail };
	}
	const token = await createPasswordLink(db, user.id, inviter.id, PASSWORD_LINK_LIFETIME_MS);
	const link = `${origin}/set-password/${token}`;
	if (input.handOver) {
		await appendAudit(db, { action: 'password-link-handed-over', actorUserId: inviter.id, detail: { userId: user.id } });
		const mail = await sendAccountMessage(to, handedOverMessage({ name: user.name, inviter: inviter.name, origin }, locale), input.outbox);
		return { account: 'created', handOverLink: link, handOverIgnored: false, mail };
	}
	const validDays = PASSWORD_LINK_LIFETIME_MS / (24 * 60 * 60 * 1000);
	const mail = await sendAccountMessage(to, invitationMessage({ name: user.name, inviter: inviter.name, link, validDays, origin }, locale), input.outbox);
	return { account: 'created', handOverLink: null, handOverIgnored: false, mail };
}
