// A file listing what the bench worker holds right now (server process groups, the bench database), so the
// supervisor can release whatever the worker could not: it may be killed outright (tsx sends SIGKILL to a
// child that does not acknowledge a signal within 60 ms, and a loaded generator can be that slow).
import { readFileSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import postgres from 'postgres';
import { unixSocketOf } from '../../src/lib/server/db/unix-socket';

export interface Holdings {
	processGroups: number[];
	database: { baseUrl: string; name: string } | null;
}

const EMPTY: Holdings = { processGroups: [], database: null };

/** The ledger file, named by the supervisor in this variable. */
export const LEDGER_ENV = 'CORE_GROUP_BENCH_LEDGER';

function ledgerPath(): string | undefined {
	return process.env[LEDGER_ENV];
}

export function readHoldings(path: string): Holdings {
	try {
		return { ...EMPTY, ...(JSON.parse(readFileSync(path, 'utf8')) as Partial<Holdings>) };
	} catch {
		return EMPTY;
	}
}

/** Records a change of holdings (a no-op when the bench runs without a supervisor). */
export function updateHoldings(change: (holdings: Holdings) => Holdings): void {
	const path = ledgerPath();
	if (!path) return;
	writeFileSync(path, JSON.stringify(change(readHoldings(path))));
}

function groupAlive(pgid: number): boolean {
	try {
		process.kill(-pgid, 0);
		return true;
	} catch {
		return false;
	}
}

/** Kills a process group at once, as a crash would: no chance to finish anything. */
export function killProcessGroup(pgid: number): void {
	if (groupAlive(pgid)) process.kill(-pgid, 'SIGKILL');
}

/** Stops a process group: SIGTERM, then SIGKILL if it is still there after `graceMs`. */
export async function stopProcessGroup(pgid: number, graceMs: number): Promise<void> {
	if (!groupAlive(pgid)) return;
	process.kill(-pgid, 'SIGTERM');
	const deadline = Date.now() + graceMs;
	while (groupAlive(pgid) && Date.now() < deadline) await sleep(100);
	if (groupAlive(pgid)) process.kill(-pgid, 'SIGKILL');
}

export async function dropDatabase(baseUrl: string, name: string): Promise<void> {
	const { url: adminUrl, socket } = unixSocketOf(baseUrl);
	const admin = postgres(adminUrl, { max: 1, onnotice: () => {}, ...socket });
	try {
		await admin.unsafe(`drop database if exists ${name} with (force)`);
	} finally {
		await admin.end({ timeout: 5 });
	}
}

/** Releases whatever the ledger still lists; says what it had to release. */
export async function releaseLeftovers(path: string, say: (text: string) => void): Promise<void> {
	const { processGroups, database } = readHoldings(path);
	for (const pgid of processGroups) {
		if (!groupAlive(pgid)) continue;
		say(`stopping a server the bench left running (process group ${pgid})`);
		await stopProcessGroup(pgid, 10_000);
	}
	if (database) {
		say(`dropping database ${database.name} if the bench left it`);
		await dropDatabase(database.baseUrl, database.name);
	}
	writeFileSync(path, JSON.stringify(EMPTY));
}
