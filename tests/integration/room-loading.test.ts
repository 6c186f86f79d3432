// A room loaded from the database — its latest snapshot plus the log after it — answers a device's first
// sync from the stored bytes, before the document is built: a new device and one that already holds part of
// the meeting both end up with everything, and the device counts itself synced only once it has it all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desc, eq, max } from 'drizzle-orm';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { planText, readDocument } from '../../src/lib/plan';
import type { Database } from '../../src/lib/server/db/client';
import { meetingSnapshots, meetingUpdates } from '../../src/lib/server/db/schema';
import { Room, type RoomConnection } from '../../server/collab/room';
import { collabHooks } from '../../src/lib/server/collab-hooks';
import { connectClient, eventually } from '../support/collab-client';
import { seedDemoMeeting } from './support/demo-meeting';
import { testDatabases } from './support/databases';
import { sessionTokenOf, startLiveServer } from './support/live-server';


/** A device as the room sees it: every message it is sent is applied to its document, as y-websocket does. */
function device(doc: Y.Doc) {
	const received: number[] = [];
	let syncedWith: unknown = null;
	const conn: RoomConnection = {
		attendee: { userId: 'u', memberId: 'm', name: 'Test', role: 'chair', sessionId: 's' },
		send(message) {
			const decoder = decoding.createDecoder(message);
			expect(decoding.readVarUint(decoder)).toBe(0); // sync
			const kind = syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), doc, 'server');
			received.push(kind);
			if (kind === syncProtocol.messageYjsSyncStep2) syncedWith ??= JSON.stringify(readDocument(doc));
		},
		close: () => {}
	};
	return { conn, received, syncedWith: () => syncedWith };
}

/** Stores an update without passing it through the room, as the close stores its freeze: a snapshot must hold it. */
async function storeBesideRoom(database: Database, meetingId: string, room: Room, text: string): Promise<void> {
	const elsewhere = new Y.Doc();
	Y.applyUpdate(elsewhere, Y.encodeStateAsUpdate(room.doc));
	const before = Y.encodeStateVector(elsewhere);
	planText(elsewhere, 'concerns')!.insert(0, text);
	await database.db.insert(meetingUpdates).values({ meetingId, memberId: null, userId: null, update: Y.encodeStateAsUpdate(elsewhere, before) });
}

