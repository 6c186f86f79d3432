// Authority follows the person (DESIGN §4 rule 8), tried through real sockets: signing out elsewhere, a
// session's end, removal from the core group and a narrower role close a connection that is already open,
// and what it sends afterwards is stored nowhere; a wider role carries on with the new rights; a connection
// that stops answering pings is dropped; client-id ownership survives a restart; an observer claims no id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import { and, desc, eq, gt } from 'drizzle-orm';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { CloseCode, CloseReason, isFinalClose } from '../../src/lib/collab/close-codes';
import { planText, readPlan } from '../../src/lib/plan';
import { invalidateSession, sessionIdFromToken } from '../../src/lib/server/accounts/session';
import { meetingSnapshots, meetingUpdates, memberships, sessions } from '../../src/lib/server/db/schema';
import { storedDocument } from '../../src/lib/server/collab-hooks/store';
import { postgresClientOf, type Database } from '../../src/lib/server/db/client';
import { meetingChangesStored } from '../../src/lib/server/meeting-document';
import { syncStep1Message } from '../../server/collab/protocol';
import { connectClient, eventually, until, type CollabClient } from '../support/collab-client';
import { testDatabases } from './support/databases';
import { openDemoMeeting, seedDemoMeeting, type DemoPeople } from './support/demo-meeting';
import { sessionTokenOf, startLiveServer, type LiveServer } from './support/live-server';
import { updateFrame } from './support/raw-updates';

/** An update that claims `clientId` with a bare placeholder: no content, no place in the document. */
function placeholderClaim(clientId: number): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, 1); // one client
	encoding.writeVarUint(e, 1); // one struct
	encoding.writeVarUint(e, clientId);
	encoding.writeVarUint(e, 0); // from clock 0
	encoding.writeUint8(e, 0); // a GC placeholder
	encoding.writeVarUint(e, 1); // of length 1
	encoding.writeVarUint(e, 0); // no deletions
	return encoding.toUint8Array(e);
}

/** A raw connection that keeps nothing: opens, and reports how it was closed. */
function rawSocket(server: LiveServer, meetingId: string, token: string) {
	const ws = new WebSocket(`${server.url.replace('http', 'ws')}/collab/${meetingId}`, { headers: { cookie: `session=${token}` } });
	ws.on('error', () => {});
	const opened = new Promise<void>((resolve, reject) => {
		ws.once('open', () => resolve());
		ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
	});
	const closed = new Promise<{ code: number; reason: string; at: Date }>((resolve) =>
		ws.once('close', (code, reason) => resolve({ code, reason: reason.toString(), at: new Date() }))
	);
	return { ws, opened, closed };
}

