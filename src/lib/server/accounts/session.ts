// Sessions after the Lucia guide: the cookie holds a random token, the database only its SHA-256, so a
// copied database row cannot be replayed as a cookie. Framework-free: the page hooks and the websocket
// upgrade call the same validation.
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { sessions, users, type User } from '../db/schema';

const DAY_MS = 24 * 60 * 60 * 1000;
export const SESSION_LIFETIME_MS = 30 * DAY_MS;
/** A session used within this long of expiring is extended: active people stay signed in. */
const RENEW_WITHIN_MS = 15 * DAY_MS;

export type SessionUser = Pick<User, 'id' | 'email' | 'name' | 'isAdmin'>;
export interface Session {
	id: string;
	userId: string;
	expiresAt: Date;
}
export type SessionValidation = { session: Session; user: SessionUser } | { session: null; user: null };

export function generateSessionToken(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

export function sessionIdFromToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export async function createSession(db: Db, token: string, userId: string): Promise<Session> {
	const session = { id: sessionIdFromToken(token), userId, expiresAt: new Date(Date.now() + SESSION_LIFETIME_MS) };
	await db.insert(sessions).values(session);
	return session;
}

export async function validateSessionToken(db: Db, token: string): Promise<SessionValidation> {
	const sessionId = sessionIdFromToken(token);
	const [row] = await db
		.select({
			session: { id: sessions.id, userId: sessions.userId, expiresAt: sessions.expiresAt },
			user: { id: users.id, email: users.email, name: users.name, isAdmin: users.isAdmin }
		})
		.from(sessions)
		.innerJoin(users, eq(sessions.userId, users.id))
		.where(eq(sessions.id, sessionId));
	if (!row) return { session: null, user: null };
	const { session, user } = row;
	if (Date.now() >= session.expiresAt.getTime()) {
		await db.delete(sessions).where(eq(sessions.id, sessionId));
		return { session: null, user: null };
	}
	if (Date.now() >= session.expiresAt.getTime() - RENEW_WITHIN_MS) {
		session.expiresAt = new Date(Date.now() + SESSION_LIFETIME_MS);
		await db.update(sessions).set({ expiresAt: session.expiresAt }).where(eq(sessions.id, sessionId));
	}
	return { session, user };
}

export async function invalidateSession(db: Db, sessionId: string): Promise<void> {
	await db.delete(sessions).where(eq(sessions.id, sessionId));
}

export async function invalidateUserSessions(db: Db, userId: string): Promise<void> {
	await db.delete(sessions).where(eq(sessions.userId, userId));
}

/** Reads the session token from a raw Cookie header (the websocket upgrade has no SvelteKit cookies). */
export function sessionTokenFromCookieHeader(header: string | undefined): string | null {
	if (!header) return null;
	for (const part of header.split(';')) {
		const [name, ...rest] = part.trim().split('=');
		if (name === SESSION_COOKIE) return decodeURIComponent(rest.join('='));
	}
	return null;
}

export const SESSION_COOKIE = 'session';
