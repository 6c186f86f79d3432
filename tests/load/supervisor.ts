// A bench's entry process is only a supervisor: it runs the bench itself as a plain node child (so tsx's
// signal relay cannot SIGKILL a busy generator mid-cleanup), passes signals on, and once the child has
// exited, releases whatever the child's ledger still lists (servers, the bench database).
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LEDGER_ENV, releaseLeftovers } from './ledger';

/** Set in the child's environment: the folder for its logs and the servers' data. */
const WORKER_ENV = 'CORE_GROUP_BENCH_WORKER';

/** In the child: its work folder. In the supervisor: null. */
export function benchWorkDir(): string | null {
	return process.env[WORKER_ENV] || null;
}

/** Runs `entry` (this bench's own entry file, as import.meta.url) again as the child; resolves to its exit code. */
export async function supervise(entry: string): Promise<number> {
	const workDir = mkdtempSync(path.join(os.tmpdir(), 'core-group-bench-'));
	const ledger = path.join(workDir, 'holdings.json');
	writeFileSync(ledger, '{}');
	const worker = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(entry), ...process.argv.slice(2)], {
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
