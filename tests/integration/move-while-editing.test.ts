// Moving a plan item while someone else is typing in it, over real websockets between real y-websocket
// clients: the move changes only the item's order key, so the typing survives on every device and in the record.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { addAction, itemText, moveItem, planHash, readPlan, userOrigin } from '../../src/lib/plan';
import type { Database } from '../../src/lib/server/db/client';
import { meetings } from '../../src/lib/server/db/schema';
import { seedDemo } from '../../src/lib/server/demo';
import { storedDocument } from '../../src/lib/server/collab-hooks/store';
import { connectClient, eventually, until, type CollabClient } from '../support/collab-client';
import { testDatabases } from './support/databases';
import { sessionTokenOf, startLiveServer, type LiveServer } from './support/live-server';

describe.each(testDatabases)('moving an item while another member edits it, on $name', (kind) => {
	let database: Database & { drop(): Promise<void> };
	let server: LiveServer;
	let meetingId: string;
	const clients: CollabClient[] = [];

	beforeAll(async () => {
		database = await kind.open();
		const { caseId } = await seedDemo(database.db);
		[{ id: meetingId }] = await database.db.select({ id: meetings.id }).from(meetings).where(eq(meetings.caseId, caseId));
		server = await startLiveServer(database.db);
	});
	afterAll(async () => {
		for (const c of clients) c.destroy();
		await server?.close();
		await database?.drop();
	});

	it('keeps the words typed into an item that someone else moves at the same moment', async () => {
		const join = async (email: string) => {
			const client = connectClient(server.url, meetingId, await sessionTokenOf(database.db, email));
			clients.push(client);
			await client.synced;
			return client;
		};
		const chair = await join('chair@demo.test');
		const worker = await join('social.worker@demo.test');
		const asChair = userOrigin('chair');
		const asWorker = userOrigin('worker');
		const [first, second, third] = ['Home visit weekly', 'School check-in', 'GP appointment'].map((what) => addAction(worker.doc, { what }, asWorker));
		await until(() => readPlan(chair.doc).actions.length === 3, 5000, 'the three actions to reach the chair');

		// In one turn of the event loop, before either client has heard from the other: the chair moves the
		// first action to the end while the social worker is typing in it.
		moveItem(chair.doc, 'actions', first, 2, asChair);
		itemText(worker.doc, 'actions', first, 'what')!.insert('Home visit weekly'.length, ', unannounced');
		itemText(worker.doc, 'actions', first, 'why')!.insert(0, 'To see the children at home.');

		const settled = (client: CollabClient) => {
			const actions = readPlan(client.doc).actions;
			return actions.map((a) => a.id).join() === [second, third, first].join() && actions[2].what === 'Home visit weekly, unannounced';
		};
		await until(() => settled(chair) && settled(worker), 5000, 'both devices to show the moved action with the typing in it');
		expect(readPlan(chair.doc)).toEqual(readPlan(worker.doc));
		expect(readPlan(chair.doc).actions[2]).toMatchObject({ id: first, what: 'Home visit weekly, unannounced', why: 'To see the children at home.' });
		expect(planHash(chair.doc)).toBe(planHash(worker.doc));

		// The record holds what both devices show.
		await eventually(async () => planHash((await storedDocument(database.db, meetingId))!) === planHash(chair.doc), 5000, 'the record to hold the same plan');
		expect(readPlan((await storedDocument(database.db, meetingId))!).actions.map((a) => a.what)).toEqual(['School check-in', 'GP appointment', 'Home visit weekly, unannounced']);
	});
});
