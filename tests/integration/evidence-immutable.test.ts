// Evidence is immutable (DESIGN §4 rule 12): with a whole meeting on record, every evidence table refuses
// UPDATE, DELETE and TRUNCATE from the app's own connection, its foreign keys restrict rather than cascade,
// and neither the meeting nor its case can be deleted. On PostgreSQL, a role that does not own the tables
// cannot switch the triggers off, and the server tells a role that could.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import * as Y from 'yjs';
import { appendAudit } from '../../src/lib/server/audit';
import { createDb, type Database } from '../../src/lib/server/db/client';
import * as schema from '../../src/lib/server/db/schema';
import { EVIDENCE_TABLES, evidenceGuardOfRole, evidenceGuardWarning } from '../../src/lib/server/evidence-tables';
import { appendUpdates, storeSnapshot } from '../../src/lib/server/collab-hooks/store';
import { testDatabases } from './support/databases';
import { seedDemoMeeting } from './support/demo-meeting';

/** A raw query's rows, whichever driver ran it (PGlite answers { rows }, postgres.js an array). */
async function rowsOf<T>(database: Database, query: ReturnType<typeof sql>): Promise<T[]> {
	const result = (await database.db.execute(query)) as unknown as { rows?: T[] } | T[];
	return Array.isArray(result) ? result : (result.rows ?? []);
}

/** The first message of the database's refusal, whichever driver raised it. */
async function refusal(database: Database, statement: string): Promise<string> {
	try {
		await database.db.execute(sql.raw(statement));
	} catch (error) {
		const e = error as { message?: string; cause?: { message?: string } };
		return `${e.message ?? ''} ${e.cause?.message ?? ''}`;
	}
	return 'accepted';
}

describe.each(testDatabases)('evidence on $name', (kind) => {
	let database: Database & { drop(): Promise<void> };
	let meetingId: string;
	let caseId: string;

	beforeAll(async () => {
		database = await kind.open();
		const seeded = await seedDemoMeeting(database.db);
		({ meetingId, caseId } = seeded);
		const { db } = database;
		const parent = seeded.people.parent;
		const chair = seeded.people.chair;
		// One row in every evidence table, as the record's own writers would leave them.
		const doc = new Y.Doc();
		doc.getMap('plan').set('x', 1);
		const [seq] = await appendUpdates(db, [{ meetingId, memberId: chair.memberId, userId: chair.user.id, update: Y.encodeStateAsUpdate(doc) }]);
		await storeSnapshot(db, meetingId, seq, Y.encodeStateAsUpdate(doc), new Map());
		await db.insert(schema.attendance).values({ meetingId, memberId: parent.memberId, status: 'present', recordedBy: chair.user.id });
		const [d] = await db.insert(schema.disagreements).values({ meetingId, memberId: parent.memberId, about: 'contingency', position: 'p', reason: 'r' }).returning();
		await db.insert(schema.disagreementReflections).values({ disagreementId: d.id, meetingId, reflected: 'Not accepted.', accepted: false });
		await db.insert(schema.writtenViews).values({ meetingId, memberId: parent.memberId, text: 'Views.', via: 'account' });
		await db.insert(schema.signatures).values({ meetingId, memberId: parent.memberId, planHash: 'h', method: 'typed', typedName: 'Robin', signedBy: parent.user.id });
		await db.insert(schema.agencyConfirmations).values({ meetingId, memberId: chair.memberId, planHash: 'h', emailSentAt: new Date().toISOString(), emailText: 'We agree.', recordedBy: chair.user.id });
		await db.insert(schema.planVersions).values({ meetingId, planHash: 'h', plan: '{}' });
		await db.insert(schema.editingPauses).values({ meetingId, paused: true, recordedBy: chair.user.id });
		const [record] = await db.insert(schema.writtenRecords).values({ meetingId, sha256: '0'.repeat(64), pdf: new Uint8Array([37]), planHash: 'h' }).returning({ id: schema.writtenRecords.id });
		const [c] = await db.insert(schema.circulations).values({ meetingId, recordId: record.id, memberId: parent.memberId, email: parent.user.email }).returning();
		await db.insert(schema.circulationDeliveries).values({ circulationId: c.id, transport: 'file', reference: 'x.eml' });
		await db.insert(schema.circulationReceipts).values({ circulationId: c.id });
		const school = seeded.people.school;
		const lead = seeded.people['social.worker'];
		await db.insert(schema.actionProgress).values({ caseId, meetingId, actionId: crypto.randomUUID(), memberId: school.memberId, userId: school.user.id, status: 'in-progress' });
		await db.insert(schema.homeVisits).values({ caseId, memberId: lead.memberId, userId: lead.user.id, childSeen: false });
		const [e] = await db.insert(schema.escalations).values({ caseId, kind: 'difficulty', details: 'd', raisedBy: parent.memberId, raisedByUser: parent.user.id }).returning();
		await db.insert(schema.escalationAcknowledgements).values({ escalationId: e.id, memberId: lead.memberId, userId: lead.user.id, decision: 'core-group-discussion' });
		await db.insert(schema.meetingReschedules).values({ meetingId, fromScheduledFor: new Date(), toScheduledFor: new Date(), reason: 'r', userId: chair.user.id });
		await appendAudit(db, { action: 'test-event', meetingId });
	});
	afterAll(async () => database?.drop());

	it.each(EVIDENCE_TABLES)('%s refuses UPDATE, DELETE and TRUNCATE', async (table) => {
		const [{ n }] = await rowsOf<{ n: unknown }>(database, sql.raw(`select count(*) as n from ${table}`));
		expect(Number(n)).toBeGreaterThan(0);
		const column = { circulation_receipts: 'at', circulation_deliveries: 'error', audit_log: 'action', action_progress: 'case_id', home_visits: 'case_id', escalations: 'case_id', escalation_acknowledgements: 'note' }[table as string] ?? 'meeting_id';
		expect(await refusal(database, `update ${table} set ${column} = ${column}`)).toMatch(/append-only/);
		expect(await refusal(database, `delete from ${table}`)).toMatch(/append-only/);
		expect(await refusal(database, `truncate ${table} cascade`)).toMatch(/append-only/);
	});

	it('keeps foreign keys from evidence restricting, never cascading', async () => {
		const rules = await rowsOf<{ table: string; rule: string }>(
			database,
			sql`select tc.table_name as "table", rc.delete_rule as "rule"
				from information_schema.referential_constraints rc
				join information_schema.table_constraints tc on tc.constraint_name = rc.constraint_name
				where tc.table_name in (${sql.join(
					EVIDENCE_TABLES.map((t) => sql`${t}`),
					sql`, `
				)}) or tc.table_name = 'meetings'`
		);
		expect(rules.length).toBeGreaterThan(20);
		expect(rules.filter((r) => r.rule === 'CASCADE')).toEqual([]);
	});

	it('refuses to delete a meeting that has evidence, or its case', async () => {
		expect(await refusal(database, `delete from meetings where id = '${meetingId}'`)).toMatch(/foreign key|append-only/);
		expect(await refusal(database, `delete from cases where id = '${caseId}'`)).toMatch(/foreign key|append-only/);
		expect(await refusal(database, `truncate meetings cascade`)).toMatch(/append-only/);
	});
});