describe.each(testDatabases)('live authority on $name', (kind) => {
	let database: Database & { drop(): Promise<void> };
	let server: LiveServer;
	let meetingId: string;
	let people: DemoPeople;
	let chair: CollabClient;

	const rowsOf = (memberId: string, after: Date) =>
		database.db.$count(meetingUpdates, and(eq(meetingUpdates.meetingId, meetingId), eq(meetingUpdates.memberId, memberId), gt(meetingUpdates.at, after)));

	/** `who` edits the concerns (or `section`) on a copy of the chair's document, every 50 ms, on `ws`. */
	function keepWriting(ws: WebSocket, section: 'concerns' | 'familyViews' = 'concerns') {
		const copy = new Y.Doc();
		Y.applyUpdate(copy, Y.encodeStateAsUpdate(chair.doc));
		copy.on('update', (update: Uint8Array) => ws.readyState === ws.OPEN && ws.send(updateFrame(update)));
		const timer = setInterval(() => planText(copy, section)!.insert(0, 'LATE '), 50);
		return () => clearInterval(timer);
	}

	beforeAll(async () => {
		database = await kind.open();
		({ meetingId, people } = await seedDemoMeeting(database.db));
		await openDemoMeeting(database.db, meetingId, people);
		server = await startLiveServer(database.db, { recheckEveryMs: 200 });
		chair = connectClient(server.url, meetingId, await sessionTokenOf(database.db, 'chair@demo.test'));
		await chair.synced;
	});
	afterAll(async () => {
		chair?.destroy();
		await server?.close();
		await database?.drop();
	});

	it('closes the connection of someone who signs out elsewhere (4401) and stores nothing sent after', async () => {
		const token = await sessionTokenOf(database.db, 'school@demo.test');
		const school = rawSocket(server, meetingId, token);
		await school.opened;
		const stop = keepWriting(school.ws);
		await eventually(async () => (await rowsOf(people.school.memberId, new Date(0))) > 0, 5_000, 'the first edits stored');
		await invalidateSession(database.db, sessionIdFromToken(token));
		const closed = await Promise.race([school.closed, new Promise<null>((r) => setTimeout(() => r(null), 5_000))]);
		stop();
		expect(closed).toMatchObject({ code: CloseCode.sessionEnded, reason: CloseReason.signedOut });
		// What the room took before it closed the connection may still be waiting behind the batch being stored
		// (group commit), so its rows can be stamped after the close: once stored, nothing more ever is. (Rows
		// stamped after the moment the page saw the close were counted here before; on a loaded machine such a
		// batch of edits taken before the close was stored a moment after it.)
		await meetingChangesStored(database.db, meetingId);
		const stored = await rowsOf(people.school.memberId, new Date(0));
		await new Promise((r) => setTimeout(r, 300));
		await meetingChangesStored(database.db, meetingId);
		expect(await rowsOf(people.school.memberId, new Date(0))).toBe(stored);
	});

	// The connection's messages are handled in order; while one waits (its answer waits for the store), later
	// ones queue behind it. Those still queued when the person's authority is found gone are never taken, though
	// they reached the server before the close. Holding the store needs a second connection to PostgreSQL.
	it.skipIf(kind.name !== 'postgres')('stores nothing still queued on a connection when its person signs out elsewhere; what it took before is kept', async () => {
		const token = await sessionTokenOf(database.db, 'school@demo.test');
		const school = rawSocket(server, meetingId, token);
		await school.opened;
		const copy = new Y.Doc();
		Y.applyUpdate(copy, Y.encodeStateAsUpdate(chair.doc));
		const edit = (words: string) => {
			const before = Y.encodeStateVector(copy);
			planText(copy, 'concerns')!.insert(0, words);
			school.ws.send(updateFrame(Y.encodeStateAsUpdate(copy, before)));
		};
		// The store is held: the meeting's row locked, as a close or a signature holds it.
		const sql = postgresClientOf(database.db)!;
		let release!: () => void;
		const released = new Promise<void>((resolve) => (release = resolve));
		let locked!: () => void;
		const holding = new Promise<void>((resolve) => (locked = resolve));
		const lock = sql.begin(async (tx) => {
			await tx`select 1 from meetings where id = ${meetingId} for update`;
			locked();
			await released;
		});
		await holding;
		try {
			edit('TAKEN BEFORE SIGNING OUT ');
			// A sync request is answered only once the room's changes are stored: it waits, and so does all after it.
			school.ws.send(syncStep1Message(Y.encodeStateVector(copy)));
			for (let i = 0; i < 3; i++) edit(`QUEUED ${i} `);
			await new Promise((r) => setTimeout(r, 200));
			await invalidateSession(database.db, sessionIdFromToken(token));
			expect(await school.closed).toMatchObject({ code: CloseCode.sessionEnded, reason: CloseReason.signedOut });
		} finally {
			release();
			await lock;
		}
		await meetingChangesStored(database.db, meetingId);
		await new Promise((r) => setTimeout(r, 200));
		await meetingChangesStored(database.db, meetingId);
		const concerns = readPlan((await storedDocument(database.db, meetingId))!).concerns;
		expect(concerns).toContain('TAKEN BEFORE SIGNING OUT');
		expect(concerns).not.toContain('QUEUED');
		copy.destroy();
	});

	it('closes a connection whose session expires', async () => {
		const token = await sessionTokenOf(database.db, 'minutes@demo.test');
		const minutes = rawSocket(server, meetingId, token);
		await minutes.opened;
		await database.db.update(sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(sessions.id, sessionIdFromToken(token)));
		expect(await minutes.closed).toMatchObject({ code: CloseCode.sessionEnded });
	});

	it('closes the connection of someone removed from the core group (4403) and stores nothing sent after', async () => {
		const social = rawSocket(server, meetingId, await sessionTokenOf(database.db, 'health@demo.test'));
		await social.opened;
		const stop = keepWriting(social.ws);
		await eventually(async () => (await rowsOf(people.health.memberId, new Date(0))) > 0, 5_000, 'the first edits stored');
		await database.db.update(memberships).set({ removedAt: new Date() }).where(eq(memberships.id, people.health.memberId));
		const closed = await social.closed;
		stop();
		expect(closed).toMatchObject({ code: CloseCode.updateRefused, reason: CloseReason.removed });
		expect(await rowsOf(people.health.memberId, closed.at)).toBe(0);
		// Coming back is refused at the door, as for anyone outside the core group.
		await expect(rawSocket(server, meetingId, await sessionTokenOf(database.db, 'health@demo.test')).opened).rejects.toThrow(/404/);
	});

	it('closes a connection whose role loses write rights for good; one that gains them reconnects under the new role and writes', async () => {
		const socialToken = await sessionTokenOf(database.db, 'social.worker@demo.test');
		const narrowed = rawSocket(server, meetingId, socialToken);
		await narrowed.opened;
		await database.db.update(memberships).set({ role: 'observer' }).where(eq(memberships.id, people['social.worker'].memberId));
		expect(await narrowed.closed).toMatchObject({ code: CloseCode.updateRefused, reason: CloseReason.roleChanged });

		const parentToken = await sessionTokenOf(database.db, 'parent@demo.test');
		const parent = rawSocket(server, meetingId, parentToken);
		await parent.opened;
		await database.db.update(memberships).set({ role: 'professional' }).where(eq(memberships.id, people.parent.memberId));
		// Told to reconnect (not a final close: the page reloads what it offers and carries on).
		const widened = await parent.closed;
		expect(widened).toMatchObject({ code: CloseCode.rightsWidened, reason: CloseReason.roleChanged });
		expect(isFinalClose(widened.code)).toBe(false);
		// Reconnected, the parent's edit of the concerns (refused before) is taken.
		const again = rawSocket(server, meetingId, parentToken);
		await again.opened;
		const stop = keepWriting(again.ws);
		await until(() => readPlan(chair.doc).concerns.includes('LATE'), 5_000, "the parent's edit as a professional");
		stop();
		expect(again.ws.readyState).toBe(WebSocket.OPEN);
		again.ws.close();
	});

	it('refuses an observer claiming a client id with a bare placeholder', async () => {
		const observer = rawSocket(server, meetingId, await sessionTokenOf(database.db, 'observer@demo.test'));
		await observer.opened;
		const before = await database.db.$count(meetingUpdates, eq(meetingUpdates.meetingId, meetingId));
		observer.ws.send(updateFrame(placeholderClaim(424242)));
		expect((await observer.closed).code).toBe(CloseCode.updateRefused);
		expect(await database.db.$count(meetingUpdates, eq(meetingUpdates.meetingId, meetingId))).toBe(before);
	});
});

