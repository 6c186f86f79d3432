// Rescue: a meeting whose stored document cannot be read (here, bytes a bug once wrote to its log, and an
// update written before today's firewall) is reported in words for that meeting alone — the API answers 503
// with what to do, the dashboard says so for that case, every other meeting works — and the repair names the
// bad updates and rebuilds the document without them as a new snapshot, deleting nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import * as Y from 'yjs';
import { addAction, planList, planText, readPlan, userOrigin } from '../../src/lib/plan';
import { caseDue } from '../../src/lib/server/dashboard';
import type { Database } from '../../src/lib/server/db/client';
import { auditLog, cases, meetings, meetingSnapshots, meetingUpdates } from '../../src/lib/server/db/schema';
import { meetingRecord } from '../../src/lib/server/meeting-record';
import { meetingsOfCase } from '../../src/lib/server/meetings';
import { seedDemo } from '../../src/lib/server/demo';
import { appendUpdates, storedDocument } from '../../src/lib/server/collab-hooks/store';
import { inspectMeetingLog, repairMeeting } from '../../server/repair';
import { connectClient, eventually } from '../support/collab-client';
import { testDatabases } from './support/databases';
import { seedDemoMeeting, type DemoPeople } from './support/demo-meeting';
import { sessionTokenOf, startLiveServer } from './support/live-server';

describe.each(testDatabases)('repairing a meeting on $name', (kind) => {
	let database: Database & { drop(): Promise<void> };
	let meetingId: string;
	let otherMeetingId: string;
	let caseId: string;
	let people: DemoPeople;
	let hiddenKeySeq: number;
	let garbageSeq: number;

	beforeAll(async () => {
		database = await kind.open();
		({ meetingId, caseId, people } = await seedDemoMeeting(database.db));
		await seedDemo(database.db, { extraMeetings: 1 });
		otherMeetingId = (await meetingsOfCase(database.db, caseId)).find((m) => m.id !== meetingId)!.id;
		await database.db.update(meetings).set({ status: 'open', openedAt: new Date() }).where(eq(meetings.id, meetingId));

		// The chair writes through a real room, as in any meeting.
		const server = await startLiveServer(database.db);
		const chair = connectClient(server.url, meetingId, await sessionTokenOf(database.db, 'chair@demo.test'));
		await chair.synced;
		planText(chair.doc, 'concerns')!.insert(0, 'Agreed concerns.');
		addAction(chair.doc, { what: 'Weekly home visit' }, userOrigin(people.chair.memberId));
		await eventually(async () => readPlan((await storedDocument(database.db, meetingId))!).actions.length === 1, 5_000, 'the chair’s edits stored');
		// What the log may hold from before today's firewall: a hidden key on the action, sent by the school.
		const copy = new Y.Doc();
		Y.applyUpdate(copy, Y.encodeStateAsUpdate(chair.doc));
		const before = Y.encodeStateVector(copy);
		planList(copy, 'actions')!.get(0).set('hidden', 'changes the plan hash');
		chair.destroy();
		await server.close();
		[hiddenKeySeq] = await appendUpdates(database.db, [{ meetingId, memberId: people.school.memberId, userId: people.school.user.id, update: Y.encodeStateAsUpdate(copy, before) }]);
		// And bytes no Yjs can read, as a bug might once have stored.
		[garbageSeq] = await appendUpdates(database.db, [{ meetingId, memberId: people.school.memberId, userId: people.school.user.id, update: new Uint8Array([9, 9, 9, 9, 250, 1]) }]);
	});
	afterAll(async () => {
		await database?.drop();
	});

	const meetingRow = async (id: string) => (await database.db.select().from(meetings).where(eq(meetings.id, id)))[0];

	it('says in words that this meeting cannot be opened, and only this one', async () => {
		await expect(meetingRecord(database.db, await meetingRow(meetingId))).rejects.toMatchObject({ status: 503, body: { message: expect.stringMatching(/could not be opened.*repair/) } });
		expect((await meetingRecord(database.db, await meetingRow(otherMeetingId))).status).toBe('scheduled');
		const [demoCase] = await database.db.select().from(cases).where(eq(cases.id, caseId));
		const due = await caseDue(database.db, demoCase, await meetingsOfCase(database.db, caseId), new Date());
		expect(due[0]).toMatchObject({ text: expect.stringMatching(/could not be read.*repair/), state: 'overdue' });
	});

	it('names the updates today’s firewall would refuse, and rebuilds without them as a new snapshot', async () => {
		const report = await inspectMeetingLog(database.db, meetingId);
		const refused = report.filter((r) => r.refusal !== null);
		expect(refused.map((r) => r.seq)).toEqual([hiddenKeySeq, garbageSeq]);
		expect(refused[0].refusal).toMatch(/unknown key "hidden"/);

		const rowsBefore = await database.db.$count(meetingUpdates, eq(meetingUpdates.meetingId, meetingId));
		const repaired = await repairMeeting(database.db, meetingId, new Set([hiddenKeySeq, garbageSeq]));
		expect(repaired.excluded).toEqual([hiddenKeySeq, garbageSeq]);
		// Nothing deleted: every row is still in the log; the repair is a snapshot of its own.
		expect(await database.db.$count(meetingUpdates, eq(meetingUpdates.meetingId, meetingId))).toBeGreaterThanOrEqual(rowsBefore);
		expect(await database.db.$count(meetingSnapshots, eq(meetingSnapshots.id, repaired.snapshotId))).toBe(1);
		// The repair is in the audit log, naming what it left out and the snapshot it made.
		const audited = (await database.db.select().from(auditLog).where(eq(auditLog.action, 'meeting-repaired'))).filter((row) => row.meetingId === meetingId);
		expect(audited).toHaveLength(1);
		expect(audited[0].detail).toMatchObject({ excluded: [hiddenKeySeq, garbageSeq], snapshotId: repaired.snapshotId });

		const record = await meetingRecord(database.db, await meetingRow(meetingId));
		expect(record.plan.concerns).toBe('Agreed concerns.');
		expect(record.plan.actions).toEqual([expect.objectContaining({ what: 'Weekly home visit' })]);
		expect(JSON.stringify(record.plan)).not.toContain('hidden');
	});
});