describe.runIf(!!process.env.DATABASE_URL)('a database role that does not own the tables', () => {
	let database: Database & { drop(): Promise<void> };
	let app: Database;
	const role = `core_group_app_${process.pid}`;

	beforeAll(async () => {
		database = await testDatabases.find((k) => k.name === 'postgres')!.open();
		await database.db.execute(sql.raw(`drop role if exists ${role}`));
		await database.db.execute(sql.raw(`create role ${role} login`));
		await database.db.execute(sql.raw(`grant select, insert on all tables in schema public to ${role}`));
		const [{ name }] = await rowsOf<{ name: string }>(database, sql`select current_database() as name`);
		const url = new URL(process.env.DATABASE_URL!);
		url.username = role;
		url.password = '';
		url.pathname = `/${name}`;
		app = createDb({ url: url.toString() });
	});
	afterAll(async () => {
		await app?.close();
		await database?.db.execute(sql.raw(`drop owned by ${role}`)).catch(() => {});
		await database?.drop();
		const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
		await admin.unsafe(`drop role if exists ${role}`).catch(() => {});
		await admin.end();
	});

	it('cannot switch the triggers off, and the server warns only about a role that could', async () => {
		expect(await refusal(app, 'alter table audit_log disable trigger audit_log_append_only')).toMatch(/must be owner/);
		expect(await refusal(app, 'alter table signatures disable trigger signatures_append_only')).toMatch(/must be owner/);
		expect(evidenceGuardWarning(await evidenceGuardOfRole(database.db))).toMatch(/could switch off the triggers.*README/);
		expect(await evidenceGuardOfRole(app.db)).toEqual({ role, superuser: false, owns: [] });
		expect(evidenceGuardWarning(await evidenceGuardOfRole(app.db))).toBeNull();
	});
});
