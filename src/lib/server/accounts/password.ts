// Password hashing (argon2id, OWASP-recommended parameters as in the Lucia guide) and the strength rule.
import { hash, verify } from '@node-rs/argon2';
import { m } from '../../paraglide/messages.js';

const ARGON2ID_OPTIONS = { memoryCost: 19456, timeCost: 2, outputLen: 32, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
	return hash(password, ARGON2ID_OPTIONS);
}

export function verifyPasswordHash(passwordHash: string, password: string): Promise<boolean> {
	return verify(passwordHash, password);
}

// Spent on unknown accounts so that a wrong e-mail costs the same time as a wrong password.
let decoyHash: Promise<string> | undefined;
export async function spendDecoyVerification(password: string): Promise<void> {
	decoyHash ??= hashPassword('decoy password that matches nobody');
	await verifyPasswordHash(await decoyHash, password);
}

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

/** Null when the password is acceptable, otherwise what the person should change, in the request's language. */
export function passwordProblem(password: string, email: string): string | null {
	if (password.length < MIN_PASSWORD_LENGTH) return m.answers_password_too_short({ min: String(MIN_PASSWORD_LENGTH) });
	if (password.length > MAX_PASSWORD_LENGTH) return m.answers_password_too_long({ max: String(MAX_PASSWORD_LENGTH) });
	if (password.toLowerCase().includes(email.split('@')[0].toLowerCase()))
		return m.answers_password_has_email();
	return null;
}
