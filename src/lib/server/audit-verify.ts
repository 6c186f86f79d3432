// Walks the audit log's hash chain from the first row: each row must carry the previous row's hash and a
// hash of its own content. The first row that fails is named, so tampering is found, not just suspected.
import { asc, gt } from 'drizzle-orm';
import { auditRowHash, GENESIS_HASH } from './audit';
import type { Db } from './db/client';
import { auditLog } from './db/schema';

export type AuditVerification =
	| { ok: true; rows: number }
	| { ok: false; rows: number; brokenAt: number; problem: 'content altered' | 'chain broken' };

const PAGE = 5_000;

export async function verifyAuditLog(db: Db): Promise<AuditVerification> {
	let prevHash = GENESIS_HASH;
	let after = 0;
	let rows = 0;
	for (;;) {
		const page = await db.select().from(auditLog).where(gt(auditLog.seq, after)).orderBy(asc(auditLog.seq)).limit(PAGE);
		for (const row of page) {
			rows++;
			if (row.prevHash !== prevHash) return { ok: false, rows, brokenAt: row.seq, problem: 'chain broken' };
			const expected = auditRowHash(prevHash, {
				at: row.at,
				action: row.action,
				actorUserId: row.actorUserId,
				caseId: row.caseId,
				meetingId: row.meetingId,
				detail: row.detail
			});
			if (row.hash !== expected) return { ok: false, rows, brokenAt: row.seq, problem: 'content altered' };
			prevHash = row.hash;
		}
		if (page.length < PAGE) return { ok: true, rows };
		after = page[page.length - 1].seq;
	}
}
