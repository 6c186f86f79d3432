// The update firewall, one rule at a time, with crafted raw Yjs updates sent by real connections: each
// forbidden write closes its connection (4403 or 4409), reaches nobody and is not in the stored record.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import * as Y from 'yjs';
import { planList, planText, readPlan } from '../../src/lib/plan';
import type { Database } from '../../src/lib/server/db/client';
import { meetingUpdates } from '../../src/lib/server/db/schema';
import { CloseCode } from '../../src/lib/collab/close-codes';
import { openDemoMeeting, seedDemoMeeting, type DemoPeople } from './support/demo-meeting';
import { storedDocument } from '../../src/lib/server/collab-hooks/store';
import { connectClient, until, type CollabClient } from '../support/collab-client';
import { testDatabases } from './support/databases';
import { sessionTokenOf, startLiveServer, type LiveServer } from './support/live-server';
import { sendUpdate } from './support/raw-updates';

type Who = 'chair' | 'parent' | 'observer' | 'school';

interface Case {
	name: string;
	who: Who;
	/** Makes the forbidden change on a copy of the room's document. */
	change(doc: Y.Doc, ctx: { chairClientId: number }): void;
	/** The client id to write under; the copy's own when absent. */
	clientId?: (ctx: { chairClientId: number }) => number;
	code?: number;
}

const forbidden: Case[] = [
	{ name: "a parent writing the concerns", who: 'parent', change: (d) => planText(d, 'concerns')!.insert(0, 'FORBIDDEN') },
	{ name: 'a parent writing the minutes', who: 'parent', change: (d) => (d.getMap('minutes').get('notes') as Y.Text).insert(0, 'FORBIDDEN') },
	{ name: 'a parent adding a signature', who: 'parent', change: (d) => d.getArray('signatures').push([new Y.Map([['id', 'FORBIDDEN'], ['member', 'x']])]) },
	{ name: 'a parent stamping the meeting', who: 'parent', change: (d) => d.getMap('meeting').set('status', 'FORBIDDEN') },
	{ name: 'a parent creating a new root', who: 'parent', change: (d) => d.getText('FORBIDDEN').insert(0, 'FORBIDDEN') },
	{ name: 'a parent replacing their own section wholesale', who: 'parent', change: (d) => d.getMap('plan').set('familyViews', new Y.Text('FORBIDDEN')) },
	{ name: 'an observer writing the child’s views', who: 'observer', change: (d) => planText(d, 'childViews')!.insert(0, 'FORBIDDEN') },
	{ name: 'an observer adding an action', who: 'observer', change: (d) => planList(d, 'actions')!.push([new Y.Map([['id', 'FORBIDDEN']])]) },
	{ name: 'a professional deleting keys of the meeting', who: 'school', change: (d) => d.getMap('meeting').delete('status') },
	{ name: 'a professional deleting a whole plan section', who: 'school', change: (d) => d.getMap('plan').delete('concerns') },
	{
		name: "a parent writing under the chair's client id",
		who: 'parent',
		clientId: (ctx) => ctx.chairClientId,
		change: (d) => planText(d, 'familyViews')!.insert(0, 'FORBIDDEN')
	}
];

describe.each(testDatabases)('the update firewall on $name', (kind) => {
	let database: Database & { drop(): Promise<void> };
	let server: LiveServer;
	let meetingId: string;
	let chair: CollabClient;
	let people: DemoPeople;
	const tokens: Partial<Record<Who, string>> = {};

	beforeAll(async () => {
		database = await kind.open();
		({ meetingId, people } = await seedDemoMeeting(database.db));
		for (const who of ['chair', 'parent', 'observer', 'school'] as Who[]) tokens[who] = await sessionTokenOf(database.db, `${who}@demo.test`);
		server = await startLiveServer(database.db);
		chair = connectClient(server.url, meetingId, tokens.chair!);
		await chair.synced;
		planText(chair.doc, 'concerns')!.insert(0, 'Agreed concerns.');
		// The chair's edit is in the record before the attacks begin.
		for (let stored = ''; stored !== 'Agreed concerns.'; await new Promise((r) => setTimeout(r, 20))) {
			const doc = (await storedDocument(database.db, meetingId))!;
			stored = readPlan(doc).concerns;
		}
	});
	afterAll(async () => {
		chair?.destroy();
		await server?.close();
		await database?.drop();
	});

	/** Sends one crafted update on a fresh connection of `who`; resolves with the close code. */
	const send = (who: Who, update: Uint8Array) => sendUpdate(server, meetingId, tokens[who]!, update);

	function craft(c: Case): Uint8Array {
		const ctx = { chairClientId: chair.doc.clientID };
		const copy = new Y.Doc();
		Y.applyUpdate(copy, Y.encodeStateAsUpdate(chair.doc));
		// Set after loading: Yjs gives itself a new id when it sees its own in remote history.
		if (c.clientId) copy.clientID = c.clientId(ctx);
		const before = Y.encodeStateVector(copy);
		c.change(copy, ctx);
		return Y.encodeStateAsUpdate(copy, before);
	}

	it.each(forbidden)('refuses $name: closed, not relayed, not stored', async (c) => {
		const rowCount = () => database.db.$count(meetingUpdates, eq(meetingUpdates.meetingId, meetingId));
		const rowsBefore = await rowCount();
		const seenBefore = Y.encodeStateAsUpdate(chair.doc);
		expect(await send(c.who, craft(c))).toBe(c.code ?? 4403);
		// Nothing reached the chair, nothing reached the database.
		expect(Y.encodeStateAsUpdate(chair.doc)).toEqual(seenBefore);
		expect(await rowCount()).toBe(rowsBefore);
		const reloaded = (await storedDocument(database.db, meetingId))!;
		expect(JSON.stringify(reloaded.toJSON())).not.toContain('FORBIDDEN');
		expect(reloaded.getMap('meeting').get('status')).toBe('scheduled');
		expect(readPlan(reloaded).concerns).toBe('Agreed concerns.');
	});

	it("lets a parent write the parents' views once the meeting is open, and not before", async () => {
		const ok = craft({ name: 'allowed', who: 'parent', change: (d) => planText(d, 'familyViews')!.insert(0, 'We want more help at home.') });
		// Before it opens, the chair, minute-taker and lead social worker prepare the plan; the parent reads.
		const rowsBefore = await database.db.$count(meetingUpdates, eq(meetingUpdates.meetingId, meetingId));
		expect(await send('parent', ok)).toBe(CloseCode.notOpenYet);
		expect(await database.db.$count(meetingUpdates, eq(meetingUpdates.meetingId, meetingId))).toBe(rowsBefore);
		expect(readPlan(chair.doc).familyViews).toBe('');
		await openDemoMeeting(database.db, meetingId, people);
		expect(await send('parent', ok)).toBe(1000);
		await until(() => readPlan(chair.doc).familyViews === 'We want more help at home.', 2000, "the parents' views");
		const stored = (await storedDocument(database.db, meetingId))!;
		expect(readPlan(stored).familyViews).toBe('We want more help at home.');
	});
});