describe.each(testDatabases)('client-id ownership across restarts on $name', (kind) => {
	let database: Database & { drop(): Promise<void> };
	let meetingId: string;
	let people: DemoPeople;

	beforeAll(async () => {
		database = await kind.open();
		({ meetingId, people } = await seedDemoMeeting(database.db));
		await openDemoMeeting(database.db, meetingId, people);
	});
	afterAll(async () => {
		await database?.drop();
	});

	/** On a fresh server, a parent writes the parents' views under `clientId`: the close code (1000 if kept open). */
	async function parentWritesUnder(clientId: number): Promise<number> {
		const server = await startLiveServer(database.db);
		try {
			const parentToken = await sessionTokenOf(database.db, 'parent@demo.test');
			const reader = connectClient(server.url, meetingId, parentToken);
			await reader.synced;
			const copy = new Y.Doc();
			Y.applyUpdate(copy, Y.encodeStateAsUpdate(reader.doc));
			reader.destroy();
			copy.clientID = clientId;
			const before = Y.encodeStateVector(copy);
			planText(copy, 'familyViews')!.insert(0, 'FORBIDDEN');
			const parent = rawSocket(server, meetingId, parentToken);
			await parent.opened;
			parent.ws.send(updateFrame(Y.encodeStateAsUpdate(copy, before)));
			const closed = await Promise.race([parent.closed, new Promise<{ code: number }>((r) => setTimeout(() => r({ code: 1000 }), 1_500))]);
			parent.ws.close();
			return closed.code;
		} finally {
			await server.close();
		}
	}

	it("refuses writing under the chair's client id after a restart, from a snapshot and from the log", async () => {
		// The chair writes, then the server stops (compacting the log into a snapshot that keeps the owners).
		const server = await startLiveServer(database.db);
		const chair = connectClient(server.url, meetingId, await sessionTokenOf(database.db, 'chair@demo.test'));
		await chair.synced;
		const chairClientId = chair.doc.clientID;
		planText(chair.doc, 'concerns')!.insert(0, 'Agreed concerns.');
		await eventually(async () => readPlan((await storedDocument(database.db, meetingId))!).concerns === 'Agreed concerns.', 5_000, 'the chair’s edit stored');
		chair.destroy();
		await server.close();
		const [snapshot] = await database.db.select().from(meetingSnapshots).where(eq(meetingSnapshots.meetingId, meetingId)).orderBy(desc(meetingSnapshots.upToSeq)).limit(1);
		expect(snapshot.clientOwners?.[String(chairClientId)]).toBe(people.chair.memberId);

		expect(await parentWritesUnder(chairClientId)).toBe(CloseCode.updateRefused);

		// A snapshot made before owners were kept with it: the room reads them from the whole log instead.
		await database.db.insert(meetingSnapshots).values({ meetingId, upToSeq: snapshot.upToSeq, state: snapshot.state, clientOwners: null });
		expect(await parentWritesUnder(chairClientId)).toBe(CloseCode.updateRefused);
		const stored = readPlan((await storedDocument(database.db, meetingId))!);
		expect(stored.familyViews).not.toContain('FORBIDDEN');

		// The same parent writing under an id of their own is fine: the refusals above were about ownership.
		expect(await parentWritesUnder(987654)).toBe(1000);
	});
});

