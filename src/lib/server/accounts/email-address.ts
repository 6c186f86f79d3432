// E-mail addresses as accounts know them: one normal form, one test of shape, and the forms in which an
// address may be kept where people other than its owner can read it (throttle keys, the audit log).
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';

export function normaliseEmail(email: string): string {
	return email.trim().toLowerCase();
}

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export function isEmail(value: string): boolean {
	return value.length <= 254 && EMAIL_PATTERN.test(value);
}

/** SHA-256 hex of the normalised address: counts can be kept per account without keeping what was typed. */
export function emailDigest(email: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(normaliseEmail(email))));
}

export const NOT_AN_EMAIL = '(not an e-mail address)';

/**
 * What the audit log may say was typed in the e-mail box: the address when it looks like one, otherwise a
 * marker — people do type their password into the wrong box, and it must not be kept anywhere.
 */
export function emailForRecord(email: string): string {
	const normalised = normaliseEmail(email);
	return isEmail(normalised) ? normalised : NOT_AN_EMAIL;
}
