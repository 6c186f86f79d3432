// `npm start`: build the app when the build is missing or older than the sources, then serve it on PORT.
// Migrations (and, on a fresh embedded database, the demo data) are applied by the app as it starts.
// `npm start -- --processes N` serves from N processes sharing the port (node:cluster): they serve any meeting
// together through Redis (REDIS_URL) on one PostgreSQL (DATABASE_URL); a process that dies is replaced.
import cluster from 'node:cluster';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { startServer } from '../server/index';
import { sharedDatabase } from '../src/lib/server/db/client';
import { evidenceGuardOfRole, evidenceGuardWarning } from '../src/lib/server/evidence-tables';

const SOURCES = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package.json'];

function newestChange(entry: string): number {
	if (!existsSync(entry)) return 0;
	const stat = statSync(entry);
	if (!stat.isDirectory()) return stat.mtimeMs;
	return readdirSync(entry).reduce((newest, name) => Math.max(newest, newestChange(path.join(entry, name))), stat.mtimeMs);
}

function buildIsStale(): boolean {
	const built = 'build/handler.js';
	if (!existsSync(built)) return true;
	const builtAt = statSync(built).mtimeMs;
	return SOURCES.some((s) => newestChange(s) > builtAt);
}

/** `--processes N` (or `--processes=N`); 1 when absent. */
function processesAsked(argv: string[]): number {
	const at = argv.findIndex((a) => a === '--processes' || a.startsWith('--processes='));
	if (at < 0) return 1;
	const value = argv[at].includes('=') ? argv[at].split('=')[1] : argv[at + 1];
	const n = Number(value);
	if (!Number.isInteger(n) || n < 1) {
		console.error(`--processes needs a whole number of processes, 1 or more (got ${JSON.stringify(value ?? '')}).`);
		process.exit(2);
	}
	return n;
}

const processes = cluster.isPrimary ? processesAsked(process.argv.slice(2)) : 1;
if (processes > 1) {
	const missing = ['DATABASE_URL', 'REDIS_URL'].filter((name) => !process.env[name]?.trim());
	if (missing.length) {
		console.error(
			`--processes ${processes} needs ${missing.join(' and ')}: several processes serve one meeting together only on one PostgreSQL (DATABASE_URL) with Redis relaying between them (REDIS_URL). Set ${missing.join(' and ')}, or start one process.`
		);
		process.exit(2);
	}
}

if (cluster.isPrimary && buildIsStale()) {
	console.log('Building the app…');
	execFileSync(process.execPath, [path.resolve('node_modules/vite/bin/vite.js'), 'build'], { stdio: 'inherit' });
}

if (processes > 1) {
	// Migrations once, here, before any process serves.
	await (await sharedDatabase()).close();
	let stopping = false;
	const fork = (index: number) =>
		// Reminders are sent by the first process only: one scheduler, not N.
		cluster.fork({ CORE_GROUP_PROCESS: String(index), ...(index > 0 ? { REMINDERS: 'off' } : {}) }).on('exit', (code, signal) => {
			if (stopping) return;
			console.error(`Process ${index} stopped (${signal ?? code}); starting another in its place.`);
			fork(index);
		});
	for (let i = 0; i < processes; i++) fork(i);
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.once(signal, () => {
			stopping = true;
			// Each process hands its rooms over (see server/collab: a graceful stop) before it ends.
			for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
		});
	}
	console.log(`Core Group: ${processes} processes serving on port ${process.env.PORT ?? 3000}, relayed through Redis.`);
} else {
	await serve();
}

/** One process: the pages, the API and the live room on PORT; a stop hands its rooms over first. */
async function serve(): Promise<void> {
	const port = Number(process.env.PORT ?? 3000);
	const host = process.env.HOST || undefined;
	const running = await startServer({ port, host });
	const where = process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `the embedded database in ${path.resolve(process.env.DATA_DIR ?? 'data')}`;
	if (!cluster.isWorker || process.env.CORE_GROUP_PROCESS === '0') console.log(`Core Group is listening on http://${host ?? 'localhost'}:${running.port} — using ${where}.`);
	// The embedded database is a folder this process owns whatever the role; on PostgreSQL the role matters.
	if (process.env.DATABASE_URL) {
		const warning = evidenceGuardWarning(await evidenceGuardOfRole((await sharedDatabase()).db));
		if (warning) console.warn(warning);
	}

	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.once(signal, () => {
			void running.close().finally(() => process.exit(0));
		});
	}
}
