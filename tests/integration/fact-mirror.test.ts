// A fact and its audit row commit together; the live room follows from the committed rows. When the room
// cannot be brought in line (here a meeting whose stored document cannot be read, as a bug once left one),
// the fact and its audit row are still on record, a mirror job says what is owed, and once the room can be
// opened again the server's retry mirrors it and clears the job.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { readDocument } from '../../src/lib/plan';
import type { Database } from '../../src/lib/server/db/client';
import { attendance, auditLog, meetings, mirrorJobs } from '../../src/lib/server/db/schema';
import { recordAttendance } from '../../src/lib/server/meeting-facts';
import { meetingAccess } from '../../src/lib/server/meetings';
import { retryMirrors } from '../../src/lib/server/mirror-queue';
import { appendUpdates, storedDocument } from '../../server/collab/persistence';
import { repairMeeting } from '../../server/collab/repair';
import { unloadRooms } from '../../server/collab/rooms';
import { testDatabases } from './support/databases';
import { seedDemoMeeting, type DemoPeople } from './support/demo-meeting';

describe.each(testDatabases)('a fact whose mirror fails on $name', (kind) => {
	let database: Database & { drop(): Promise<void> };
	let meetingId: string;
	let people: DemoPeople;
	let garbageSeq: number;

	beforeAll(async () => {
		database = await kind.open();
		({ meetingId, people } = await seedDemoMeeting(database.db));
		await database.db.update(meetings).set({ status: 'open', openedAt: new Date() }).where(eq(meetings.id, meetingId));
		// Bytes no Yjs can read in the meeting's log: its room cannot be opened until it is repaired.
		[garbageSeq] = await appendUpdates(database.db, [{ meetingId, memberId: people.chair.memberId, userId: people.chair.user.id, update: new Uint8Array([9, 9, 9, 9, 250, 1]) }]);
	});
	afterAll(async () => {
		unloadRooms();
		await database?.drop();
	});

	it('keeps the fact and its audit row, owes the room a mirror, and mirrors it on retry', async () => {
		const access = (await meetingAccess(database.db, people.chair.user, meetingId))!;
		expect(await recordAttendance(database.db, people.chair.user, access, { member: people.parent.memberId, status: 'present' })).toEqual({ ok: true });

		const stored = await database.db.select().from(attendance).where(eq(attendance.meetingId, meetingId));
		expect(stored).toMatchObject([{ memberId: people.parent.memberId, status: 'present' }]);
		const audited = await database.db.select().from(auditLog).where(and(eq(auditLog.action, 'attendance-recorded'), eq(auditLog.meetingId, meetingId)));
		expect(audited).toHaveLength(1);
		expect(await database.db.$count(mirrorJobs, eq(mirrorJobs.meetingId, meetingId))).toBe(1);
		// Still owed while the room cannot be opened: the retry fails and keeps the job.
		expect(await retryMirrors(database.db)).toEqual({ mirrored: 0, failed: 1 });
		expect(await database.db.$count(mirrorJobs, eq(mirrorJobs.meetingId, meetingId))).toBe(1);

		// An administrator repairs the meeting (a new snapshot without the unreadable bytes).
		await repairMeeting(database.db, meetingId, new Set([garbageSeq]));
		expect(readDocument((await storedDocument(database.db, meetingId))!).attendance).toEqual({});

		expect(await retryMirrors(database.db)).toEqual({ mirrored: 1, failed: 0 });
		expect(await database.db.$count(mirrorJobs, eq(mirrorJobs.meetingId, meetingId))).toBe(0);
		expect(readDocument((await storedDocument(database.db, meetingId))!).attendance).toEqual({ [people.parent.memberId]: 'present' });
	});

	it('takes a later status as a new row, the latest holding', async () => {
		const access = (await meetingAccess(database.db, people.chair.user, meetingId))!;
		expect(await recordAttendance(database.db, people.chair.user, access, { member: people.parent.memberId, status: 'apologies' })).toEqual({ ok: true });
		const rows = await database.db.select().from(attendance).where(eq(attendance.meetingId, meetingId)).orderBy(attendance.seq);
		expect(rows.map((r) => r.status)).toEqual(['present', 'apologies']);
		expect(readDocument((await storedDocument(database.db, meetingId))!).attendance).toEqual({ [people.parent.memberId]: 'apologies' });
		expect(await database.db.$count(mirrorJobs)).toBe(0);
	});
});
