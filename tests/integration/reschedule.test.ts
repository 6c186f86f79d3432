// Moving a scheduled meeting: only the lead social worker or the chair, only before it starts; a date past the
// statutory timescale is warned about before anything is saved; each move is appended with its reason and
// audit row; and every member is sent the new date in writing, in their language, through the outbox.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { addWorkingDays, londonDate } from '../../src/lib/calendar';
import type { Database } from '../../src/lib/server/db/client';
import { auditLog, cases, meetingReschedules, meetings, memberships } from '../../src/lib/server/db/schema';
import { openMeeting } from '../../src/lib/server/meeting-facts';
import { meetingAccess } from '../../src/lib/server/meetings';
import { unloadRooms } from '../../server/engine';
import { actions as meetingActions } from '../../src/routes/meetings/[meetingId]/+page.server';
import { postForm } from './support/form-action';
import { testDatabases } from './support/databases';
import { seedDemoMeeting, type DemoPeople } from './support/demo-meeting';
import { temporaryOutbox, type TemporaryOutbox } from './support/outbox';

/** 'YYYY-MM-DDT10:00' on the London date `days` calendar days from today. */
const inDays = (days: number) => `${londonDate(new Date(Date.now() + days * 86_400_000))}T10:00`;

describe.each(testDatabases)('rescheduling a meeting on $name', (kind) => {
	let database: Database & { drop(): Promise<void> };
	let outbox: TemporaryOutbox;
	let meetingId: string;
	let caseId: string;
	let people: DemoPeople;
	const move = (who: string, fields: Record<string, string>) =>
		postForm(meetingActions.reschedule, { db: database.db, user: people[who].user, params: { meetingId }, fields: { confirmLate: '', ...fields }, url: 'https://core-group.example/meetings/x' });
	const scheduledFor = async () => (await database.db.select().from(meetings).where(eq(meetings.id, meetingId)))[0].scheduledFor;

	beforeAll(async () => {
		database = await kind.open();
		outbox = await temporaryOutbox();
		({ meetingId, caseId, people } = await seedDemoMeeting(database.db));
		// The parent reads Welsh best.
		await database.db.update(memberships).set({ language: 'cy' }).where(eq(memberships.id, people.parent.memberId));
	});
	afterAll(async () => {
		unloadRooms();
		await database?.drop();
		await outbox?.remove();
	});

	it('refuses everyone but the lead social worker and the chair, and bad input, storing nothing', async () => {
		const before = await scheduledFor();
		for (const who of ['school', 'parent', 'minutes', 'observer']) expect((await move(who, { scheduledFor: inDays(4), reason: 'Room booked.' })).status).toBe(403);
		expect((await move('chair', { scheduledFor: 'next tuesday', reason: 'x' })).status).toBe(400);
		expect((await move('chair', { scheduledFor: '2027-02-30T10:00', reason: 'x' })).status).toBe(400);
		expect((await move('chair', { scheduledFor: inDays(-2), reason: 'x' })).status).toBe(400);
		expect((await move('chair', { scheduledFor: inDays(4), reason: '  ' })).status).toBe(400);
		expect((await move('chair', { scheduledFor: inDays(4), reason: 'a\u0000b' })).status).toBe(400);
		expect(await scheduledFor()).toEqual(before);
		expect(await database.db.$count(meetingReschedules)).toBe(0);
		expect(await outbox.messages()).toEqual([]);
	});

	it('warns before saving a date past the statutory timescale, and saves it once confirmed', async () => {
		const [c] = await database.db.select().from(cases).where(eq(cases.id, caseId));
		const dueBy = addWorkingDays(c.icpcDate, 10, c.nation);
		const late = `${addWorkingDays(dueBy, 3, c.nation)}T10:00`;
		const warned = await move('social.worker', { scheduledFor: late, reason: 'The school is closed that week.' });
		expect(warned.status).toBe(409);
		expect(warned.data).toMatchObject({ needsConfirming: true, dueBy });
		expect(await database.db.$count(meetingReschedules)).toBe(0);
		const moved = await move('social.worker', { scheduledFor: late, reason: 'The school is closed that week.', confirmLate: 'yes' });
		expect(moved.status).toBe(200);
		expect(londonDate(await scheduledFor())).toBe(late.slice(0, 10));
		const [audit] = await database.db.select().from(auditLog).where(and(eq(auditLog.action, 'meeting-rescheduled'), eq(auditLog.meetingId, meetingId)));
		expect(audit.detail).toMatchObject({ late: true, dueBy, to: (await scheduledFor()).toISOString() });
	});

	it('sends every member the new date in writing, in their language', async () => {
		const mail = await outbox.messages();
		expect(mail.flatMap((m) => m.to).sort()).toEqual(
			['chair@demo.test', 'health@demo.test', 'minutes@demo.test', 'observer@demo.test', 'parent@demo.test', 'school@demo.test', 'social.worker@demo.test'].sort()
		);
		const [welsh] = await outbox.to('parent@demo.test');
		expect(welsh.subject).toMatch(/^Mae cyfarfod y grŵp craidd wedi['’]i symud/);
		expect(welsh.text).toContain('The school is closed that week.');
		const [english] = await outbox.to('school@demo.test');
		expect(english.subject).toMatch(/^Core group meeting moved to /);
		expect(english.text).toContain('Sam Caseworth confirms this in writing');
		expect(english.text).toContain('https://core-group.example/meetings/');
	});

	it('moves a meeting within its timescale at once, and never one that has started', async () => {
		expect((await move('chair', { scheduledFor: inDays(2), reason: 'Brought forward.' })).status).toBe(200);
		expect(await database.db.$count(meetingReschedules, eq(meetingReschedules.meetingId, meetingId))).toBe(2);
		const access = (await meetingAccess(database.db, people.chair.user, meetingId))!;
		expect((await openMeeting(database.db, people.chair.user, access)).ok).toBe(true);
		expect((await move('chair', { scheduledFor: inDays(5), reason: 'Too late now.' })).status).toBe(409);
	});
});
