// `npm run bench`: measures our collaboration server against the y-websocket reference server with real
// y-websocket clients, and prints the figures (`npm run bench -- --help` for the options).
//
// The process tsx starts is only a supervisor: it runs the bench worker as a plain node child (so tsx's
// signal relay cannot SIGKILL a busy generator mid-cleanup), passes signals on, and once the worker has
// exited, releases whatever the worker's ledger still lists (servers, the bench database).
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LEDGER_ENV, releaseLeftovers } from './ledger';
import { readOptions, type BenchOptions } from './options';

/** Set in the worker's environment: the folder for its logs and the servers' data. */
const WORKER_ENV = 'CORE_GROUP_BENCH_WORKER';

async function supervise(): Promise<number> {
	const workDir = mkdtempSync(path.join(os.tmpdir(), 'core-group-bench-'));
	const ledger = path.join(workDir, 'holdings.json');
	writeFileSync(ledger, '{}');
	const worker = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
		stdio: 'inherit',
		env: { ...process.env, [WORKER_ENV]: workDir, [LEDGER_ENV]: ledger }
	});
	for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => worker.kill(signal));
	const code = await new Promise<number>((resolve) =>
		worker.once('exit', (exitCode, signal) => resolve(exitCode ?? 128 + (signal ? os.constants.signals[signal] : 0)))
	);
	await releaseLeftovers(ledger, (text) => console.error(`[bench] ${text}`));
	return code;
}

let options: BenchOptions | null;
try {
	options = readOptions();
} catch (error) {
	console.error(error instanceof Error ? error.message : String(error));
	process.exit(2);
}
if (options) {
	const workDir = process.env[WORKER_ENV];
	if (workDir) {
		const { runBench } = await import('./run');
		await runBench(options, workDir);
	} else {
		process.exit(await supervise());
	}
}