describe.each(testDatabases)('dropping silent connections on $name', (kind) => {
	let database: Database & { drop(): Promise<void> };
	let server: LiveServer;
	let meetingId: string;

	beforeAll(async () => {
		database = await kind.open();
		({ meetingId } = await seedDemoMeeting(database.db));
		server = await startLiveServer(database.db, { pingEveryMs: 300 });
	});
	afterAll(async () => {
		await server?.close();
		await database?.drop();
	});

	it('drops a connection that never answers a ping, and keeps one that does', async () => {
		const token = await sessionTokenOf(database.db, 'chair@demo.test');
		const { port, hostname } = new URL(server.url);
		// A raw socket that speaks the handshake and then nothing: it never answers a ping.
		const silent = net.connect(Number(port), hostname);
		silent.write(
			`GET /collab/${meetingId} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
				`Sec-WebSocket-Key: ${Buffer.from('a silent client!').toString('base64')}\r\nSec-WebSocket-Version: 13\r\nCookie: session=${token}\r\n\r\n`
		);
		let answer = '';
		silent.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
		const ended = new Promise<void>((resolve) => silent.on('close', () => resolve()));
		const answering = rawSocket(server, meetingId, token);
		await answering.opened;
		await ended;
		expect(answer).toMatch(/^HTTP\/1\.1 101/);
		// The dropped one saw pings; the one that answers them is still open.
		expect(answering.ws.readyState).toBe(WebSocket.OPEN);
		answering.ws.close();
	});
});
