// A fact and its audit row commit together; the room follows from the committed rows. A loaded room is brought
// in line at once, live for everyone; a room nobody has open is not loaded for it, since every room mirrors the
// record as it loads. When a loaded room cannot store the mirror, the fact and its audit row are still on record,
// a mirror job says what is owed, and the server's retry clears it; the room shows the fact once it opens again.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq, sql } from 'drizzle-orm';
import { readDocument } from '../../src/lib/plan';
import type { Database } from '../../src/lib/server/db/client';
import { attendance, auditLog, meetings, meetingUpdates, mirrorJobs } from '../../src/lib/server/db/schema';
import { withMeetingDocument } from '../../src/lib/server/meeting-document';
import { recordAttendance } from '../../src/lib/server/meeting-facts';
import { meetingAccess } from '../../src/lib/server/meetings';
import { retryMirrors } from '../../src/lib/server/mirror-queue';
import { appendUpdates, storedDocument } from '../../src/lib/server/collab-hooks/store';
import { repairMeeting } from '../../server/repair';
import { loadedRoomCount, openRoom, unloadRooms } from '../../server/engine';
import { testDatabases } from './support/databases';
import { seedDemoMeeting, type DemoPeople } from './support/demo-meeting';

describe.each(testDatabases)('a fact and the room that mirrors it on $name', (kind) => {
	let database: Database & { drop(): Promise<void> };
	let meetingId: string;
	let people: DemoPeople;

	const logRows = async () => (await database.db.select({ n: count() }).from(meetingUpdates).where(eq(meetingUpdates.meetingId, meetingId)))[0].n;
	const jobs = () => database.db.$count(mirrorJobs, eq(mirrorJobs.meetingId, meetingId));
	const roomAttendance = () => withMeetingDocument(database.db, meetingId, (doc) => readDocument(doc).attendance);
	const record = async (status: 'present' | 'apologies' | 'absent') => {
		const access = (await meetingAccess(database.db, people.chair.user, meetingId))!;
		return recordAttendance(database.db, people.chair.user, access, { member: people.parent.memberId, status });
	};

	beforeAll(async () => {
		database = await kind.open();
		({ meetingId, people } = await seedDemoMeeting(database.db));
		await database.db.update(meetings).set({ status: 'open', openedAt: new Date() }).where(eq(meetings.id, meetingId));
	});
	afterEach(() => unloadRooms());
	afterAll(async () => {
		await database?.drop();
	});

	it('does not load a room nobody has open for a fact: the room shows it as it opens', async () => {
		// Built once, then let go: the meeting has a stored document, and no room is loaded.
		await roomAttendance();
		unloadRooms();
		const rowsBefore = await logRows();

		expect(await record('present')).toEqual({ ok: true });
		expect(loadedRoomCount()).toBe(0);
		expect(await logRows()).toBe(rowsBefore);
		expect(await jobs()).toBe(0);
		expect(await database.db.$count(auditLog, and(eq(auditLog.action, 'attendance-recorded'), eq(auditLog.meetingId, meetingId)))).toBe(1);

		expect(await roomAttendance()).toEqual({ [people.parent.memberId]: 'present' });
		// Opening mirrored it through the log, like any server write.
		expect(readDocument((await storedDocument(database.db, meetingId))!).attendance).toEqual({ [people.parent.memberId]: 'present' });
	});

	it('mirrors a fact into a loaded room at once, through the log', async () => {
		await openRoom(database.db, meetingId);
		expect(await record('apologies')).toEqual({ ok: true });
		const rows = await database.db.select().from(attendance).where(eq(attendance.meetingId, meetingId)).orderBy(attendance.seq);
		expect(rows.map((r) => r.status)).toEqual(['present', 'apologies']);
		expect(readDocument((await storedDocument(database.db, meetingId))!).attendance).toEqual({ [people.parent.memberId]: 'apologies' });
		expect(await jobs()).toBe(0);
	});

	it('keeps the fact when the loaded room cannot store its mirror, owes it, and clears it on retry', async () => {
		await openRoom(database.db, meetingId);
		// The database refuses the room's log writes for a while (a full disk, a lost connection).
		await database.db.execute(sql`create function refuse_log_writes() returns trigger language plpgsql as $$ begin raise exception 'the log cannot be written now'; end $$`);
		await database.db.execute(sql`create trigger refuse_log_writes before insert on meeting_updates for each row execute function refuse_log_writes()`);
		const quiet = console.error;
		console.error = () => {};
		try {
			expect(await record('absent')).toEqual({ ok: true });
		} finally {
			console.error = quiet;
		}
		expect((await database.db.select().from(attendance).where(eq(attendance.meetingId, meetingId))).map((r) => r.status)).toContain('absent');
		expect(await database.db.$count(auditLog, and(eq(auditLog.action, 'attendance-recorded'), eq(auditLog.meetingId, meetingId)))).toBe(3);
		expect(await jobs()).toBe(1);

		await database.db.execute(sql`drop trigger refuse_log_writes on meeting_updates`);
		await database.db.execute(sql`drop function refuse_log_writes()`);
		expect(await retryMirrors(database.db)).toEqual({ mirrored: 1, failed: 0 });
		expect(await jobs()).toBe(0);
		expect(await roomAttendance()).toEqual({ [people.parent.memberId]: 'absent' });
	});

	it('records a fact on a meeting whose document cannot be read, and shows it once the meeting is repaired', async () => {
		// Bytes no Yjs can read in the meeting's log: its room cannot be opened until it is repaired.
		const [garbageSeq] = await appendUpdates(database.db, [{ meetingId, memberId: people.chair.memberId, userId: people.chair.user.id, update: new Uint8Array([9, 9, 9, 9, 250, 1]) }]);
		expect(await record('present')).toEqual({ ok: true });
		await expect(roomAttendance()).rejects.toMatchObject({ status: 503 });

		await repairMeeting(database.db, meetingId, new Set([garbageSeq]));
		expect(await roomAttendance()).toEqual({ [people.parent.memberId]: 'present' });
	});
});
