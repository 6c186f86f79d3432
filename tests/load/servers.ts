// Starts and stops the servers under test as child processes on loopback: ours (`scripts/start.ts` run by
// node itself, so the child's pid is the server's) and the y-websocket reference server (in memory, no auth).
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { killProcessGroup, stopProcessGroup, updateHoldings } from './ledger';
import { isStopping, onCleanup } from './lifecycle';
import type { TargetName } from './options';

export interface TargetServer {
	target: TargetName;
	/** The process that serves (its CPU and memory are the figures). */
	pid: number;
	/** Every process that serves (two with the two-processes target): their CPU is added up. */
	pids: number[];
	httpUrl: string;
	/** y-websocket server URL; the room name (meeting id) is appended by the provider. */
	collabUrl: string;
	/** One per serving process: attendees are spread across them. */
	collabUrls: string[];
	logFile: string;
	/** Lines the server wrote to stderr since it was ready (a vite build's chatter before is left out). */
	stderrLines(): string[];
	/** A graceful stop (SIGTERM; SIGKILL if it does not go). */
	stop(): Promise<void>;
	/** A crash: SIGKILL at once. */
	kill(): Promise<void>;
}

export interface StartOptions {
	/** Our server's DATABASE_URL. */
	databaseUrl: string;
	/** Our server's DATA_DIR (outbox and other local files). */
	dataDir: string;
	/** Folder for the servers' logs. */
	logDir: string;
	/** Where our server is started from: another checkout of the app (a git worktree of an earlier commit, say). */
	serverDir?: string;
	/** Redis for the two-processes target. */
	redisUrl?: string;
}

const HOST = '127.0.0.1';
// Our server may first build the app with vite (about 40 s on this machine, more while others build too).
const START_TIMEOUT_MS = 300_000;
const STOP_TIMEOUT_MS = 15_000;

let logCounter = 0;

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = net.createServer();
		probe.once('error', reject);
		probe.listen(0, HOST, () => {
			const { port } = probe.address() as net.AddressInfo;
			probe.close(() => resolve(port));
		});
	});
}

interface Launch {
	args: string[];
	env: NodeJS.ProcessEnv;
	/** A stdout line that says the server accepts connections. */
	ready: RegExp;
}

function launchFor(target: TargetName, port: number, options: StartOptions): Launch {
	if (target === 'two-processes') {
		const ours = launchFor('ours', port, options);
		return { ...ours, env: { ...ours.env, REDIS_URL: options.redisUrl ?? 'redis://127.0.0.1:6379' } };
	}
	if (target === 'ours') {
		return {
			// BENCH_NODE_FLAGS: Node's own flags for our server (a CPU profile, a heap setting), which NODE_OPTIONS refuses.
			args: [...(process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? []), '--import', 'tsx', 'scripts/start.ts'],
			env: { ...process.env, HOST, PORT: String(port), DATABASE_URL: options.databaseUrl, DATA_DIR: options.dataDir, ORIGIN: undefined },
			ready: /is listening on/
		};
	}
	return {
		args: ['node_modules/@y/websocket-server/src/server.js'],
		// YPERSISTENCE unset: the reference keeps documents in memory and stores nothing.
		env: { ...process.env, HOST, PORT: String(port), YPERSISTENCE: undefined },
		ready: /running at/
	};
}

export async function startTarget(target: TargetName, options: StartOptions): Promise<TargetServer> {
	if (target !== 'two-processes') return startOne(target, options);
	// One after the other: the first may build the app, and makes the seal's certificate the second then reads.
	const first = await startOne(target, options);
	const second = await startOne(target, options).catch(async (error: unknown) => {
		await first.stop();
		throw error;
	});
	const both = [first, second];
	return {
		target,
		pid: first.pid,
		pids: both.map((s) => s.pid),
		httpUrl: first.httpUrl,
		collabUrl: first.collabUrl,
		collabUrls: both.map((s) => s.collabUrl),
		logFile: `${first.logFile}, ${second.logFile}`,
		stderrLines: () => both.flatMap((s) => s.stderrLines()),
		stop: async () => void (await Promise.all(both.map((s) => s.stop()))),
		kill: async () => void (await Promise.all(both.map((s) => s.kill())))
	};
}

async function startOne(target: TargetName, options: StartOptions): Promise<TargetServer> {
	const port = await freePort();
	if (isStopping()) throw new Error('The bench is stopping.');
	const launch = launchFor(target, port, options);
	const logFile = path.join(options.logDir, `${target}-${++logCounter}.log`);
	const log = createWriteStream(logFile);
	// A process group of its own, so stopping it also stops a vite build it may have started.
	const cwd = target !== 'reference' ? options.serverDir : undefined;
	const child = spawn(process.execPath, launch.args, { cwd, env: launch.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	const pid = child.pid;
	if (pid === undefined) throw new Error(`Could not start the ${target} server.`);
	updateHoldings((holdings) => ({ ...holdings, processGroups: [...holdings.processGroups, pid] }));

	const stderr: string[] = [];
	const tail: string[] = [];
	let ready = false;
	const keepTail = (text: string) => {
		tail.push(...text.split('\n').filter(Boolean));
		tail.splice(0, Math.max(0, tail.length - 30));
	};
	child.stderr.on('data', (chunk: Buffer) => {
		log.write(chunk);
		const text = chunk.toString();
		if (ready) stderr.push(...text.split('\n').filter(Boolean));
		keepTail(text);
	});

	const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	let crash = false;
	const stop = async () => {
		// The whole group: a vite build the server started goes too.
		if (crash) killProcessGroup(pid);
		else await stopProcessGroup(pid, STOP_TIMEOUT_MS);
		await exit;
		updateHoldings((holdings) => ({ ...holdings, processGroups: holdings.processGroups.filter((group) => group !== pid) }));
		log.end();
	};
	const stopEarly = onCleanup(`stop the ${target} server (pid ${pid})`, stop);

	await new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`The ${target} server did not start within ${START_TIMEOUT_MS / 1000} s; see ${logFile}.`)), START_TIMEOUT_MS);
		let startupOutput = '';
		child.stdout.on('data', (chunk: Buffer) => {
			log.write(chunk);
			keepTail(chunk.toString());
			if (ready) return;
			startupOutput += chunk.toString();
			if (launch.ready.test(startupOutput)) {
				ready = true;
				clearTimeout(timer);
				resolve();
			}
		});
		void exit.then(() => {
			clearTimeout(timer);
			reject(new Error(`The ${target} server exited before it was ready:\n${tail.join('\n')}`));
		});
	}).catch(async (error: unknown) => {
		await stopEarly();
		throw error;
	});

	return {
		target,
		pid,
		pids: [pid],
		httpUrl: `http://${HOST}:${port}`,
		collabUrl: `ws://${HOST}:${port}/collab`,
		collabUrls: [`ws://${HOST}:${port}/collab`],
		logFile,
		stderrLines: () => stderr,
		stop: stopEarly,
		kill: () => {
			crash = true;
			return stopEarly();
		}
	};
}
