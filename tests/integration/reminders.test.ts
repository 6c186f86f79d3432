// Reminders between meetings on an injected clock: the owner two working days before an action is due and
// once it is overdue, the lead social worker's weekly summary, per-person opt-out, an outcome unmet on its
// date escalating with the contingency plan quoted — each e-mail once, also with two processes sending.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { addAction, addOutcome, planText, serverOrigin } from '../../src/lib/plan';
import { createDb, type Database } from '../../src/lib/server/db/client';
import { escalations, notices } from '../../src/lib/server/db/schema';
import { runReminders } from '../../src/lib/server/between/reminders';
import { startReminderScheduler } from '../../src/lib/server/between/reminder-scheduler';
import { eventually } from '../support/collab-client';
import { setWantsReminders } from '../../src/lib/server/between/reminder-choice';
import { closeMeeting, openMeeting } from '../../src/lib/server/meeting-facts';
import { withRoom } from '../../src/lib/server/meeting-document';
import { meetingAccess } from '../../src/lib/server/meetings';
import { outboxConfig } from '../../src/lib/server/outbox';
import { unloadRooms } from '../../server/engine';
import { testDatabases } from './support/databases';
import { seedDemoMeeting, type DemoPeople } from './support/demo-meeting';
import { temporaryOutbox, type TemporaryOutbox } from './support/outbox';

/** 10:00 in London on a winter day. */
const at = (day: string) => new Date(`${day}T10:00:00Z`);

