// Thousands of random, truncated, mutated and oversized frames against a live room, bounded in time: the
// server stays up, honest attendees keep syncing, and everything stored is a readable update from them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { planText, readPlan } from '../../src/lib/plan';
import type { Database } from '../../src/lib/server/db/client';
import { meetingUpdates, memberships, users } from '../../src/lib/server/db/schema';
import { openDemoMeeting, seedDemoMeeting } from './support/demo-meeting';
import { MAX_FRAME_BYTES } from '../../server/collab';
import { storedDocument } from '../../src/lib/server/collab-hooks/store';
import { connectClient, until, type CollabClient } from '../support/collab-client';
import { testDatabases } from './support/databases';
import { sessionTokenOf, startLiveServer, type LiveServer } from './support/live-server';

/** A small deterministic PRNG, so a failing run can be replayed. */
function prng(seed: number) {
	let s = seed >>> 0;
	return () => {
		s = (s + 0x6d2b79f5) >>> 0;
		let t = s;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function syncMessage(step: number, payload: Uint8Array): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, 0);
	encoding.writeVarUint(e, step);
	encoding.writeVarUint8Array(e, payload);
	return encoding.toUint8Array(e);
}

/** One hostile frame: random bytes, a truncated or bit-flipped real update, junk awareness, or too big. */
function hostileFrame(random: () => number, sample: Uint8Array): Uint8Array | string {
	const kind = Math.floor(random() * 7);
	const bytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
	switch (kind) {
		case 0:
			return bytes(1 + Math.floor(random() * 64));
		case 1:
			return syncMessage(2, sample).slice(0, 1 + Math.floor(random() * sample.length));
		case 2: {
			const flipped = sample.slice();
			for (let i = 0; i < 3; i++) flipped[Math.floor(random() * flipped.length)] ^= 1 << Math.floor(random() * 8);
			return syncMessage(2, flipped);
		}
		case 3:
			return syncMessage(Math.floor(random() * 5), bytes(Math.floor(random() * 32)));
		case 4: {
			const e = encoding.createEncoder();
			encoding.writeVarUint(e, 1);
			encoding.writeVarUint8Array(e, bytes(Math.floor(random() * 48)));
			return encoding.toUint8Array(e);
		}
		case 5:
			return 'not a binary frame';
		default:
			return random() < 0.1 ? new Uint8Array(MAX_FRAME_BYTES + 1) : bytes(Math.floor(random() * 4096));
	}
}

describe.each(testDatabases)('fuzzing the live room on $name', (kind) => {
	let database: Database & { drop(): Promise<void> };
	let server: LiveServer;
	let meetingId: string;
	const clients: CollabClient[] = [];
	const tokens: Record<string, string> = {};
	const honestMembers = new Set<string | null>([null]);

	beforeAll(async () => {
		database = await kind.open();
		const seeded = await seedDemoMeeting(database.db);
		const { caseId } = seeded;
		meetingId = seeded.meetingId;
		for (const who of ['chair', 'school', 'observer']) tokens[who] = await sessionTokenOf(database.db, `${who}@demo.test`);
		const rows = await database.db.select({ id: memberships.id, email: users.email }).from(memberships).innerJoin(users, eq(users.id, memberships.userId)).where(eq(memberships.caseId, caseId));
		for (const r of rows) if (['chair@demo.test', 'school@demo.test'].includes(r.email)) honestMembers.add(r.id);
		// The school writes too: the meeting is open (before it opens, only those who prepare it write).
		await openDemoMeeting(database.db, meetingId, seeded.people);
		server = await startLiveServer(database.db);
	});
	afterAll(async () => {
		for (const c of clients) c.destroy();
		await server?.close();
		await database?.drop();
	});

	it('survives hostile frames while honest attendees keep editing and converge', { timeout: 90_000 }, async () => {
		const chair = connectClient(server.url, meetingId, tokens.chair);
		const school = connectClient(server.url, meetingId, tokens.school);
		clients.push(chair, school);
		await Promise.all([chair.synced, school.synced]);

		// A real update, used as raw material for truncation and bit flips.
		const scratch = new Y.Doc();
		Y.applyUpdate(scratch, Y.encodeStateAsUpdate(chair.doc));
		let sample: Uint8Array = new Uint8Array();
		scratch.on('update', (u: Uint8Array) => (sample = u));
		planText(scratch, 'childViews')!.insert(0, 'Hostile sample text');

		const random = prng(20261126);
		const deadline = Date.now() + 20_000;
		let frames = 0;
		let connections = 0;
		let honestEdits = 0;
		while (frames < 3000 && Date.now() < deadline) {
			// An observer may write nothing, so nothing of theirs may ever be stored; the school may write, so a
			// mutated update of theirs that still reads as an edit is a legitimate (if odd) edit.
			const who = random() < 0.5 ? 'observer' : 'school';
			const ws = new WebSocket(`${server.url.replace('http', 'ws')}/collab/${meetingId}`, { headers: { cookie: `session=${tokens[who]}` } });
			connections++;
			await new Promise<void>((resolve) => {
				ws.on('error', () => resolve());
				ws.on('close', () => resolve());
				ws.on('open', () => {
					for (let i = 0; i < 20 && ws.readyState === ws.OPEN; i++, frames++) ws.send(hostileFrame(random, sample));
					setTimeout(() => ws.terminate(), 50);
				});
			});
			// Honest work carries on between the attacks.
			planText(school.doc, 'concerns')!.insert(0, `s${honestEdits};`);
			planText(chair.doc, 'review')!.insert(0, `c${honestEdits};`);
			honestEdits++;
		}
		expect(frames).toBeGreaterThanOrEqual(1000);
		expect(connections).toBeGreaterThan(10);

		// The honest attendees converge on everything they wrote.
		await until(() => readPlan(chair.doc).concerns === readPlan(school.doc).concerns && readPlan(chair.doc).review === readPlan(school.doc).review, 10_000, 'convergence');
		expect(readPlan(chair.doc).concerns.match(/s\d+;/g)).toHaveLength(honestEdits);
		expect(readPlan(school.doc).review.match(/c\d+;/g)).toHaveLength(honestEdits);

		// What is stored is readable, from honest members only, and is exactly what they see.
		const rows = await database.db.select().from(meetingUpdates).where(eq(meetingUpdates.meetingId, meetingId));
		for (const row of rows) {
			expect(() => Y.decodeUpdate(row.update)).not.toThrow();
			expect(honestMembers.has(row.memberId)).toBe(true);
		}
		const record = (await storedDocument(database.db, meetingId))!;
		expect(readPlan(record).concerns).toBe(readPlan(chair.doc).concerns);
		expect(readPlan(record).concerns).not.toContain('Hostile');
	});

	it('closes a flooding connection without disturbing the room', async () => {
		const watcher = connectClient(server.url, meetingId, tokens.chair);
		clients.push(watcher);
		await watcher.synced;
		const code = await new Promise<number>((resolve) => {
			const ws = new WebSocket(`${server.url.replace('http', 'ws')}/collab/${meetingId}`, { headers: { cookie: `session=${tokens.school}` } });
			ws.on('close', (c) => resolve(c));
			ws.on('open', () => {
				const query = Uint8Array.of(3);
				for (let i = 0; i < 5000 && ws.readyState === ws.OPEN; i++) ws.send(query);
			});
		});
		expect(code).toBe(4429);
		planText(watcher.doc, 'review')!.insert(0, 'still here;');
		const school = connectClient(server.url, meetingId, tokens.school);
		clients.push(school);
		await until(() => readPlan(school.doc).review.includes('still here;'), 5000, 'the room to carry on');
	});
});
