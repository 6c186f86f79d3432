// `npm start`: build the app when the build is missing or older than the sources, then serve it on PORT.
// Migrations (and, on a fresh embedded database, the demo data) are applied by the app as it starts.
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

if (buildIsStale()) {
	console.log('Building the app…');
	execFileSync(process.execPath, [path.resolve('node_modules/vite/bin/vite.js'), 'build'], { stdio: 'inherit' });
}

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST || undefined;
const running = await startServer({ port, host });
const where = process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `the embedded database in ${path.resolve(process.env.DATA_DIR ?? 'data')}`;
console.log(`Core Group is listening on http://${host ?? 'localhost'}:${running.port} — using ${where}.`);
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
