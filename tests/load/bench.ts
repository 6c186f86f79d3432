// `npm run bench`: measures our collaboration server against the y-websocket reference server with real
// y-websocket clients, and prints the figures (`npm run bench -- --help` for the options). The process tsx
// starts supervises (supervisor.ts); the bench itself runs in its child.
import { readOptions, type BenchOptions } from './options';
import { benchWorkDir, supervise } from './supervisor';

let options: BenchOptions | null;
try {
	options = readOptions();
} catch (error) {
	console.error(error instanceof Error ? error.message : String(error));
	process.exit(2);
}
if (options) {
	const workDir = benchWorkDir();
	if (workDir) {
		const { runBench } = await import('./run');
		await runBench(options, workDir);
	} else {
		process.exit(await supervise(import.meta.url));
	}
}