describe.each(testDatabases)('reminders on $name', (kind) => {
	let database: Database & { drop(): Promise<void> };
	let outbox: TemporaryOutbox;
	let caseId: string;
	let meetingId: string;
	let people: DemoPeople;
	const pass = (day: string, db = database.db) => runReminders(db, { now: at(day), outbox: outboxConfig(), origin: 'https://core-group.example' });
	const subjects = async (address: string) => (await outbox.to(address)).map((m) => m.subject);

	beforeAll(async () => {
		database = await kind.open();
		outbox = await temporaryOutbox();
		({ caseId, meetingId, people } = await seedDemoMeeting(database.db));
		const access = async () => (await meetingAccess(database.db, people.chair.user, meetingId))!;
		expect((await openMeeting(database.db, people.chair.user, await access())).ok).toBe(true);
		await withRoom(database.db, meetingId, (room) =>
			room.serverWrite((doc) => {
				planText(doc, 'contingency')!.insert(0, 'If attendance does not improve by the date set, a review conference is asked for.');
				const outcome = addOutcome(doc, { text: 'Jamie attends school every day.', measure: 'Over 95%.', by: '2026-12-18' }, serverOrigin);
				addAction(doc, { what: 'Ring home by 9:30 when Jamie is absent.', why: '', owner: people.school.memberId, due: '2026-12-23', outcome, contact: '', status: 'in-progress' }, serverOrigin);
				addAction(doc, { what: 'Walk Jamie to school.', why: '', owner: people.parent.memberId, due: '2026-12-30', outcome, contact: '', status: 'in-progress' }, serverOrigin);
			})
		);
		expect((await closeMeeting(database.db, people.chair.user, await access())).ok).toBe(true);
		await setWantsReminders(database.db, people.parent.user.id, false);
	});
	afterAll(async () => {
		unloadRooms();
		await database?.drop();
		await outbox?.remove();
	});

	it('reminds the owner two working days before the due date, sums up the week for the lead social worker, and escalates an outcome unmet on its date', async () => {
		// Friday 18 December: the school's action is due on Wednesday 23rd, three working days away.
		await pass('2026-12-18');
		expect(await subjects('school@demo.test')).toEqual([]);
		// Monday 21 December: two working days before.
		await pass('2026-12-21');
		expect(await subjects('school@demo.test')).toEqual(['Reminder: an action is due on Wed 23 Dec 2026 (case DEMO-0001)']);
		expect((await outbox.to('school@demo.test'))[0].text).toContain('https://core-group.example/my-actions');
		const lead = await subjects('social.worker@demo.test');
		expect(lead.filter((s) => s.startsWith('Weekly summary'))).toEqual(['Weekly summary of the plan (case DEMO-0001), week of Mon 14 Dec 2026', 'Weekly summary of the plan (case DEMO-0001), week of Mon 21 Dec 2026']);
		// The outcome was due on the 18th, unmet: one escalation quoting the contingency plan, e-mailed at once.
		const [raised] = await database.db.select().from(escalations).where(eq(escalations.caseId, caseId));
		expect(raised.kind).toBe('difficulty');
		expect(raised.details).toContain('The outcome “Jamie attends school every day.” was to be achieved by Fri 18 Dec 2026');
		expect(raised.details).toContain('If attendance does not improve by the date set, a review conference is asked for.');
		expect(lead.filter((s) => s.startsWith('Escalation'))).toHaveLength(1);
		expect((await subjects('chair@demo.test')).filter((s) => s.startsWith('Escalation'))).toHaveLength(1);
	});

	it('sends nothing twice when the pass runs again', async () => {
		const before = (await outbox.messages()).length;
		await pass('2026-12-21');
		await pass('2026-12-22');
		expect((await outbox.messages()).length).toBe(before);
		expect(await database.db.$count(escalations, eq(escalations.caseId, caseId))).toBe(1);
	});

	it('tells the owner once the action is overdue, and nobody who turned reminders off', async () => {
		await pass('2026-12-24');
		expect(await subjects('school@demo.test')).toContain('Overdue: an action was due on Wed 23 Dec 2026 (case DEMO-0001)');
		// Tuesday 29 December (Monday 28th is a bank holiday): the parent's action is due tomorrow, but they said no.
		await pass('2026-12-29');
		expect(await subjects('parent@demo.test')).toEqual([]);
		expect((await subjects('social.worker@demo.test')).filter((s) => s.includes('week of Mon 28 Dec 2026'))).toHaveLength(1);
		await setWantsReminders(database.db, people.parent.user.id, true);
		await pass('2026-12-29');
		expect(await subjects('parent@demo.test')).toEqual(['Reminder: an action is due on Wed 30 Dec 2026 (case DEMO-0001)']);
	});

	it('sends each e-mail once when two processes run the pass at the same moment', async () => {
		// A second process: on PostgreSQL its own connection pool to the same database.
		let other: Database | null = null;
		if (kind.name === 'postgres') {
			const [{ name }] = (await database.db.execute(sql`select current_database() as name`)) as unknown as { name: string }[];
			const url = new URL(process.env.DATABASE_URL!);
			url.pathname = `/${name}`;
			other = createDb({ url: url.toString() });
		}
		try {
			const before = (await outbox.messages()).length;
			const results = await Promise.all([pass('2027-01-04'), pass('2027-01-04', other?.db ?? database.db)]);
			// Two e-mails are due that Monday (the weekly summary, the parent's overdue action): two go, once each.
			expect((await outbox.messages()).length - before).toBe(2);
			expect(results[0].sent + results[1].sent).toBe(2);
			expect((await subjects('parent@demo.test')).filter((s) => s.startsWith('Overdue'))).toHaveLength(1);
			const weekly = (await subjects('social.worker@demo.test')).filter((s) => s.includes('week of Mon 4 Jan 2027'));
			expect(weekly).toHaveLength(1);
			expect(await database.db.$count(notices, eq(notices.key, `weekly:${caseId}:${people['social.worker'].memberId}:2027-01-04`))).toBe(1);
		} finally {
			await other?.close();
		}
	});

	it('runs a pass as soon as the server starts its scheduler', async () => {
		const scheduler = startReminderScheduler(database.db, { clock: () => at('2027-01-11') });
		try {
			await eventually(async () => (await subjects('social.worker@demo.test')).some((s) => s.includes('week of Mon 11 Jan 2027')), 10_000, 'the weekly summary of 11 January');
			expect((await subjects('social.worker@demo.test')).filter((s) => s.includes('week of Mon 11 Jan 2027'))).toHaveLength(1);
		} finally {
			await scheduler.stop();
		}
	});
});
