// What a test run starts outside its own process — servers, temporary folders, PostgreSQL databases — is
// written in a ledger, so the run's global teardown can prove that nothing is left behind: it stops and
// removes whatever is, and fails the run naming it. Processes are started in a process group of their own
// and stopped as a group, so the children of `faketime`, `npm` or `tsx` go with them.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const LEDGER_ENV = 'CORE_GROUP_TEST_LEDGER';
type Entry = { kind: 'process'; pid: number; what: string } | { kind: 'folder'; path: string } | { kind: 'database'; name: string };

function note(entry: Entry): void {
	const ledger = process.env[LEDGER_ENV];
	if (ledger) appendFileSync(path.join(ledger, 'entries'), JSON.stringify(entry) + '\n');
}

/** Opens the run's ledger (in the global setup); workers started after it inherit where it is. */
export function openLedger(): void {
	process.env[LEDGER_ENV] ??= mkdtempSync(path.join(os.tmpdir(), 'core-group-test-run-'));
}

/** A temporary folder named `core-group-<purpose>-…`, removed by the teardown if the test does not. */
export function temporaryFolder(purpose: string): string {
	const dir = mkdtempSync(path.join(os.tmpdir(), `core-group-${purpose}-`));
	note({ kind: 'folder', path: dir });
	return dir;
}

export const noteDatabase = (name: string) => note({ kind: 'database', name });

/** Spawns `command` as the leader of a new process group, noted in the ledger. */
export function spawnGroup(command: string, args: string[], options: SpawnOptions, what: string): ChildProcess {
	const child = spawn(command, args, { ...options, detached: true });
	if (child.pid) note({ kind: 'process', pid: child.pid, what });
	return child;
}

const groupAlive = (pid: number) => {
	try {
		process.kill(-pid, 0);
		return true;
	} catch {
		return false;
	}
};

/** Stops a group started by `spawnGroup`: SIGTERM to every process in it, SIGKILL to what is left after `graceMs`. */
export async function stopGroup(child: ChildProcess, graceMs = 10_000): Promise<void> {
	const pid = child.pid;
	if (!pid || !groupAlive(pid)) return;
	process.kill(-pid, 'SIGTERM');
	const deadline = Date.now() + graceMs;
	while (groupAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
	if (groupAlive(pid)) process.kill(-pid, 'SIGKILL');
}

/**
 * Closes the ledger (in the global teardown): whatever is still there is stopped or removed, and named.
 * `dropDatabase` removes a PostgreSQL database that is left (the run knows how to reach its server).
 */
export async function closeLedger(dropDatabase?: (name: string) => Promise<boolean>): Promise<string[]> {
	const ledger = process.env[LEDGER_ENV];
	if (!ledger || !existsSync(path.join(ledger, 'entries'))) {
		if (ledger) rmSync(ledger, { recursive: true, force: true });
		return [];
	}
	const entries = readFileSync(path.join(ledger, 'entries'), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Entry);
	const left: string[] = [];
	for (const e of entries) {
		if (e.kind === 'process' && groupAlive(e.pid)) {
			left.push(`process group ${e.pid} (${e.what})`);
			process.kill(-e.pid, 'SIGKILL');
		} else if (e.kind === 'folder' && existsSync(e.path)) {
			// A folder is the test's to remove; one left over is removed here and named.
			left.push(`folder ${e.path}`);
			rmSync(e.path, { recursive: true, force: true });
		} else if (e.kind === 'database' && dropDatabase && (await dropDatabase(e.name))) {
			left.push(`database ${e.name}`);
		}
	}
	rmSync(ledger, { recursive: true, force: true });
	return left;
}
