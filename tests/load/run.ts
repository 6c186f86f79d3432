// The bench worker: real y-websocket clients against our collaboration server and the reference server, the
// same generator and settings for both, one fresh server process per scenario; prints the figures.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { listMeetings, signIn, WRITING_ACCOUNTS } from './accounts';
import { createBenchDatabase, seedDemo, type BenchDatabase } from './database';
import { isStopping, onCleanup, runThenExit } from './lifecycle';
import type { BenchOptions, Scenario, TargetName } from './options';
import { measureReopen, type ReopenResult } from './reopen';
import { printReport, scenarioSummary } from './report';
import { runScenario, type ScenarioResult } from './scenario';
import { openMeetings } from './meeting-actions';
import { startTarget, type StartOptions, type TargetServer } from './servers';

const say = (text: string) => console.error(`[bench] ${text}`);

interface TargetContext {
	target: TargetName;
	start(): Promise<TargetServer>;
	/** Session cookies of the writing accounts (none for the reference). */
	signIn(server: TargetServer): Promise<string[]>;
	/** `count` room names not used before in this run. */
	takeRooms(server: TargetServer, cookies: string[], count: number): Promise<string[]>;
	database?: BenchDatabase;
}

function contextFor(target: TargetName, startOptions: StartOptions, database: BenchDatabase | undefined): TargetContext {
	let used = 0;
	if (target === 'reference') {
		return {
			target,
			start: () => startTarget('reference', startOptions),
			signIn: () => Promise.resolve([]),
			takeRooms: (_server, _cookies, count) => Promise.resolve(Array.from({ length: count }, () => `bench-room-${++used}`))
		};
	}
	return {
		target,
		database,
		start: () => startTarget(target, startOptions),
		signIn: (server) => Promise.all(WRITING_ACCOUNTS.map((email) => signIn(server.httpUrl, email))),
		takeRooms: async (server, cookies, count) => {
			// Taken meetings are opened, so they leave the scheduled list: every target of ours takes fresh ones.
			const meetings = (await listMeetings(server.httpUrl, cookies[0])).filter((meeting) => meeting.status === 'scheduled');
			if (meetings.length < count) throw new Error(`Only ${meetings.length} scheduled meetings; the bench needs ${count}.`);
			const ids = meetings.slice(0, count).map((meeting) => meeting.id);
			await openMeetings(server, cookies[WRITING_ACCOUNTS.indexOf('chair@demo.test')], ids);
			return ids;
		}
	};
}

interface Results {
	scenarios: ScenarioResult[];
	reopens: ReopenResult[];
	/** Runs that could not finish, with the reason: the other runs still go ahead. */
	failures: string[];
}

/** Runs one step; a failure is recorded (and the step's server stopped by its own finally), not fatal. */
async function attempt(label: string, results: Results, step: () => Promise<void>): Promise<void> {
	if (isStopping()) return;
	try {
		await step();
	} catch (error) {
		if (isStopping()) return;
		const message = error instanceof Error ? error.message : String(error);
		say(`${label}: FAILED: ${message}`);
		results.failures.push(`${label}: ${message}`);
	}
}

/**
 * Scenario by scenario, each target in turn: the targets of one scenario run minutes apart, so a change in
 * the machine's background load disturbs both alike rather than one target's whole series.
 */
async function runAll(contexts: TargetContext[], options: BenchOptions, results: Results): Promise<void> {
	for (const scenario of options.scenarios) {
		for (const context of contexts) {
			const label = `${context.target} ${scenario.rooms}x${scenario.attendees}`;
			await attempt(label, results, () => runOneScenario(context, options, scenario, label, results));
		}
	}
	if (options.reopenEdits > 0) {
		// Reopening from the database is one process's work: the two-processes target is not timed for it.
		for (const context of contexts.filter((c) => c.target !== 'two-processes')) {
			await attempt(`${context.target} reopen`, results, () => runReopen(context, options, results));
		}
	}
}