describe.each(testDatabases)('a room loaded from the database on $name', (kind) => {
	let database: Database & { drop(): Promise<void> };
	let meetingId: string;
	let expected: string;
	let earlierDevice: Uint8Array;

	beforeAll(async () => {
		database = await kind.open();
		({ meetingId } = await seedDemoMeeting(database.db));
		const room = await Room.load(meetingId, collabHooks(database.db));
		const write = (text: string) => room.serverWrite((doc) => planText(doc, 'concerns')!.insert(0, text));
		for (let i = 0; i < 20; i++) await write(`before ${i}; `);
		earlierDevice = Y.encodeStateAsUpdate(room.doc);
		for (let i = 0; i < 20; i++) await write(`snapshotted ${i}; `);
		await room.snapshot();
		for (let i = 0; i < 15; i++) await write(`after ${i}; `);
		expected = JSON.stringify(readDocument(room.doc));
		room.destroy();
	});
	afterAll(async () => {
		await database?.drop();
	});

	it('holds a snapshot and a log after it', async () => {
		const [snapshot] = await database.db.select().from(meetingSnapshots).where(eq(meetingSnapshots.meetingId, meetingId));
		const after = (await database.db.select().from(meetingUpdates).where(eq(meetingUpdates.meetingId, meetingId))).filter((r) => r.seq > snapshot.upToSeq);
		expect(after).toHaveLength(15);
	});

	it('sends a new device everything before it counts itself synced, without waiting to build the document', async () => {
		const room = await Room.load(meetingId, collabHooks(database.db));
		const doc = new Y.Doc();
		const fresh = device(doc);
		await room.receive(fresh.conn, { kind: 'sync-step-1', stateVector: Y.encodeStateVector(doc) });
		expect(fresh.received).toEqual([syncProtocol.messageYjsUpdate, syncProtocol.messageYjsSyncStep2]);
		expect(fresh.syncedWith()).toBe(expected);
		expect(room.doc.share.size).toBe(0); // not built yet
		await room.ready();
		expect(JSON.stringify(readDocument(room.doc))).toBe(expected);
		room.destroy();
	});

	it('sends a device that already holds part of the meeting only what it lacks', async () => {
		const room = await Room.load(meetingId, collabHooks(database.db));
		const doc = new Y.Doc();
		Y.applyUpdate(doc, earlierDevice);
		planText(doc, 'concerns')!.insert(0, 'typed offline; ');
		const returning = device(doc);
		await room.receive(returning.conn, { kind: 'sync-step-1', stateVector: Y.encodeStateVector(doc) });
		expect(returning.received.at(-1)).toBe(syncProtocol.messageYjsSyncStep2);
		expect(planText(doc, 'concerns')!.toString().replace('typed offline; ', '')).toBe(JSON.parse(expected).plan.concerns);
		room.destroy();
	});

	it('leaves a short log after its snapshot as it is when unloaded, without building the document, and compacts a long one', async () => {
		const latestSnapshot = async () => (await database.db.select({ upToSeq: max(meetingSnapshots.upToSeq) }).from(meetingSnapshots).where(eq(meetingSnapshots.meetingId, meetingId)))[0].upToSeq;
		const lastSeq = async () => (await database.db.select({ seq: max(meetingUpdates.seq) }).from(meetingUpdates).where(eq(meetingUpdates.meetingId, meetingId)))[0].seq;
		const room = await Room.load(meetingId, collabHooks(database.db));
		const before = await latestSnapshot();
		await room.compactForUnload();
		expect(await latestSnapshot()).toBe(before);
		expect(room.doc.share.size).toBe(0); // not built to decide
		for (let i = 0; i < 100; i++) await room.serverWrite((doc) => planText(doc, 'concerns')!.insert(0, `long ${i}; `));
		await room.compactForUnload();
		expect(await latestSnapshot()).toBe(await lastSeq());
		room.destroy();
	});

	it('catches up for its snapshots from the updates stored since it loaded or last caught up, not the whole document again', async () => {
		const hooks = collabHooks(database.db);
		let wholeLoads = 0;
		const room = await Room.load(meetingId, { ...hooks, load: (id) => (wholeLoads++, hooks.load(id)) });
		const write = (text: string) => room.serverWrite((doc) => planText(doc, 'concerns')!.insert(0, text));
		const storeElsewhere = (text: string) => storeBesideRoom(database, meetingId, room, text);
		await write('first here; ');
		await storeElsewhere('first elsewhere; ');
		await room.snapshot();
		await storeElsewhere('then elsewhere; ');
		await write('then here; ');
		await room.snapshot();
		expect(wholeLoads).toBe(1); // the room's own load
		const concerns = planText(room.doc, 'concerns')!.toString();
		for (const text of ['first here; ', 'first elsewhere; ', 'then elsewhere; ', 'then here; ']) expect(concerns).toContain(text);
		const [latest] = await database.db.select().from(meetingSnapshots).where(eq(meetingSnapshots.meetingId, meetingId)).orderBy(desc(meetingSnapshots.upToSeq)).limit(1);
		const reloaded = new Y.Doc();
		Y.applyUpdate(reloaded, latest.state);
		expect(planText(reloaded, 'concerns')!.toString()).toBe(concerns);
		room.destroy();
	});

	it('applies, to catch up, only the updates stored elsewhere: not again those it stored itself, nor the whole log of a meeting it started', async () => {
		// A meeting with no document yet: the room seeds it, so it loads with nothing committed.
		const fresh = await kind.open();
		try {
			const { meetingId: newMeeting } = await seedDemoMeeting(fresh.db);
			const hooks = collabHooks(fresh.db);
			let wholeLoads = 0;
			const read = new Set<number>();
			const room = await Room.load(newMeeting, {
				...hooks,
				load: (id) => (wholeLoads++, hooks.load(id)),
				// Notes the updates whose bytes the room reads: those it applies.
				loadAfter: async (id, afterSeq) => ({
					updates: (await hooks.loadAfter!(id, afterSeq)).updates.map(({ seq, memberId, update }) => ({
						seq,
						memberId,
						get update() {
							read.add(seq);
							return update;
						}
					}))
				})
			});
			await room.ready();
			const write = (text: string) => room.serverWrite((doc) => planText(doc, 'concerns')!.insert(0, text));
			for (let i = 0; i < 30; i++) await write(`here ${i}; `);
			await storeBesideRoom(fresh, newMeeting, room, 'stored elsewhere; ');
			await room.snapshot();
			expect(wholeLoads).toBe(1); // the room's own load
			expect(read.size).toBe(1); // the one stored elsewhere, not the 30 and the seeding the room stored
			expect(planText(room.doc, 'concerns')!.toString()).toContain('stored elsewhere; ');
			for (let i = 0; i < 5; i++) await write(`then here ${i}; `);
			await room.snapshot();
			expect(read.size).toBe(1);
			const [latest] = await fresh.db.select().from(meetingSnapshots).where(eq(meetingSnapshots.meetingId, newMeeting)).orderBy(desc(meetingSnapshots.upToSeq)).limit(1);
			const reloaded = new Y.Doc();
			Y.applyUpdate(reloaded, latest.state);
			expect(planText(reloaded, 'concerns')!.toString()).toBe(planText(room.doc, 'concerns')!.toString());
			room.destroy();
		} finally {
			await fresh.drop();
		}
	});

	it('compacts the log when the server stops gracefully, so a restart opens from one snapshot', async () => {
		const server = await startLiveServer(database.db);
		const chair = connectClient(server.url, meetingId, await sessionTokenOf(database.db, 'chair@demo.test'));
		await chair.synced;
		planText(chair.doc, 'concerns')!.insert(0, 'typed just before a deploy; ');
		const lastSeq = async () => (await database.db.select({ seq: max(meetingUpdates.seq) }).from(meetingUpdates).where(eq(meetingUpdates.meetingId, meetingId)))[0].seq;
		const before = await lastSeq();
		await eventually(async () => (await lastSeq()) !== before, 5000, 'the edit to be stored');
		chair.destroy();
		await server.close();
		const [latest] = await database.db
			.select({ upToSeq: meetingSnapshots.upToSeq })
			.from(meetingSnapshots)
			.where(eq(meetingSnapshots.meetingId, meetingId))
			.orderBy(desc(meetingSnapshots.upToSeq))
			.limit(1);
		expect(latest.upToSeq).toBe(await lastSeq());
	});
});
