// People who can sign in, and the one-time links through which they set (or reset) a password.
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { appendAudit } from '../audit';
import type { Db } from '../db/client';
import { passwordLinks, users, type User } from '../db/schema';
import { isEmail, normaliseEmail } from './email-address';
import { hashPassword, passwordProblem } from './password';
import { invalidateUserSessions } from './session';
import { accountKey, clearAttempts } from './throttle';
import { m } from '../../paraglide/messages.js';

export { isEmail };

const HOUR_MS = 60 * 60 * 1000;
/** A first invitation: time to find the e-mail and sit down with it. */
export const PASSWORD_LINK_LIFETIME_MS = 7 * 24 * HOUR_MS;
/** A forgotten password: the person asked a moment ago. */
export const RESET_LINK_LIFETIME_MS = HOUR_MS;

export async function findUserByEmail(db: Db, email: string): Promise<User | undefined> {
	const [user] = await db.select().from(users).where(eq(users.email, normaliseEmail(email)));
	return user;
}

export async function createUser(
	db: Db,
	input: { email: string; name: string; password?: string; isAdmin?: boolean }
): Promise<User> {
	const [user] = await db
		.insert(users)
		.values({
			email: normaliseEmail(input.email),
			name: input.name.trim(),
			isAdmin: input.isAdmin ?? false,
			passwordHash: input.password ? await hashPassword(input.password) : null
		})
		.returning();
	return user;
}

/**
 * The account of this address, and whether this very call made it (pending: no password yet). Of two
 * requests racing to invite one new address, exactly one is told it made the account.
 */
export async function findOrCreatePendingUser(db: Db, input: { email: string; name: string }): Promise<{ user: User; created: boolean }> {
	const email = normaliseEmail(input.email);
	const [made] = await db.insert(users).values({ email, name: input.name.trim() }).onConflictDoNothing({ target: users.email }).returning();
	if (made) return { user: made, created: true };
	const [user] = await db.select().from(users).where(eq(users.email, email));
	return { user, created: false };
}

const linkId = (token: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(token)));

/**
 * A fresh one-time link token for the user; only its hash is stored. It ends every older unused link of the
 * same person, so only the latest link sent to the address works.
 */
export async function createPasswordLink(
	db: Db,
	userId: string,
	createdBy: string | null,
	lifetimeMs = PASSWORD_LINK_LIFETIME_MS
): Promise<string> {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	const token = encodeBase32LowerCaseNoPadding(bytes);
	const now = new Date();
	await db.transaction(async (tx) => {
		await tx
			.update(passwordLinks)
			.set({ usedAt: now })
			.where(and(eq(passwordLinks.userId, userId), isNull(passwordLinks.usedAt)));
		await tx.insert(passwordLinks).values({ id: linkId(token), userId, createdBy, expiresAt: new Date(now.getTime() + lifetimeMs) });
	});
	return token;
}

/** The person a link is for, while it is unused and unexpired. */
export async function passwordLinkHolder(db: Db, token: string): Promise<Pick<User, 'id' | 'email' | 'name'> | null> {
	const [row] = await db
		.select({ id: users.id, email: users.email, name: users.name })
		.from(passwordLinks)
		.innerJoin(users, eq(passwordLinks.userId, users.id))
		.where(and(eq(passwordLinks.id, linkId(token)), isNull(passwordLinks.usedAt), gt(passwordLinks.expiresAt, new Date())));
	return row ?? null;
}

export type SetPasswordResult = { ok: true; userId: string } | { ok: false; message: string };

/** Uses the link once (its refusals in the request's language): sets the password and ends every other session of that person. */
export async function setPasswordWithLink(db: Db, token: string, password: string): Promise<SetPasswordResult> {
	const holder = await passwordLinkHolder(db, token);
	if (!holder) return { ok: false, message: m.answers_link_expired() };
	const problem = passwordProblem(password, holder.email);
	if (problem) return { ok: false, message: problem };
	const passwordHash = await hashPassword(password);
	const used = await db
		.update(passwordLinks)
		.set({ usedAt: new Date() })
		.where(and(eq(passwordLinks.id, linkId(token)), isNull(passwordLinks.usedAt)))
		.returning({ id: passwordLinks.id });
	// Two tabs racing on one link: only the first one to mark it used may set the password.
	if (used.length === 0) return { ok: false, message: m.answers_link_used() };
	await db.update(users).set({ passwordHash }).where(eq(users.id, holder.id));
	await invalidateUserSessions(db, holder.id);
	// The owner has just shown they read the address's mail: failed guesses no longer keep them out.
	await clearAttempts(db, accountKey(holder.email));
	await appendAudit(db, { action: 'password-set', actorUserId: holder.id });
	return { ok: true, userId: holder.id };
}