async function runOneScenario(context: TargetContext, options: BenchOptions, scenario: Scenario, label: string, results: Results): Promise<void> {
	say(`${label}: starting the server…`);
	const server = await context.start();
	try {
		const cookies = await context.signIn(server);
		const rooms = await context.takeRooms(server, cookies, scenario.rooms);
		say(`${label}: ${scenario.rooms * scenario.attendees} attendees connecting, then ${options.warmupSeconds} s warm-up and ${options.seconds} s measured…`);
		const result = await runScenario({
			server,
			scenario,
			rooms,
			cookies,
			seedNotes: context.target === 'reference',
			options,
			databaseBackends: context.database?.backendPids
		});
		results.scenarios.push(result);
		say(`${label}: done (connected in ${result.setupSeconds.toFixed(1)} s): ${scenarioSummary(result)}`);
		reportServerErrors(server);
	} finally {
		await server.stop();
	}
}

async function runReopen(context: TargetContext, options: BenchOptions, results: Results): Promise<void> {
	say(`${context.target}: typing ${options.reopenEdits} edits into one meeting, then opening it afresh…`);
	let server = await context.start();
	try {
		const cookies = await context.signIn(server);
		const [room] = await context.takeRooms(server, cookies, 1);
		// Ours is opened from the database twice: after a crash (the log since the last snapshot is read too),
		// then after a graceful restart (which compacts it). The reference stores nothing: it is opened from memory.
		const restartedAfter = (how: 'kill' | 'stop', openedFrom: string) => ({
			openedFrom,
			async server() {
				reportServerErrors(server);
				await server[how]();
				say(`${context.target}: server ${how === 'kill' ? 'killed (SIGKILL)' : 'stopped'}; starting it again on the same database…`);
				server = await context.start();
				return server;
			}
		});
		const reopened = await measureReopen({
			server,
			room,
			cookies,
			seedNotes: context.target === 'reference',
			edits: options.reopenEdits,
			editChars: options.editChars,
			reopenings:
				context.target === 'ours'
					? [restartedAfter('kill', 'database, after a crash'), restartedAfter('stop', 'database, after a restart')]
					: [{ openedFrom: 'memory', server: async () => server }]
		});
		results.reopens.push(...reopened);
		reportServerErrors(server);
	} finally {
		await server.stop();
	}
}

function reportServerErrors(server: TargetServer): void {
	const lines = server.stderrLines();
	if (lines.length === 0) return;
	say(`${server.target} server wrote ${lines.length} lines to stderr (log: ${server.logFile}); the first:`);
	for (const line of lines.slice(0, 5)) say(`  ${line}`);
}

async function main(options: BenchOptions, workDir: string): Promise<void> {
	// Every WebsocketProvider adds a process 'exit' listener: hundreds of attendees are expected here.
	process.setMaxListeners(0);

	const logDir = path.join(workDir, 'logs');
	const dataDir = path.join(workDir, 'data');
	mkdirSync(logDir);
	mkdirSync(dataDir);
	onCleanup('remove the bench data folder', () => rmSync(dataDir, { recursive: true, force: true }));
	say(`server logs go to ${logDir}`);

	let database: BenchDatabase | undefined;
	if (options.targets.some((target) => target !== 'reference')) {
		database = await createBenchDatabase();
		const ourTargets = options.targets.filter((target) => target !== 'reference').length;
		const meetings = options.scenarios.reduce((sum, scenario) => sum + scenario.rooms, 0) * ourTargets + (options.reopenEdits > 0 ? 1 : 0);
		say(`created database ${database.name}; seeding the demo case with ${meetings} more meetings…`);
		await seedDemo(database.url, meetings);
	}
	const startOptions: StartOptions = { databaseUrl: database?.url ?? '', dataDir, logDir, redisUrl: process.env.REDIS_URL || undefined };

	const results: Results = { scenarios: [], reopens: [], failures: [] };
	const contexts = options.targets.map((target) => contextFor(target, startOptions, database));
	await runAll(contexts, options, results);
	printReport(options, results.scenarios, results.reopens, results.failures);
	if (results.failures.length) process.exitCode = 1;
}

/** Runs the whole bench in this process; `workDir` takes the logs and the servers' data. */
export function runBench(options: BenchOptions, workDir: string): Promise<never> {
	return runThenExit(() => main(options, workDir));
}
