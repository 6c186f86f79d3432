// The production server on a fake clock (Debian's faketime), on its own port and embedded database, so
// tests can close a meeting on a chosen day and come back weeks later.
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { spawnGroup, stopGroup } from '../../support/test-run';

export interface FakeClockServer {
	url: string;
	stop(): Promise<void>;
}

/** Starts the app as `npm start` would, with the clock set to `at` (e.g. '2026-12-24 15:00:00' UTC) and running on from there. */
export function startOnFakeClock(at: string, dataDir: string): Promise<FakeClockServer> {
	// faketime runs the server as its child: the two are started, and stopped, as one process group.
	const child: ChildProcess = spawnGroup('faketime', ['-f', `@${at}`, process.execPath, '--import', 'tsx', 'scripts/start.ts'], {
		cwd: path.resolve(import.meta.dirname, '../../..'),
		env: {
			...process.env,
			// Timers run on the real monotonic clock; only the wall clock is faked.
			FAKETIME_DONT_FAKE_MONOTONIC: '1',
			TZ: 'UTC',
			PORT: '0',
			DATA_DIR: dataDir,
			DATABASE_URL: '',
			DEMO_PASSWORD: 'demo-password'
		},
		stdio: ['ignore', 'pipe', 'inherit']
	}, `the app on a fake clock at ${at}`);
	return new Promise((resolve, reject) => {
		const lines = createInterface({ input: child.stdout! });
		lines.on('line', (line) => {
			const match = /listening on (http:\/\/\S+?) /.exec(line);
			if (match)
				resolve({
					url: match[1],
					stop: () => stopGroup(child)
				});
		});
		child.once('exit', (code) => {
			reject(new Error(`the server on a fake clock exited (${code})`));
			void stopGroup(child);
		});
	});
}
