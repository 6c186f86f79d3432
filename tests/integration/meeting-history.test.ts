// The meeting's history from the record: the attributed log grouped by person and minute, and the kept points of
// the plan — opened, each signature, closed — each a stored version that can be read back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { addAction, planText, readPlan, userOrigin } from '../../src/lib/plan';
import type { Database } from '../../src/lib/server/db/client';
import { meetings } from '../../src/lib/server/db/schema';
import { editingSpells, keptPoints } from '../../src/lib/server/meeting-history';
import { closeMeeting } from '../../src/lib/server/meeting-facts';
import { signPlan } from '../../src/lib/server/meeting-signatures';
import { meetingAccess } from '../../src/lib/server/meetings';
import { planVersionOf } from '../../src/lib/server/plan-versions';
import { storedDocument } from '../../src/lib/server/collab-hooks/store';
import { connectClient, eventually, until, type CollabClient } from '../support/collab-client';
import { testDatabases } from './support/databases';
import { openDemoMeeting, seedDemoMeeting, shownPlanHash, type DemoPeople } from './support/demo-meeting';
import { sessionTokenOf, startLiveServer, type LiveServer } from './support/live-server';

describe.each(testDatabases)('the history of a meeting on $name', (kind) => {
	let database: Database & { drop(): Promise<void> };
	let server: LiveServer;
	let meetingId: string;
	let people: DemoPeople;
	const clients: CollabClient[] = [];

	beforeAll(async () => {
		database = await kind.open();
		({ meetingId, people } = await seedDemoMeeting(database.db));
		server = await startLiveServer(database.db);
	});
	afterAll(async () => {
		for (const c of clients) c.destroy();
		await server?.close();
		await database?.drop();
	});
	const join = async (email: string) => {
		const client = connectClient(server.url, meetingId, await sessionTokenOf(database.db, email));
		clients.push(client);
		await client.synced;
		return client;
	};
	const meeting = async () => (await database.db.select().from(meetings).where(eq(meetings.id, meetingId)))[0];

	it('says who changed which section, a spell per person and minute, and keeps the plan at each point', async () => {
		const chair = await join('chair@demo.test');
		// The chair prepares the concerns, keystroke by keystroke, and an action.
		for (const word of ['Neglect ', 'of ', 'health ', 'needs.']) {
			planText(chair.doc, 'concerns')!.insert(readPlan(chair.doc).concerns.length, word);
			await eventually(async () => readPlan((await storedDocument(database.db, meetingId))!).concerns.endsWith(word), 5000, 'the word stored');
		}
		addAction(chair.doc, { what: 'Book a dental check-up' }, userOrigin(people.chair.memberId));
		await eventually(async () => readPlan((await storedDocument(database.db, meetingId))!).actions.length === 1, 5000, 'the action stored');

		await openDemoMeeting(database.db, meetingId, people);
		const worker = await join('social.worker@demo.test');
		await until(() => worker.doc.getMap('meeting').get('status') === 'open', 5000, 'the meeting open at the worker’s end');
		planText(worker.doc, 'contingency')!.insert(0, 'If visits are missed, an early review conference.');
		await eventually(async () => readPlan((await storedDocument(database.db, meetingId))!).contingency !== '', 5000, 'the contingency stored');
		const signedHash = await shownPlanHash(database.db, meetingId);
		const chairAccess = (await meetingAccess(database.db, people.chair.user, meetingId))!;
		expect(await signPlan(database.db, people.chair.user, chairAccess, { planHash: signedHash, method: 'typed', typedName: 'Morgan Chairfield' })).toMatchObject({ ok: true });
		expect(await closeMeeting(database.db, people.chair.user, chairAccess)).toMatchObject({ ok: true });

		const spells = (await editingSpells(database.db, meetingId))!;
		const byChair = spells.filter((s) => s.memberId === people.chair.memberId);
		const byWorker = spells.filter((s) => s.memberId === people['social.worker'].memberId);
		expect(byChair.flatMap((s) => s.sections)).toEqual(expect.arrayContaining(['concerns', 'actions']));
		expect(byWorker.flatMap((s) => s.sections)).toEqual(['contingency']);
		// Four words typed within a minute or two are one or two spells, not four rows.
		expect(byChair.length).toBeLessThan(4);
		expect(byChair.reduce((n, s) => n + s.updates, 0)).toBeGreaterThanOrEqual(5);
		// Seeding the document writes empty sections: no change anyone could read, so no row.
		expect(spells.every((s) => s.memberId !== null)).toBe(true);

		const closed = await meeting();
		const points = await keptPoints(database.db, closed);
		expect(points.map((p) => p.kind)).toEqual(['opened', 'signed', 'closed']);
		expect(points[1]).toMatchObject({ memberId: people.chair.memberId, planHash: signedHash, agrees: true });
		expect(points[2].planHash).toBe(closed.finalPlanHash);
		// The plan the meeting opened on is kept: the concerns and the action, without the worker's contingency.
		const opened = await planVersionOf(database.db, closed, points[0].planHash!);
		expect(JSON.parse(opened!.plan)).toMatchObject({ concerns: 'Neglect of health needs.', contingency: '', actions: [{ what: 'Book a dental check-up' }] });
	});
});
