// Noise at the door of the live room: upgrades refused over and over from one address are answered 429
// before any database work, nameless refusals become one audit row per address per minute rather than a
// row each, a signed-in person's refusal keeps its own row — and the meeting inside carries on meanwhile.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, like } from 'drizzle-orm';
import type { IncomingMessage } from 'node:http';
import WebSocket from 'ws';
import { planText, readPlan } from '../../src/lib/plan';
import { flushAnonymousRefusals } from '../../src/lib/server/anonymous-refusals';
import type { Database } from '../../src/lib/server/db/client';
import { auditLog } from '../../src/lib/server/db/schema';
import { clientAddress } from '../../server/collab/upgrade-path';
import { connectClient, until, type CollabClient } from '../support/collab-client';
import { testDatabases } from './support/databases';
import { seedDemoMeeting } from './support/demo-meeting';
import { sessionTokenOf, startLiveServer, type LiveServer } from './support/live-server';

/** Tries one upgrade; resolves with the HTTP status of the refusal, or 101 when it opened. */
function tryUpgrade(server: LiveServer, meetingId: string, token: string | null): Promise<number> {
	return new Promise((resolve) => {
		const ws = new WebSocket(`${server.url.replace('http', 'ws')}/collab/${meetingId}`, token ? { headers: { cookie: `session=${token}` } } : {});
		ws.on('error', () => {});
		ws.once('open', () => {
			ws.close();
			resolve(101);
		});
		ws.once('unexpected-response', (_req, res) => {
			resolve(res.statusCode ?? 0);
			res.resume();
			ws.terminate();
		});
	});
}

describe.each(testDatabases)('refused upgrades on $name', (kind) => {
	let database: Database & { drop(): Promise<void> };
	let server: LiveServer;
	let meetingId: string;
	let chair: CollabClient;
	let school: CollabClient;

	beforeAll(async () => {
		database = await kind.open();
		({ meetingId } = await seedDemoMeeting(database.db));
		server = await startLiveServer(database.db, { refusals: { burst: 10, refillPerSecond: 0.001 } });
		chair = connectClient(server.url, meetingId, await sessionTokenOf(database.db, 'chair@demo.test'));
		school = connectClient(server.url, meetingId, await sessionTokenOf(database.db, 'school@demo.test'));
		await Promise.all([chair.synced, school.synced]);
	});
	afterAll(async () => {
		chair?.destroy();
		school?.destroy();
		await server?.close();
		await database?.drop();
	});

	const rows = (action: string) => database.db.select().from(auditLog).where(and(like(auditLog.action, action)));

	it('counts nameless refusals per address, throttles the address, and keeps the meeting going', async () => {
		// A signed-in person outside the core group: one row of their own.
		const outsider = await sessionTokenOf(database.db, 'outsider@demo.test');
		expect(await tryUpgrade(server, meetingId, outsider)).toBe(404);
		const [named] = await rows('upgrade-refused');
		expect(named).toMatchObject({ actorUserId: expect.any(String), meetingId });

		// Then a script without a session, and one with a made-up cookie, forty times.
		const answers: number[] = [];
		for (let i = 0; i < 40; i++) answers.push(await tryUpgrade(server, meetingId, i % 2 ? null : 'a'.repeat(32)));
		expect(answers.slice(0, 9)).toEqual(Array(9).fill(401));
		expect(answers.slice(9)).toEqual(Array(31).fill(429));
		expect(await rows('upgrade-refused')).toHaveLength(1);

		// Meanwhile the meeting goes on.
		planText(chair.doc, 'concerns')!.insert(0, 'Still meeting.');
		await until(() => readPlan(school.doc).concerns === 'Still meeting.', 5_000, "the chair's edit at the school's end");

		await flushAnonymousRefusals();
		const tallies = await database.db.select().from(auditLog).where(like(auditLog.action, '%-tally'));
		expect(tallies.map((t) => [t.action, t.detail.count]).sort()).toEqual([
			['upgrade-refused-tally', 9],
			['upgrade-throttled-tally', 31]
		]);
		expect(tallies.every((t) => t.detail.address === '127.0.0.1')).toBe(true);
		// Forty-one refusals, three rows.
		expect(await rows('upgrade-%')).toHaveLength(3);
	});
});

describe('the address of a refused upgrade', () => {
	const req = (headers: Record<string, string>) => ({ headers, socket: { remoteAddress: '10.0.0.5' } }) as unknown as IncomingMessage;

	it('is the socket’s own unless the proxy header is configured, then read as the pages read it', () => {
		expect(clientAddress(req({ 'x-forwarded-for': '203.0.113.9' }), {})).toBe('10.0.0.5');
		expect(clientAddress(req({ 'x-forwarded-for': '198.51.100.1, 203.0.113.9' }), { ADDRESS_HEADER: 'X-Forwarded-For' })).toBe('203.0.113.9');
		expect(clientAddress(req({ 'x-forwarded-for': '198.51.100.1, 203.0.113.9' }), { ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '2' })).toBe('198.51.100.1');
		expect(clientAddress(req({ 'true-client-ip': '203.0.113.7' }), { ADDRESS_HEADER: 'True-Client-IP' })).toBe('203.0.113.7');
		expect(clientAddress(req({}), { ADDRESS_HEADER: 'x-forwarded-for' })).toBeNull();
	});
});
