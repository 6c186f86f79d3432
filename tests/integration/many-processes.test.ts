// Many processes, one meeting: two real server processes on one PostgreSQL and one Redis serve the same
// meeting together. Edits made through either reach the other's attendees and converge; a fact recorded
// through one process appears exactly once everywhere; a signature is bound to the plan the log holds, not to
// what one process's room has had relayed so far; kill -9 of one process loses nothing anyone had seen;
// and an update the firewall refuses on one process never reaches the other. (PostgreSQL only: the embedded
// database serves one process.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import net, { type AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import postgres from 'postgres';
import { CloseCode } from '../../src/lib/collab/close-codes';
import * as Y from 'yjs';
import { and, asc, desc, eq } from 'drizzle-orm';
import { MEETING, planHash, planText, readDocument, readPlan } from '../../src/lib/plan';
import { agencyConfirmations, meetings, meetingSnapshots, meetingUpdates, planVersions, signatures } from '../../src/lib/server/db/schema';
import { createDb, type Database } from '../../src/lib/server/db/client';
import { insertUnlessClosed, storedDocument } from '../../src/lib/server/collab-hooks/store';
import { openRoom, stopRoomEngine, unloadRooms } from '../../server/engine';
import { serverRootsLock } from '../../src/lib/server/collab-hooks/server-roots-lock';
import { connectClient, eventually, until, type CollabClient } from '../support/collab-client';
import { noteDatabase, spawnGroup, stopGroup } from '../support/test-run';
import { openDemoMeeting, seedDemoMeeting, type DemoPeople } from './support/demo-meeting';
import { sessionTokenOf } from './support/live-server';

const baseUrl = process.env.DATABASE_URL;
const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

function databaseUrlOf(name: string): string {
	const url = new URL(baseUrl!);
	url.pathname = `/${name}`;
	return url.toString();
}

interface ServerProcess {
	child: ChildProcess;
	url: string;
}

/** A connection to Redis that the test can hold: while held, what the process sends (its PUBLISH) waits, in order. */
interface HeldRedis {
	url: string;
	hold(): void;
	release(): void;
	close(): Promise<void>;
}

