// The facts only the server records: checked by role, stored as rows, mirrored live into the room, and
// refused with a clear message (and nothing stored) when they should be.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { planText, readAttendance, readDisagreements, readMeeting, readPlan, readViews } from '../../src/lib/plan';
import type { Database } from '../../src/lib/server/db/client';
import { attendance, disagreements, meetings, viewLinks, writtenViews } from '../../src/lib/server/db/schema';
import {
	closeMeeting,
	openMeeting,
	recordAttendance,
	recordDisagreement,
	recordWrittenView,
	reflectDisagreement,
	writtenViewsStanding
} from '../../src/lib/server/meeting-facts';
import { meetingAccess } from '../../src/lib/server/meetings';
import { createViewLink, viewLinkHolder } from '../../src/lib/server/view-links';
import type { SessionUser } from '../../src/lib/server/accounts/session';
import { connectClient, until, type CollabClient } from '../support/collab-client';
import { testDatabases } from './support/databases';
import { seedDemoMeeting, type DemoPeople } from './support/demo-meeting';
import { sessionTokenOf, startLiveServer, type LiveServer } from './support/live-server';

describe.each(testDatabases)('meeting facts on $name', (kind) => {
	let database: Database & { drop(): Promise<void> };
	let server: LiveServer;
	let meetingId: string;
	const people: Record<string, { user: SessionUser; memberId: string }> = {};
	const clients: CollabClient[] = [];
	const access = async (who: string) => (await meetingAccess(database.db, people[who].user, meetingId))!;

	beforeAll(async () => {
		database = await kind.open();
		let demo: DemoPeople;
		({ meetingId, people: demo } = await seedDemoMeeting(database.db));
		Object.assign(people, demo);
		server = await startLiveServer(database.db);
	});
	afterAll(async () => {
		for (const c of clients) c.destroy();
		await server?.close();
		await database?.drop();
	});

	const watch = async (who: string) => {
		const client = connectClient(server.url, meetingId, await sessionTokenOf(database.db, `${who}@demo.test`));
		clients.push(client);
		await client.synced;
		return client;
	};

	it('refuses a parent opening, closing or taking attendance, and stores nothing', async () => {
		const parent = await access('parent');
		expect(await openMeeting(database.db, people.parent.user, parent)).toMatchObject({ ok: false, status: 403 });
		expect(await closeMeeting(database.db, people.parent.user, parent)).toMatchObject({ ok: false, status: 403, message: /chair/ });
		expect(await recordAttendance(database.db, people.parent.user, parent, { member: people.parent.memberId, status: 'present' })).toMatchObject({ ok: false, status: 403 });
		expect(await database.db.select().from(attendance)).toEqual([]);
		const [m] = await database.db.select().from(meetings).where(eq(meetings.id, meetingId));
		expect(m.status).toBe('scheduled');
	});

	it('opens the meeting with a server stamp that reaches the room live', async () => {
		const chairClient = await watch('chair');
		const before = Date.now();
		expect(await openMeeting(database.db, people.chair.user, await access('chair'))).toEqual({ ok: true });
		await until(() => readMeeting(chairClient.doc).status === 'open', 1000, 'the open status in the room');
		const openedAt = Date.parse(readMeeting(chairClient.doc).openedAt!);
		expect(openedAt).toBeGreaterThanOrEqual(before - 1000);
	});

	it('records attendance from the minute-taker and mirrors it within a second', async () => {
		const worker = await watch('social.worker');
		const result = await recordAttendance(database.db, people.minutes.user, await access('minutes'), { member: people.health.memberId, status: 'apologies' });
		expect(result).toEqual({ ok: true });
		await until(() => readAttendance(worker.doc)[people.health.memberId] === 'apologies', 1000, 'attendance in the room');
		expect(await recordAttendance(database.db, people.minutes.user, await access('minutes'), { member: people.health.memberId, status: 'maybe' })).toMatchObject({ ok: false, status: 400 });
	});

	it('refuses a disagreement with a blank reason, and records one with a reason', async () => {
		const parentAccess = await access('parent');
		const blank = await recordDisagreement(database.db, people.parent.user, parentAccess, { about: 'contingency', position: 'We do not agree', reason: '   ' });
		expect(blank).toMatchObject({ ok: false, status: 400, message: expect.stringMatching(/reason/) });
		expect(await database.db.select().from(disagreements)).toEqual([]);

		const chair = await watch('chair');
		const ok = await recordDisagreement(database.db, people.parent.user, parentAccess, {
			about: 'contingency',
			position: 'We do not agree that the children would stay with their grandmother.',
			reason: 'She lives two hours away from the school.'
		});
		expect(ok.ok).toBe(true);
		await until(() => readDisagreements(chair.doc).length === 1, 1000, 'the disagreement in the room');
		expect(readDisagreements(chair.doc)[0]).toMatchObject({ member: people.parent.memberId, about: 'contingency', reflected: null });

		// A parent may not record a disagreement in someone else's name, nor reflect one.
		expect(await recordDisagreement(database.db, people.parent.user, parentAccess, { about: 'needs', position: 'x', reason: 'y', member: people.school.memberId })).toMatchObject({ ok: false, status: 403 });
		const id = (ok as { id: string }).id;
		expect(await reflectDisagreement(database.db, people.parent.user, parentAccess, { id, reflected: 'Accepted', accepted: 'yes' })).toMatchObject({ ok: false, status: 403 });
		expect(await reflectDisagreement(database.db, people['social.worker'].user, await access('social.worker'), { id, reflected: 'Not accepted: no nearer family member can care for them. The family was told how to complain.', accepted: 'no' })).toEqual({ ok: true });
		await until(() => readDisagreements(chair.doc)[0].reflected !== null, 1000, 'the reflection in the room');
	});

	it('receives written views and shows them live with the time received', async () => {
		const chair = await watch('chair');
		const [m] = await database.db.select().from(meetings).where(eq(meetings.id, meetingId));
		const result = await recordWrittenView(database.db, {
			meeting: m,
			caseId: m.caseId,
			memberId: people.health.memberId,
			userId: people.health.user.id,
			text: 'Weight has improved since the last visit.',
			via: 'account'
		});
		expect(result.ok).toBe(true);
		await until(() => readViews(chair.doc).length === 1, 1000, 'the views in the room');
		expect(readViews(chair.doc)[0]).toMatchObject({ member: people.health.memberId, text: 'Weight has improved since the last visit.', at: expect.any(String) });
	});

	it('does not take written views from the chair: they run the meeting the views are sent to', async () => {
		const [m] = await database.db.select().from(meetings).where(eq(meetings.id, meetingId));
		expect(await writtenViewsStanding(database.db, meetingId, people.chair.memberId)).toBe('chair');
		const result = await recordWrittenView(database.db, { meeting: m, caseId: m.caseId, memberId: people.chair.memberId, userId: people.chair.user.id, text: 'My own views.', via: 'account' });
		expect(result).toMatchObject({ ok: false, status: 403, message: expect.stringMatching(/You chair this meeting/) });
		expect(await database.db.select().from(writtenViews).where(eq(writtenViews.memberId, people.chair.memberId))).toEqual([]);
	});

	it('refuses written views through an expired link', async () => {
		const [m] = await database.db.select().from(meetings).where(eq(meetings.id, meetingId));
		const token = await createViewLink(database.db, { meetingId, caseId: m.caseId, memberId: people.health.memberId, createdBy: people.chair.user.id });
		expect((await viewLinkHolder(database.db, meetingId, token))?.memberId).toBe(people.health.memberId);
		await database.db.update(viewLinks).set({ expiresAt: new Date(Date.now() - 1000) });
		expect(await viewLinkHolder(database.db, meetingId, token)).toBeNull();
		// A link is for its own meeting only.
		await database.db.update(viewLinks).set({ expiresAt: new Date(Date.now() + 60_000) });
		expect(await viewLinkHolder(database.db, '00000000-0000-4000-8000-000000000000', token)).toBeNull();
	});

	it('closes with server stamps, freezes the document, and refuses later edits and facts', async () => {
		const school = await watch('school');
		planText(school.doc, 'concerns')!.insert(0, 'Final concerns. ');
		const chairClient = await watch('chair');
		await until(() => readPlan(chairClient.doc).concerns.startsWith('Final concerns.'), 2000, 'the last edit');
		const closed = await closeMeeting(database.db, people.chair.user, await access('chair'));
		if (!closed.ok) throw new Error(closed.message);
		expect(closed.meeting.status).toBe('closed');
		expect(closed.meeting.circulateBy).toMatch(/^\d{4}-\d{2}-\d{2}$/);
		expect(closed.meeting.finalPlanHash).toMatch(/^[0-9a-f]{64}$/);
		await until(() => readMeeting(school.doc).status === 'closed', 1000, 'the close in the room');

		planText(school.doc, 'concerns')!.insert(0, 'Too late. ');
		expect((await school.closed).code).toBe(4409);
		const [m] = await database.db.select().from(meetings).where(eq(meetings.id, meetingId));
		const views = await recordWrittenView(database.db, { meeting: m, caseId: m.caseId, memberId: people.health.memberId, userId: null, text: 'Late views', via: 'account' });
		expect(views).toMatchObject({ ok: false, status: 409 });
		expect(await database.db.select().from(writtenViews)).toHaveLength(1);
		const fresh = await watch('chair');
		expect(readPlan(fresh.doc).concerns.startsWith('Too late.')).toBe(false);
	});
});
