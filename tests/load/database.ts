// The bench's own PostgreSQL database: created fresh (core_group_bench_<pid>), filled with the demo case and
// enough scheduled meetings, and dropped at the end whatever happens.
import { spawn } from 'node:child_process';
import postgres from 'postgres';
import { unixSocketOf } from '../../src/lib/server/db/unix-socket';
import { dropDatabase, updateHoldings } from './ledger';
import { onCleanup } from './lifecycle';

export interface BenchDatabase {
	name: string;
	/** URL of the bench database, for DATABASE_URL. */
	url: string;
	/** Process ids of the PostgreSQL backends currently serving the bench database (for their CPU). */
	backendPids(): Promise<number[]>;
}

const DEFAULT_BASE = 'postgres://postgres@127.0.0.1:5432/postgres';

function assertLoopback(url: URL): void {
	if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
		throw new Error(`The bench only talks to loopback; BENCH_DATABASE_URL points at ${url.hostname}.`);
	}
}

export async function createBenchDatabase(): Promise<BenchDatabase> {
	const base = new URL(process.env.BENCH_DATABASE_URL || DEFAULT_BASE);
	assertLoopback(base);
	const baseUrl = base.toString();
	const name = `core_group_bench_${process.pid}`;
	updateHoldings((holdings) => ({ ...holdings, database: { baseUrl, name } }));
	const { url: adminUrl, socket } = unixSocketOf(baseUrl);
	const admin = postgres(adminUrl, { max: 1, onnotice: () => {}, ...socket });
	onCleanup(`drop database ${name}`, async () => {
		await admin.end({ timeout: 5 });
		await dropDatabase(baseUrl, name);
		updateHoldings((holdings) => ({ ...holdings, database: null }));
	});
	await admin.unsafe(`drop database if exists ${name} with (force)`);
	await admin.unsafe(`create database ${name}`);
	const url = new URL(base);
	url.pathname = `/${name}`;
	return {
		name,
		url: url.toString(),
		backendPids: async () => {
			const rows = await admin<{ pid: number }[]>`select pid from pg_stat_activity where datname = ${name}`;
			return rows.map((row) => row.pid);
		}
	};
}

/** Runs `scripts/seed-demo.ts --meetings N` against the bench database (it also applies the migrations). */
export function seedDemo(databaseUrl: string, extraMeetings: number): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/seed-demo.ts', '--meetings', String(extraMeetings)], {
			env: { ...process.env, DATABASE_URL: databaseUrl },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let output = '';
		child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.once('error', reject);
		child.once('exit', (code) => {
			if (code === 0) resolve();
			else reject(new Error(`seed-demo exited with ${code}:\n${output.trim()}`));
		});
	});
}