async function holdableRedis(redisUrl: string): Promise<HeldRedis> {
	const target = new URL(redisUrl);
	let held: (() => void)[] | null = null;
	const sockets = new Set<net.Socket>();
	const server = net.createServer((client) => {
		const upstream = net.connect(Number(target.port || 6379), target.hostname);
		for (const socket of [client, upstream]) {
			sockets.add(socket);
			socket.on('error', () => {});
			socket.on('close', () => {
				sockets.delete(socket);
				client.destroy();
				upstream.destroy();
			});
		}
		upstream.on('data', (chunk: Buffer) => client.write(chunk));
		client.on('data', (chunk: Buffer) => (held ? held.push(() => upstream.write(chunk)) : upstream.write(chunk)));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `redis://127.0.0.1:${(server.address() as AddressInfo).port}`,
		hold: () => void (held ??= []),
		release() {
			const waiting = held ?? [];
			held = null;
			for (const send of waiting) send();
		},
		async close() {
			for (const socket of sockets) socket.destroy();
			await new Promise((resolve) => server.close(resolve));
		}
	};
}

describe.skipIf(!baseUrl)('two processes serving one meeting, relayed through Redis', () => {
	const name = `core_group_relay_${process.pid}`;
	let admin: postgres.Sql;
	let databaseUrl: string;
	let database: Database;
	let meetingId: string;
	let people: DemoPeople;
	const tokens: Record<string, string> = {};
	/** Every process started (a killed one too: its process group is stopped at the end). */
	const processes: ServerProcess[] = [];
	const clients: CollabClient[] = [];
	const heldRedis: HeldRedis[] = [];

	function startProcess(redis = redisUrl): Promise<ServerProcess> {
		const child = spawnGroup(process.execPath, ['--import', 'tsx', 'tests/integration/support/relay-server-process.ts'], {
			env: { ...process.env, DATABASE_URL: databaseUrl, REDIS_URL: redis },
			stdio: ['ignore', 'pipe', 'inherit']
		}, 'a live-room server relayed through Redis');
		return new Promise((resolve, reject) => {
			const lines = createInterface({ input: child.stdout! });
			lines.once('line', (url) => {
				const started = { child, url: url.trim() };
				processes.push(started);
				resolve(started);
			});
			child.once('exit', (code) => reject(new Error(`the server process exited early (${code})`)));
		});
	}

	function join(server: ServerProcess, who: string): CollabClient {
		const client = connectClient(server.url, meetingId, tokens[who]);
		clients.push(client);
		return client;
	}

	async function recordThrough(server: ServerProcess, fact: Record<string, string>) {
		const response = await fetch(`${server.url}/facts`, { method: 'POST', body: JSON.stringify({ meetingId, ...fact }) });
		return response.json();
	}

	beforeAll(async () => {
		admin = postgres(baseUrl!, { max: 1, onnotice: () => {} });
		await admin.unsafe(`drop database if exists ${name} with (force)`);
		await admin.unsafe(`create database ${name}`);
		noteDatabase(name);
		const url = new URL(baseUrl!);
		url.pathname = `/${name}`;
		databaseUrl = url.toString();
		database = createDb({ url: databaseUrl });
		await database.migrate();
		({ meetingId, people } = await seedDemoMeeting(database.db));
		await openDemoMeeting(database.db, meetingId, people);
		for (const who of ['school', 'social.worker', 'chair', 'observer']) tokens[who] = await sessionTokenOf(database.db, `${who}@demo.test`);
	});
	afterAll(async () => {
		for (const c of clients) c.destroy();
		for (const p of processes) await stopGroup(p.child);
		for (const r of heldRedis) await r.close();
		await database?.close();
		await admin?.unsafe(`drop database if exists ${name} with (force)`);
		await admin?.end();
	});

	it('shows an attendance mark and a disagreement recorded through one process exactly once, on every process', async () => {
		const [first, second] = [await startProcess(), await startProcess()];
		// Recorded while no process has the meeting's room loaded: both then load it at once, and only the one
		// that writes the server-owned roots may mirror what the record holds.
		expect(await recordThrough(second, { kind: 'attendance', email: 'chair@demo.test', member: people.parent.memberId, status: 'present' })).toEqual({ ok: true });
		expect(await recordThrough(first, { kind: 'disagreement', email: 'school@demo.test', about: 'concerns', position: 'Weekly visits, not fortnightly.', reason: 'The child is seen too rarely.' })).toMatchObject({ ok: true });
		const chairOnFirst = join(first, 'chair');
		const chairOnSecond = join(second, 'chair');
		await Promise.all([chairOnFirst.synced, chairOnSecond.synced]);
		// And through the other process while both have it loaded: one writes the server-owned roots, the other asks it to.
		expect(await recordThrough(second, { kind: 'disagreement', email: 'social.worker@demo.test', about: 'contingency', position: 'A named foster carer.', reason: 'Known to the child.' })).toMatchObject({ ok: true });

		const shown = (client: CollabClient) => readDocument(client.doc);
		for (const client of [chairOnFirst, chairOnSecond])
			await until(() => shown(client).disagreements.length >= 2 && shown(client).attendance[people.parent.memberId] === 'present', 5_000, 'the facts on every process');
		// A mirror written twice would show up as a duplicate a moment later: a further edit goes round first.
		planText(chairOnFirst.doc, 'review')!.insert(0, 'after the facts ');
		await until(() => readPlan(chairOnSecond.doc).review.includes('after the facts'), 5_000, 'a later edit');
		await eventually(async () => readPlan((await storedDocument(database.db, meetingId))!).review.includes('after the facts'), 5_000, 'the later edit stored');
		for (const doc of [chairOnFirst.doc, chairOnSecond.doc, (await storedDocument(database.db, meetingId))!]) {
			const { disagreements, attendance } = readDocument(doc);
			expect(disagreements.map((d) => d.position).sort()).toEqual(['A named foster carer.', 'Weekly visits, not fortnightly.']);
			expect(attendance).toEqual({ [people.parent.memberId]: 'present' });
		}
	});

	it('relays edits made on each process to the attendees of the other, and they converge', async () => {
		const [first, second] = processes;
		const school = join(first, 'school');
		const socialWorker = join(second, 'social.worker');
		await Promise.all([school.synced, socialWorker.synced]);

		planText(school.doc, 'concerns')!.insert(0, 'From the school. ');
		planText(socialWorker.doc, 'contingency')!.insert(0, 'From the social worker. ');
		await until(() => readPlan(socialWorker.doc).concerns.includes('From the school.'), 5_000, 'the school’s edit on the other process');
		await until(() => readPlan(school.doc).contingency.includes('From the social worker.'), 5_000, 'the social worker’s edit on the other process');
		for (let i = 0; i < 30; i++) {
			planText(school.doc, 'concerns')!.insert(0, `s${i};`);
			planText(socialWorker.doc, 'concerns')!.insert(0, `w${i};`);
		}
		await until(() => JSON.stringify(readPlan(school.doc)) === JSON.stringify(readPlan(socialWorker.doc)) && readPlan(school.doc).concerns.includes('w29;'), 10_000, 'both to converge');
		await eventually(async () => JSON.stringify(readPlan((await storedDocument(database.db, meetingId))!)) === JSON.stringify(readPlan(school.doc)), 5_000, 'the record to hold what both show');
		expect(readPlan(socialWorker.doc).concerns.match(/[sw]\d+;/g)).toHaveLength(60);
	});

	it('never relays an update the firewall refused on one process', async () => {
		const [first, second] = processes;
		const observer = join(first, 'observer');
		const school = join(first, 'school');
		const chairOnSecond = join(second, 'chair');
		await Promise.all([observer.synced, school.synced, chairOnSecond.synced]);

		planText(observer.doc, 'concerns')!.insert(0, 'AN OBSERVER WRITES ');
		expect((await observer.closed).code).toBe(CloseCode.updateRefused);
		observer.provider.disconnect();
		// An edit after the refusal has gone round: the refused one, sent before it, would have too.
		planText(school.doc, 'childViews')!.insert(0, 'marker after the refusal ');
		await until(() => readPlan(chairOnSecond.doc).childViews.includes('marker after the refusal'), 5_000, 'the later edit on the other process');
		expect(readPlan(chairOnSecond.doc).concerns).not.toContain('AN OBSERVER WRITES');
		expect(readPlan((await storedDocument(database.db, meetingId))!).concerns).not.toContain('AN OBSERVER WRITES');
	});

	it('loses nothing any attendee had seen when one process is killed -9; its attendees reconnect to the other', async () => {
		const [first, second] = processes;
		const school = join(first, 'school');
		const chairOnSecond = join(second, 'chair');
		await Promise.all([school.synced, chairOnSecond.synced]);

		const notes = planText(school.doc, 'familyViews')!;
		const received = () => readPlan(chairOnSecond.doc).familyViews.match(/k\d+;/g) ?? [];
		for (let i = 0; i < 300; i++) {
			notes.insert(notes.length, `k${i};`);
			if (i % 10 === 9) await new Promise((r) => setImmediate(r));
		}
		await until(() => received().length >= 100, 10_000, 'the other process’s attendee to receive part of the burst');
		first.child.kill('SIGKILL');
		await new Promise((r) => first.child.once('exit', r));
		const seen = received();

		const stored = new Set(readPlan((await storedDocument(database.db, meetingId))!).familyViews.match(/k\d+;/g) ?? []);
		expect(seen.length).toBeGreaterThanOrEqual(100);
		expect(seen.filter((e) => !stored.has(e))).toEqual([]);
		// The killed process's attendee carries on through the other, and its edits reach everyone.
		const schoolAgain = join(second, 'school');
		await schoolAgain.synced;
		planText(schoolAgain.doc, 'concerns')!.insert(0, 'after the crash ');
		await until(() => readPlan(chairOnSecond.doc).concerns.includes('after the crash'), 5_000, 'an edit after the crash');
	});

	it('hands its rooms over on a graceful stop without losing a keystroke', async () => {
		const remaining = processes.find((p) => p.child.exitCode === null && p.child.signalCode === null)!;
		const stopping = await startProcess();
		const school = join(stopping, 'school');
		const chair = join(remaining, 'chair');
		await Promise.all([school.synced, chair.synced]);

		const text = planText(school.doc, 'nonNegotiables')!;
		const typedKeys: string[] = [];
		let typing = true;
		const typist = (async () => {
			for (let i = 0; typing; i++) {
				text.insert(text.length, `g${i};`);
				typedKeys.push(`g${i};`);
				await new Promise((r) => setTimeout(r, 2));
			}
		})();
		await until(() => (readPlan(chair.doc).nonNegotiables.match(/g\d+;/g) ?? []).length >= 20, 5_000, 'typing to reach the other process');
		stopping.child.kill('SIGTERM');
		expect((await school.closed).code).toBe(CloseCode.serverRestarting);
		typing = false;
		await typist;
		await new Promise((r) => stopping.child.once('exit', r));
		// Its attendee reconnects to the process that remains (a proxy would send it there), with what it still had.
		school.provider.disconnect();
		const again = connectClient(remaining.url, meetingId, tokens.school, { doc: school.doc });
		clients.push(again);
		await again.synced;
		await until(() => (readPlan(chair.doc).nonNegotiables.match(/g\d+;/g) ?? []).length === typedKeys.length, 5_000, 'every keystroke on the other process');
		await eventually(async () => (readPlan((await storedDocument(database.db, meetingId))!).nonNegotiables.match(/g\d+;/g) ?? []).length === typedKeys.length, 5_000, 'every keystroke stored');
		expect(readPlan(chair.doc).nonNegotiables.match(/g\d+;/g)).toEqual(typedKeys);
	});
	it('binds a signature and an e-mail confirmation to the plan the log holds, while the relay from the process that stored the last edit is held back', async () => {
		const signing = processes.find((p) => p.child.exitCode === null && p.child.signalCode === null) ?? (await startProcess());
		// The other process reaches Redis through a connection the test can hold: what it publishes waits there.
		const redis = await holdableRedis(redisUrl);
		heldRedis.push(redis);
		const editing = await startProcess(redis.url);
		const chairOnSigning = join(signing, 'chair');
		const schoolOnEditing = join(editing, 'school');
		await Promise.all([chairOnSigning.synced, schoolOnEditing.synced]);
		await until(() => planHash(chairOnSigning.doc) === planHash(schoolOnEditing.doc), 5_000, 'both processes to show one plan');
		const before = planHash(chairOnSigning.doc);

		redis.hold();
		planText(schoolOnEditing.doc, 'concerns')!.insert(0, 'STORED THROUGH THE OTHER PROCESS ');
		const after = planHash(schoolOnEditing.doc);
		await eventually(async () => planHash((await storedDocument(database.db, meetingId))!) === after, 5_000, 'the edit stored');
		// The signing process's room has not had it: its page still shows the plan before the edit.
		await new Promise((r) => setTimeout(r, 200));
		expect(planHash(chairOnSigning.doc)).toBe(before);

		const signaturesOf = async () => database.db.select().from(signatures).where(eq(signatures.meetingId, meetingId));
		const signedBefore = (await signaturesOf()).length;
		// A page that shows the superseded plan is told it changed, with the version the record holds; nothing is stored.
		expect(await recordThrough(signing, { kind: 'sign', email: 'health@demo.test', planHash: before })).toMatchObject({ ok: false, status: 409, currentPlanHash: after });
		expect(await signaturesOf()).toHaveLength(signedBefore);
		// A page that shows the stored plan signs it, though this process's room lacks the edit.
		const signed = await recordThrough(signing, { kind: 'sign', email: 'health@demo.test', planHash: after });
		expect(signed).toMatchObject({ ok: true, planHash: after });
		const [signature] = await database.db.select().from(signatures).where(eq(signatures.id, signed.id));
		expect(signature.planHash).toBe(after);
		// An agency's e-mail confirmation recorded through the same process is bound to the stored plan too.
		const confirmed = await recordThrough(signing, { kind: 'confirm', email: 'social.worker@demo.test', member: people.school.memberId, emailText: 'We accept our part in the plan.' });
		expect(confirmed).toMatchObject({ ok: true });
		const [confirmation] = await database.db.select().from(agencyConfirmations).where(eq(agencyConfirmations.id, confirmed.id));
		expect(confirmation.planHash).toBe(after);
		// The version both are bound to is kept, and it is the plan with the edit.
		const [version] = await database.db.select().from(planVersions).where(and(eq(planVersions.meetingId, meetingId), eq(planVersions.planHash, after)));
		expect(version.plan).toContain('STORED THROUGH THE OTHER PROCESS');
		expect(await recordThrough(signing, { kind: 'sign', email: 'health@demo.test', planHash: after })).toMatchObject({ ok: false, status: 409 });

		redis.release();
		await until(() => planHash(chairOnSigning.doc) === after, 5_000, 'the edit relayed once Redis is reached again');
		schoolOnEditing.destroy();
		await stopGroup(editing.child);
	});
	it('closes through one process while an attendee types on the other: the final hash is the stored plan’s, and no edit is stored after the close', async () => {
		const remaining = processes.find((p) => p.child.exitCode === null && p.child.signalCode === null) ?? (await startProcess());
		const closing = await startProcess();
		const school = join(remaining, 'school');
		const chair = join(closing, 'chair');
		await Promise.all([school.synced, chair.synced]);

		const text = planText(school.doc, 'concerns')!;
		let typing = true;
		const typist = (async () => {
			for (let i = 0; typing; i++) {
				text.insert(0, `c${i};`);
				await new Promise((r) => setTimeout(r, 1));
			}
		})();
		await until(() => (readPlan(chair.doc).concerns.match(/c\d+;/g) ?? []).length >= 20, 5_000, 'typing to reach the closing process');
		const closed = await recordThrough(closing, { kind: 'close', email: 'chair@demo.test' });
		// The typist carries on a moment after the close: none of it may be stored.
		await new Promise((r) => setTimeout(r, 300));
		typing = false;
		await typist;
		expect(closed).toMatchObject({ ok: true });

		const [meeting] = await database.db.select().from(meetings).where(eq(meetings.id, meetingId));
		expect(meeting.finalPlanHash).toBe(closed.finalPlanHash);
		const stored = (await storedDocument(database.db, meetingId))!;
		expect(planHash(stored)).toBe(meeting.finalPlanHash);
		expect(stored.getMap(MEETING).get('finalPlanHash')).toBe(meeting.finalPlanHash);
		// Replayed row by row: the first row after which the document reads closed is the close; no member's row follows it.
		const rows = await database.db.select().from(meetingUpdates).where(eq(meetingUpdates.meetingId, meetingId)).orderBy(asc(meetingUpdates.seq));
		const replay = new Y.Doc();
		let closedAtSeq: number | null = null;
		for (const row of rows) {
			Y.applyUpdate(replay, row.update);
			if (closedAtSeq === null && replay.getMap(MEETING).get('status') === 'closed') closedAtSeq = row.seq;
		}
		expect(closedAtSeq).not.toBeNull();
		expect(rows.filter((row) => row.memberId !== null && row.seq > closedAtSeq!).map((row) => row.seq)).toEqual([]);
		// Every process shows the frozen document.
		await until(() => chair.doc.getMap(MEETING).get('finalPlanHash') === meeting.finalPlanHash, 5_000, 'the freeze on every process');
	});
});


describe.skipIf(!baseUrl)('one process on PostgreSQL: the snapshot and the lock of the server-owned roots', () => {
	const name = `core_group_snapshot_${process.pid}`;
	let admin: postgres.Sql;
	let sql: postgres.Sql;
	let database: Database;
	let meetingId: string;

	beforeAll(async () => {
		admin = postgres(baseUrl!, { max: 1, onnotice: () => {} });
		await admin.unsafe(`drop database if exists ${name} with (force)`);
		await admin.unsafe(`create database ${name}`);
		noteDatabase(name);
		database = createDb({ url: databaseUrlOf(name) });
		await database.migrate();
		sql = postgres(databaseUrlOf(name), { max: 2, onnotice: () => {} });
		let people: DemoPeople;
		({ meetingId, people } = await seedDemoMeeting(database.db));
		await openDemoMeeting(database.db, meetingId, people);
	});
	afterAll(async () => {
		await stopRoomEngine(database.db);
		await sql?.end();
		await database?.close();
		await admin?.unsafe(`drop database if exists ${name} with (force)`);
		await admin?.end();
	});

	it('gives up the lock of the server-owned roots once its connection drops (PostgreSQL restarted), so another process takes it', async () => {
		const second = createDb({ url: databaseUrlOf(name) });
		const first = serverRootsLock(database.db);
		const other = serverRootsLock(second.db);
		try {
			expect(await first.hold(meetingId)).toBe(true);
			expect(await other.hold(meetingId)).toBe(false);
			// The first's lock connection is cut, as a restart of PostgreSQL cuts it.
			const cut = await admin`select pg_terminate_backend(l.pid) as done from pg_locks l join pg_database d on d.oid = l.database
				where d.datname = ${name} and l.locktype = 'advisory' and l.granted`;
			expect(cut).toHaveLength(1);
			await eventually(() => other.hold(meetingId), 5_000, 'the other to take the lock');
			expect(await first.hold(meetingId)).toBe(false);
		} finally {
			await first.close().catch(() => {});
			await other.close();
			await second.close();
		}
	});

	it('covers only rows all committed, so the late one is not lost on reload', async () => {
		const room = await openRoom(database.db, meetingId);
		await room.settled();
		// Another process's update: it takes its sequence number now and commits a moment later.
		const other = new Y.Doc();
		Y.applyUpdate(other, Y.encodeStateAsUpdate(room.doc));
		const before = Y.encodeStateVector(other);
		planText(other, 'review')!.insert(0, 'COMMITTED LATE ');
		const late = Y.encodeStateAsUpdate(other, before);
		let commit!: () => void;
		const committing = new Promise<void>((resolve) => (commit = resolve));
		let numbered!: (seq: number) => void;
		const lateSeq = new Promise<number>((resolve) => (numbered = resolve));
		const transaction = sql.begin(async (tx) => {
			const [seq] = await insertUnlessClosed(tx, [{ meetingId, memberId: null, userId: null, update: late }]);
			numbered(seq!);
			await committing;
		});
		const seqOfLate = await lateSeq;
		// This process's own write takes a later number and commits first.
		await room.serverWrite((doc) => planText(doc, 'concerns')!.insert(0, 'COMMITTED FIRST '));
		const snapshotting = room.snapshot();
		await new Promise((r) => setTimeout(r, 300));
		commit();
		await transaction;
		await snapshotting;

		const [snapshot] = await database.db.select().from(meetingSnapshots).where(eq(meetingSnapshots.meetingId, meetingId)).orderBy(desc(meetingSnapshots.id)).limit(1);
		expect(snapshot.upToSeq).toBeGreaterThan(seqOfLate);
		unloadRooms();
		const plan = readPlan((await storedDocument(database.db, meetingId))!);
		expect(plan.review).toContain('COMMITTED LATE');
		expect(plan.concerns).toContain('COMMITTED FIRST');
		other.destroy();
	});
});
