// Walks the audit log's hash chain from the first row: each row must carry the previous row's hash and a
// hash of its own content. Then the anchors: every written record carries the chain's head at its making
// (sequence and hash), and the chain must still reach each one with that very hash. So an edited row is
// named by its content, a row edited and re-hashed onward by the anchor it no longer matches, and rows cut
// from the end by the anchors beyond the chain's last row.
import { asc, gt, isNotNull } from 'drizzle-orm';
import { auditRowHash, GENESIS_HASH } from './audit';
import type { Db } from './db/client';
import { auditLog, writtenRecords } from './db/schema';

/** Something outside the chain that recorded its head: the chain must still hold that row with that hash. */
export interface AuditAnchor {
	/** What holds it, in words: e.g. "written record 5f0c…". */
	holder: string;
	seq: number;
	hash: string;
}

export type AuditProblem =
	| { kind: 'content altered'; seq: number }
	| { kind: 'chain broken'; seq: number }
	/** The row at an anchor has another hash: rows up to it were changed and the hashes recomputed. */
	| { kind: 're-hashed'; seq: number; after: number; holder: string }
	/** An anchor beyond the last row: rows were cut from the end. */
	| { kind: 'cut tail'; lastSeq: number; missingUpTo: number; holder: string };

export type AuditVerification =
	| { ok: true; rows: number; anchors: number }
	| { ok: false; rows: number; brokenAt: number; problem: AuditProblem['kind']; problems: AuditProblem[]; anchors: number };

const PAGE = 5_000;

/** Every anchor the record holds: today, each written record's chain head at its making. */
export async function auditAnchors(db: Db): Promise<AuditAnchor[]> {
	const rows = await db
		.select({ id: writtenRecords.id, seq: writtenRecords.auditSeq, hash: writtenRecords.auditHash })
		.from(writtenRecords)
		.where(isNotNull(writtenRecords.auditSeq));
	return rows.filter((r) => r.hash !== null).map((r) => ({ holder: `written record ${r.id}`, seq: r.seq!, hash: r.hash! }));
}

export async function verifyAuditLog(db: Db): Promise<AuditVerification> {
	const anchors = await auditAnchors(db);
	const anchoredAt = new Map<number, AuditAnchor[]>();
	for (const a of anchors) anchoredAt.set(a.seq, [...(anchoredAt.get(a.seq) ?? []), a]);
	const problems: AuditProblem[] = [];
	let prevHash = GENESIS_HASH;
	let after = 0;
	let rows = 0;
	let lastSeq = 0;
	// The last anchored row that still matched: a re-hashed edit lies after it.
	let lastGoodAnchor = 0;
	let contentBroken = false;
	// Past the first broken row the chain cannot be trusted, but the anchors are still checked to the end.
	for (;;) {
		const page = await db.select().from(auditLog).where(gt(auditLog.seq, after)).orderBy(asc(auditLog.seq)).limit(PAGE);
		for (const row of page) {
			rows++;
			lastSeq = row.seq;
			if (!contentBroken) {
				if (row.prevHash !== prevHash) {
					problems.push({ kind: 'chain broken', seq: row.seq });
					contentBroken = true;
				} else {
					const expected = auditRowHash(prevHash, {
						at: row.at,
						action: row.action,
						actorUserId: row.actorUserId,
						caseId: row.caseId,
						meetingId: row.meetingId,
						detail: row.detail
					});
					if (row.hash !== expected) {
						problems.push({ kind: 'content altered', seq: row.seq });
						contentBroken = true;
					}
				}
				prevHash = row.hash;
			}
			for (const anchor of anchoredAt.get(row.seq) ?? []) {
				if (anchor.hash === row.hash) lastGoodAnchor = Math.max(lastGoodAnchor, row.seq);
				else problems.push({ kind: 're-hashed', seq: row.seq, after: lastGoodAnchor, holder: anchor.holder });
			}
		}
		if (page.length < PAGE) break;
		after = page[page.length - 1].seq;
	}
	const beyond = anchors.filter((a) => a.seq > lastSeq).sort((a, b) => b.seq - a.seq);
	if (beyond.length) problems.push({ kind: 'cut tail', lastSeq, missingUpTo: beyond[0].seq, holder: beyond[0].holder });
	if (!problems.length) return { ok: true, rows, anchors: anchors.length };
	const first = problems[0];
	const brokenAt = first.kind === 'cut tail' ? first.lastSeq + 1 : first.kind === 're-hashed' ? first.after + 1 : first.seq;
	return { ok: false, rows, brokenAt, problem: first.kind, problems, anchors: anchors.length };
}

/** The report in words, one line per problem, for `npm run audit:verify`. */
export function describeAuditProblem(problem: AuditProblem): string {
	switch (problem.kind) {
		case 'content altered':
			return `Row ${problem.seq} was edited: its content no longer matches its hash. Rows before it verify; this row and later ones cannot be trusted.`;
		case 'chain broken':
			return `Row ${problem.seq} does not carry the previous row's hash: a row before it was removed or replaced.`;
		case 're-hashed':
			return `Row ${problem.seq} no longer has the hash ${problem.holder} anchored: a row from ${problem.after + 1} to ${problem.seq} was changed and the hashes recomputed onward.`;
		case 'cut tail':
			return `Rows cut from the end: the chain stops at row ${problem.lastSeq}, but ${problem.holder} anchored row ${problem.missingUpTo}.`;
	}
}
