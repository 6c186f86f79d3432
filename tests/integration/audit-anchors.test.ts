// The audit chain is anchored in the written records: each keeps the chain's head at its making. Tampered
// with as the tables' owner could (the append-only trigger switched off), the chain is checked end to end
// and against every anchor, and `verifyAuditLog` names an edited row, a row edited and re-hashed onward, and
// rows cut from the end.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc, eq, gte, sql } from 'drizzle-orm';
import { appendAudit, auditChainHead, auditRowHash } from '../../src/lib/server/audit';
import { describeAuditProblem, verifyAuditLog } from '../../src/lib/server/audit-verify';
import type { Database } from '../../src/lib/server/db/client';
import { auditLog, meetings, writtenRecords } from '../../src/lib/server/db/schema';
import { seedDemo } from '../../src/lib/server/demo';
import { testDatabases } from './support/databases';

/** The owner of the table switches the trigger off, changes rows, and switches it on again. */
async function asOwner(database: Database, change: (tx: Database['db']) => Promise<void>) {
	await database.db.transaction(async (tx) => {
		await tx.execute(sql`alter table audit_log disable trigger audit_log_append_only`);
		await change(tx as unknown as Database['db']);
		await tx.execute(sql`alter table audit_log enable trigger audit_log_append_only`);
	});
}

describe.each(testDatabases)('the anchored audit chain on $name', (kind) => {
	let database: Database & { drop(): Promise<void> };
	/** Row numbers where written records anchored the chain. */
	const anchors: number[] = [];

	/** A written record kept now, carrying the chain's head as generateWrittenRecord does. */
	async function keepRecord() {
		const [meeting] = await database.db.select({ id: meetings.id }).from(meetings).limit(1);
		const head = await auditChainHead(database.db);
		await database.db.insert(writtenRecords).values({ meetingId: meeting.id, sha256: '0'.repeat(64), pdf: new TextEncoder().encode('%PDF-'), planHash: 'p', auditSeq: head.seq, auditHash: head.hash });
		anchors.push(head.seq);
	}

	beforeEach(async () => {
		anchors.length = 0;
		database = await kind.open();
		await seedDemo(database.db);
		for (let i = 0; i < 10; i++) await appendAudit(database.db, { action: 'test-event', detail: { i } });
		await keepRecord();
		for (let i = 10; i < 20; i++) await appendAudit(database.db, { action: 'test-event', detail: { i } });
		await keepRecord();
		expect(await verifyAuditLog(database.db)).toMatchObject({ ok: true, anchors: 2 });
	});
	afterEach(async () => database?.drop());

	it('names a row edited in place', async () => {
		await asOwner(database, (tx) => tx.execute(sql`update audit_log set detail = '{"i":"edited"}'::jsonb where seq = 5`).then(() => {}));
		const result = await verifyAuditLog(database.db);
		expect(result).toMatchObject({ ok: false, problem: 'content altered', brokenAt: 5 });
		if (!result.ok) expect(describeAuditProblem(result.problems[0])).toMatch(/Row 5 was edited/);
	});

	it('names a row edited and re-hashed onward, by the anchor it no longer reaches', async () => {
		const edited = anchors[0] + 3;
		await asOwner(database, async (tx) => {
			await tx.execute(sql`update audit_log set detail = '{"i":"edited"}'::jsonb where seq = ${edited}`);
			// Every hash from the edited row on recomputed, so the chain itself verifies again.
			const rows = await tx.select().from(auditLog).where(gte(auditLog.seq, edited)).orderBy(asc(auditLog.seq));
			let [{ hash: prevHash }] = await tx.select({ hash: auditLog.hash }).from(auditLog).where(eq(auditLog.seq, edited - 1));
			for (const row of rows) {
				const hash = auditRowHash(prevHash, { at: row.at, action: row.action, actorUserId: row.actorUserId, caseId: row.caseId, meetingId: row.meetingId, detail: row.detail });
				await tx.update(auditLog).set({ prevHash, hash }).where(eq(auditLog.seq, row.seq));
				prevHash = hash;
			}
		});
		const result = await verifyAuditLog(database.db);
		expect(result).toMatchObject({ ok: false, problem: 're-hashed', brokenAt: anchors[0] + 1 });
		if (!result.ok) {
			expect(result.problems).toEqual([expect.objectContaining({ kind: 're-hashed', seq: anchors[1], after: anchors[0] })]);
			expect(describeAuditProblem(result.problems[0])).toMatch(new RegExp(`a row from ${anchors[0] + 1} to ${anchors[1]} was changed and the hashes recomputed`));
		}
	});

	it('names rows cut from the end, by the anchor beyond the last row', async () => {
		const cutFrom = anchors[1] - 2;
		await asOwner(database, (tx) => tx.delete(auditLog).where(gte(auditLog.seq, cutFrom)).then(() => {}));
		const result = await verifyAuditLog(database.db);
		expect(result).toMatchObject({ ok: false, problem: 'cut tail', brokenAt: cutFrom });
		if (!result.ok) expect(describeAuditProblem(result.problems[0])).toMatch(new RegExp(`chain stops at row ${cutFrom - 1}, but written record .+ anchored row ${anchors[1]}`));
	});
});
