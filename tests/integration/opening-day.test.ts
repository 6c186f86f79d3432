// Opening a meeting on a day other than the one it was scheduled for: the opening's audit row says so and keeps
// the chair's reason; opened on its day, the row says nothing more than when.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { londonDate } from '../../src/lib/calendar';
import type { Database } from '../../src/lib/server/db/client';
import { auditLog, meetings } from '../../src/lib/server/db/schema';
import { openMeeting } from '../../src/lib/server/meeting-facts';
import { meetingAccess } from '../../src/lib/server/meetings';
import { testDatabases } from './support/databases';
import { seedDemoMeeting, type DemoPeople } from './support/demo-meeting';

describe.each(testDatabases)('opening on another day, on $name', (kind) => {
	let database: Database & { drop(): Promise<void> };
	let caseId: string;
	let laterMeetingId: string;
	let people: DemoPeople;

	beforeAll(async () => {
		database = await kind.open();
		// The demo meeting is scheduled three days from now.
		({ caseId, meetingId: laterMeetingId, people } = await seedDemoMeeting(database.db));
	});
	afterAll(async () => {
		await database?.drop();
	});

	const openingRow = async (meetingId: string) => {
		const [row] = await database.db.select().from(auditLog).where(and(eq(auditLog.meetingId, meetingId), eq(auditLog.action, 'meeting-opened')));
		return row;
	};
	const open = async (meetingId: string, reason?: string) =>
		openMeeting(database.db, people.chair.user, (await meetingAccess(database.db, people.chair.user, meetingId))!, reason);

	it('records the day it was scheduled for, the day it opened and the chair’s reason', async () => {
		const [{ scheduledFor }] = await database.db.select({ scheduledFor: meetings.scheduledFor }).from(meetings).where(eq(meetings.id, laterMeetingId));
		expect(await open(laterMeetingId, '  The family asked to meet sooner after the hospital visit.  ')).toEqual({ ok: true });
		const row = await openingRow(laterMeetingId);
		expect(row.detail).toMatchObject({
			scheduledDay: londonDate(scheduledFor),
			openedOn: londonDate(new Date()),
			reason: 'The family asked to meet sooner after the hospital visit.'
		});
	});

	it('on the day it was scheduled for, records only when it opened and on which plan', async () => {
		const [today] = await database.db.insert(meetings).values({ caseId, scheduledFor: new Date(), place: 'Family centre' }).returning({ id: meetings.id });
		expect(await open(today.id)).toEqual({ ok: true });
		const row = await openingRow(today.id);
		expect(Object.keys(row.detail as object).sort()).toEqual(['openedAt', 'planHash']);
	});

	it('refuses a reason past the limit, and opens nothing', async () => {
		const [another] = await database.db.insert(meetings).values({ caseId, scheduledFor: new Date(Date.now() + 10 * 86_400_000), place: 'Family centre' }).returning({ id: meetings.id });
		expect(await open(another.id, 'x'.repeat(10_001))).toMatchObject({ ok: false, status: 400 });
		const [m] = await database.db.select().from(meetings).where(eq(meetings.id, another.id));
		expect(m.status).toBe('scheduled');
	});
});
