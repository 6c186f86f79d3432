// The audit log: who did what to the record, when — append-only and hash-chained so tampering shows.
import { desc, sql } from 'drizzle-orm';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import canonicalize from 'canonicalize';
import type { Db } from './db/client';
import { auditLog } from './db/schema';

export interface AuditEntry {
	action: string;
	actorUserId?: string | null;
	caseId?: string | null;
	meetingId?: string | null;
	/** Facts about the event. Never a password, token or the content of the plan. */
	detail?: Record<string, unknown>;
}

/** The hash that links the first row to nothing. */
export const GENESIS_HASH = '0'.repeat(64);

// One lock id for every writer: rows must be chained in the order they are numbered, across processes.
const AUDIT_CHAIN_LOCK = 727_001;

/** The content a row's hash covers: the previous hash and every field but the sequence number. */
export function auditRowHash(prevHash: string, row: Required<Omit<AuditEntry, 'detail'>> & { at: Date; detail: Record<string, unknown> }): string {
	const content = canonicalize({
		prevHash,
		at: row.at.toISOString(),
		action: row.action,
		actorUserId: row.actorUserId,
		caseId: row.caseId,
		meetingId: row.meetingId,
		detail: row.detail
	});
	return encodeHexLowerCase(sha256(new TextEncoder().encode(content)));
}

/**
 * Holds the chain for the rest of the caller's transaction: no other writer appends until it commits, so a
 * head read now stays the head. Taken again by the same transaction, it is simply held.
 */
export async function lockAuditChain(tx: Pick<Db, 'execute'>): Promise<void> {
	await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
}

/**
 * Appends one entry, chained to the last. The server clock stamps it. Given a caller's transaction, the row
 * commits (or not) with the fact it records, and the chain stays locked until then.
 */
export async function appendAudit(db: Db, entry: AuditEntry): Promise<void> {
	await db.transaction(async (tx) => {
		await lockAuditChain(tx);
		const [last] = await tx.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
		const prevHash = last?.hash ?? GENESIS_HASH;
		// Postgres keeps microseconds, JavaScript milliseconds: a millisecond instant round-trips exactly.
		const row = {
			at: new Date(),
			action: entry.action,
			actorUserId: entry.actorUserId ?? null,
			caseId: entry.caseId ?? null,
			meetingId: entry.meetingId ?? null,
			detail: entry.detail ?? {}
		};
		await tx.insert(auditLog).values({ ...row, prevHash, hash: auditRowHash(prevHash, row) });
	});
}

/**
 * The chain's head: its last row's sequence and hash. A record made now carries it as an anchor, so rows
 * later cut from the end of the chain, or hashes recomputed after an edit, no longer reach it.
 */
export async function auditChainHead(db: Pick<Db, 'select'>): Promise<{ seq: number; hash: string }> {
	const [last] = await db.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
	return last ?? { seq: 0, hash: GENESIS_HASH };
}
