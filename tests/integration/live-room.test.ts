// The live room over real websockets between real y-websocket clients: edits reach the others, the record
// holds every relayed edit, and nobody outside the core group gets a byte of the document.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import WebSocket from 'ws';
import { addAction, planList, planText, readPlan, userOrigin } from '../../src/lib/plan';
import type { Database } from '../../src/lib/server/db/client';
import { meetingUpdates, meetings, memberships, sessions } from '../../src/lib/server/db/schema';
import { seedDemo } from '../../src/lib/server/demo';
import { sessionIdFromToken } from '../../src/lib/server/accounts/session';
import { storedDocument } from '../../src/lib/server/collab-hooks/store';
import { connectClient, until, type CollabClient } from '../support/collab-client';
import { openDemoMeeting, demoPeople } from './support/demo-meeting';
import { testDatabases } from './support/databases';
import { sessionTokenOf, startLiveServer, type LiveServer } from './support/live-server';

describe.each(testDatabases)('the live room on $name', (kind) => {
	let database: Database & { drop(): Promise<void> };
	let server: LiveServer;
	let meetingId: string;
	const tokens: Record<string, string> = {};
	const members: Record<string, string> = {};
	const clients: CollabClient[] = [];
	const join = (who: string, id = meetingId) => {
		const client = connectClient(server.url, id, tokens[who]);
		clients.push(client);
		return client;
	};

	beforeAll(async () => {
		database = await kind.open();
		const { caseId } = await seedDemo(database.db);
		[{ id: meetingId }] = await database.db.select({ id: meetings.id }).from(meetings).where(eq(meetings.caseId, caseId));
		for (const who of ['chair', 'social.worker', 'parent', 'observer', 'outsider', 'school']) {
			tokens[who] = await sessionTokenOf(database.db, `${who}@demo.test`);
		}
		for (const m of await database.db.select().from(memberships).where(eq(memberships.caseId, caseId))) members[m.userId] = m.id;
		server = await startLiveServer(database.db);
	});
	afterAll(async () => {
		for (const c of clients) c.destroy();
		await server?.close();
		await database?.drop();
	});

	it('seeds a new meeting with every section, empty', async () => {
		const chair = join('chair');
		await chair.synced;
		const plan = chair.doc.getMap('plan');
		expect([...plan.keys()].sort()).toEqual(
			['actions', 'childViews', 'concerns', 'contingency', 'familyViews', 'needs', 'nonNegotiables', 'outcomes', 'review'].sort()
		);
		expect(chair.doc.getMap('meeting').get('status')).toBe('scheduled');
		expect(readPlan(chair.doc).concerns).toBe('');
	});

	it("shows each attendee the others' edits to text and to the action list", async () => {
		const chair = join('chair');
		const worker = join('social.worker');
		await Promise.all([chair.synced, worker.synced]);
		planText(chair.doc, 'concerns')!.insert(0, 'Neglect of health needs. ');
		const actionId = addAction(worker.doc, { what: 'Book a dental check-up', due: '2027-01-15' }, userOrigin('worker'));
		await until(() => readPlan(worker.doc).concerns.includes('Neglect of health needs.'), 5000, 'the concerns to reach the social worker');
		await until(() => planList(chair.doc, 'actions')!.toArray().some((a) => a.get('id') === actionId), 5000, 'the action to reach the chair');
		expect(readPlan(chair.doc).actions.find((a) => a.id === actionId)?.what).toBe('Book a dental check-up');
	});

	it('before the meeting opens, takes the plan from those who prepare it and refuses the others’ edits; once open, takes them', async () => {
		const chair = join('chair');
		const school = join('school');
		await Promise.all([chair.synced, school.synced]);
		const before = readPlan(chair.doc).review;
		planText(school.doc, 'review')!.insert(0, 'Written before the meeting opened. ');
		expect((await school.closed).code).toBe(4424);
		school.provider.disconnect();
		expect(readPlan((await storedDocument(database.db, meetingId))!).review).toBe(before);
		expect(readPlan(chair.doc).review).toBe(before);
		await openDemoMeeting(database.db, meetingId, await demoPeople(database.db, meetingId));
		await until(() => chair.doc.getMap('meeting').get('status') === 'open', 5000, 'the meeting to open at the chair’s end');
		const again = join('school');
		await again.synced;
		planText(again.doc, 'review')!.insert(0, 'Written once it opened. ');
		await until(() => readPlan(chair.doc).review.startsWith('Written once it opened.'), 5000, 'the school’s edit to reach the chair');
	});

	it('stores every relayed edit with who sent it before anyone else sees it', async () => {
		const chair = join('chair');
		const school = join('school');
		await Promise.all([chair.synced, school.synced]);
		for (let i = 0; i < 50; i++) planText(school.doc, 'review')!.insert(0, `r${i};`);
		await until(() => (readPlan(chair.doc).review.match(/r\d+;/g) ?? []).length === 50, 5000, 'the burst to reach the chair');
		// What the chair has seen is in the database now — nothing waits in memory.
		const record = (await storedDocument(database.db, meetingId))!;
		expect(readPlan(record).review).toBe(readPlan(chair.doc).review);
		const rows = await database.db.select().from(meetingUpdates).where(eq(meetingUpdates.meetingId, meetingId));
		const schoolUser = Object.keys(members).find((u) => rows.some((r) => r.userId === u && r.memberId === members[u]));
		expect(schoolUser).toBeDefined();
		expect(rows.some((r) => r.memberId === null)).toBe(true); // the server's seeding
	});

	it('refuses the upgrade without a session, with an ended session, and for another case, sending nothing', async () => {
		const expired = await sessionTokenOf(database.db, 'minutes@demo.test');
		await database.db.delete(sessions).where(eq(sessions.id, sessionIdFromToken(expired)));
		const attempts: [string | null, number][] = [
			[null, 401],
			['not-a-real-token', 401],
			[expired, 401],
			[tokens.outsider, 404]
		];
		for (const [token, status] of attempts) {
			const outcome = await new Promise<{ status: number; bytes: number }>((resolve) => {
				const ws = new WebSocket(`${server.url.replace('http', 'ws')}/collab/${meetingId}`, token ? { headers: { cookie: `session=${token}` } } : {});
				let bytes = 0;
				ws.on('message', (d: Buffer) => (bytes += d.length));
				ws.on('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0, bytes }));
				ws.on('open', () => setTimeout(() => resolve({ status: 101, bytes }), 300));
				ws.on('error', () => {});
			});
			expect(outcome).toEqual({ status, bytes: 0 });
		}
	});

	it("refuses a parent's write to the concerns: not relayed, not stored, connection closed", async () => {
		const chair = join('chair');
		const parent = join('parent');
		await Promise.all([chair.synced, parent.synced]);
		const before = readPlan(chair.doc).concerns;
		planText(parent.doc, 'concerns')!.insert(0, 'Parent rewrites the concerns. ');
		const closed = await parent.closed;
		expect(closed.code).toBe(4403);
		parent.provider.disconnect();
		const record = (await storedDocument(database.db, meetingId))!;
		expect(readPlan(record).concerns).toBe(before);
		expect(readPlan(chair.doc).concerns).toBe(before);
	});

	it("accepts a parent's write to the parents' views", async () => {
		const chair = join('chair');
		const parent = join('parent');
		await Promise.all([chair.synced, parent.synced]);
		planText(parent.doc, 'familyViews')!.insert(0, 'We want to keep going to the family centre.');
		await until(() => readPlan(chair.doc).familyViews.includes('family centre'), 5000, "the parents' views to reach the chair");
		expect(parent.provider.wsconnected).toBe(true);
	});

	it('refuses any write from an observer', async () => {
		const observer = join('observer');
		await observer.synced;
		planText(observer.doc, 'childViews')!.insert(0, 'x');
		expect((await observer.closed).code).toBe(4403);
		observer.provider.disconnect();
	});

	it('gives presence the name the server knows, not the one a page claims', async () => {
		const chair = join('chair');
		const worker = join('social.worker');
		await Promise.all([chair.synced, worker.synced]);
		worker.provider.awareness.setLocalState({ user: { name: 'Someone Else', role: 'chair' }, editing: 'plan.concerns' });
		await until(
			() => [...chair.provider.awareness.getStates().values()].some((s) => s.editing === 'plan.concerns'),
			5000,
			'presence to reach the chair'
		);
		const state = [...chair.provider.awareness.getStates().values()].find((s) => s.editing === 'plan.concerns')!;
		expect(state.user).toMatchObject({ name: 'Sam Caseworth', role: 'lead-social-worker' });
	});
});
