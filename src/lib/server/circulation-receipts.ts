// The one-time receipt link in each circulated e-mail: opening it stamps when the member acknowledged the
// record, once. Only the SHA-256 of its token is stored, so the database cannot hand out a working link;
// a second use, or a token nobody was sent, stamps nothing and is told so in words.
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { eq } from 'drizzle-orm';
import { appendAudit } from './audit';
import type { Db } from './db/client';
import { circulationReceipts, circulations, meetings } from './db/schema';

export function newReceiptToken(): { token: string; hash: string } {
	const bytes = crypto.getRandomValues(new Uint8Array(20));
	const token = encodeBase32LowerCaseNoPadding(bytes);
	return { token, hash: receiptTokenHash(token) };
}

export const receiptTokenHash = (token: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(token)));

/** The path of a receipt link; the origin is the server's. */
export const receiptPath = (token: string) => `/receipts/${token}`;

export type ReceiptOutcome = { stamped: 'now' | 'before'; at: Date } | { stamped: 'unknown' };

/** Stamps the receipt of the circulation this token was sent with, if it was never stamped. */
export async function acknowledgeReceipt(db: Db, token: string): Promise<ReceiptOutcome> {
	if (!/^[a-z2-7]{32}$/.test(token)) return { stamped: 'unknown' };
	const [circulation] = await db
		.select({ id: circulations.id, meetingId: circulations.meetingId, memberId: circulations.memberId, caseId: meetings.caseId })
		.from(circulations)
		.innerJoin(meetings, eq(meetings.id, circulations.meetingId))
		.where(eq(circulations.receiptTokenHash, receiptTokenHash(token)));
	if (!circulation) return { stamped: 'unknown' };
	const stamped = await db.transaction(async (tx) => {
		const [row] = await tx.insert(circulationReceipts).values({ circulationId: circulation.id }).onConflictDoNothing().returning();
		if (!row) return null;
		await appendAudit(tx, { action: 'record-acknowledged', caseId: circulation.caseId, meetingId: circulation.meetingId, detail: { circulationId: circulation.id, memberId: circulation.memberId } });
		return row;
	});
	if (stamped) return { stamped: 'now', at: stamped.at };
	const [earlier] = await db.select().from(circulationReceipts).where(eq(circulationReceipts.circulationId, circulation.id));
	return { stamped: 'before', at: earlier.at };
}
