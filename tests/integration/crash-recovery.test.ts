// Kill -9 of the server right after a burst of edits: after a restart, every edit that any other
// attendee had received is still there (write-ahead: stored before relayed).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { planText, readPlan } from '../../src/lib/plan';
import { createDb } from '../../src/lib/server/db/client';
import { connectClient, until, type CollabClient } from '../support/collab-client';
import { noteDatabase, spawnGroup, stopGroup, temporaryFolder } from '../support/test-run';
import { sessionTokenOf } from './support/live-server';
import { openDemoMeeting, seedDemoMeeting, type DemoPeople } from './support/demo-meeting';
import postgres from 'postgres';

interface Target {
	name: string;
	env: Record<string, string>;
	cleanup(): Promise<void>;
}

async function pgliteTarget(): Promise<Target> {
	const dir = temporaryFolder('crash');
	return { name: 'pglite', env: { DATA_DIR: dir, DATABASE_URL: '' }, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
}

async function postgresTarget(baseUrl: string): Promise<Target> {
	const name = `core_group_crash_${process.pid}`;
	const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
	await admin.unsafe(`drop database if exists ${name} with (force)`);
	await admin.unsafe(`create database ${name}`);
	noteDatabase(name);
	const url = new URL(baseUrl);
	url.pathname = `/${name}`;
	return {
		name: 'postgres',
		env: { DATABASE_URL: url.toString() },
		cleanup: async () => {
			await admin.unsafe(`drop database if exists ${name} with (force)`);
			await admin.end();
		}
	};
}

function startServerProcess(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
	const child = spawnGroup(process.execPath, ['--import', 'tsx', 'tests/integration/support/live-server-process.ts'], {
		env: { ...process.env, ...env, DATA_DIR: env.DATA_DIR ? path.join(env.DATA_DIR, 'db') : '' },
		stdio: ['ignore', 'pipe', 'inherit']
	}, 'a live-room server to crash');
	return new Promise((resolve, reject) => {
		const lines = createInterface({ input: child.stdout! });
		lines.once('line', (url) => resolve({ child, url: url.trim() }));
		child.once('exit', (code) => reject(new Error(`the server process exited early (${code})`)));
	});
}

const targets = [pgliteTarget, ...(process.env.DATABASE_URL ? [() => postgresTarget(process.env.DATABASE_URL!)] : [])];

describe.each(targets.map((make, i) => ({ make, name: i === 0 ? 'pglite' : 'postgres' })))('crash recovery on $name', ({ make }) => {
	let target: Target;
	let meetingId: string;
	let writer: string;
	let reader: string;
	const clients: CollabClient[] = [];
	let child: ChildProcess | undefined;

	beforeAll(async () => {
		target = await make();
		const database = createDb({
			url: target.env.DATABASE_URL || undefined,
			dataDir: target.env.DATA_DIR ? path.join(target.env.DATA_DIR, 'db') : undefined
		});
		await database.migrate();
		let people: DemoPeople;
		({ meetingId, people } = await seedDemoMeeting(database.db));
		// The school writes: the meeting is open (before it opens, only those who prepare it write).
		await openDemoMeeting(database.db, meetingId, people);
		writer = await sessionTokenOf(database.db, 'school@demo.test');
		reader = await sessionTokenOf(database.db, 'chair@demo.test');
		// The embedded database allows one process at a time: hand it over to the server process.
		await database.close();
	});
	afterAll(async () => {
		for (const c of clients) c.destroy();
		if (child) await stopGroup(child);
		await target?.cleanup();
	});

	it('keeps every edit another attendee received', async () => {
		let running = await startServerProcess(target.env);
		child = running.child;
		const school = connectClient(running.url, meetingId, writer);
		const chair = connectClient(running.url, meetingId, reader);
		clients.push(school, chair);
		await Promise.all([school.synced, chair.synced]);

		const notes = planText(school.doc, 'concerns')!;
		const received = () => readPlan(chair.doc).concerns.match(/e\d+;/g) ?? [];
		// A burst of edits, and the server killed while the burst is still arriving.
		for (let i = 0; i < 300; i++) {
			notes.insert(notes.length, `e${i};`);
			if (i % 10 === 9) await new Promise((r) => setImmediate(r));
		}
		await until(() => received().length >= 100, 10_000, 'the chair to receive part of the burst');
		child.kill('SIGKILL');
		await new Promise((r) => child!.once('exit', r));
		const seenBeforeCrash = received();
		school.provider.disconnect();
		chair.provider.disconnect();

		running = await startServerProcess(target.env);
		child = running.child;
		const fresh = connectClient(running.url, meetingId, reader);
		clients.push(fresh);
		await fresh.synced;
		const recovered = new Set(readPlan(fresh.doc).concerns.match(/e\d+;/g) ?? []);
		expect(seenBeforeCrash.length).toBeGreaterThanOrEqual(100);
		expect(seenBeforeCrash.filter((e) => !recovered.has(e))).toEqual([]);
	});
});
