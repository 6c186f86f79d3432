// Whatever the bench worker starts (child servers, the bench database, temporary folders) registers how to
// undo it here; the undo steps run once, newest first, on a normal end, on an error and on SIGINT / SIGTERM.
type Undo = () => Promise<void> | void;

const undoSteps: { label: string; undo: Undo }[] = [];
let cleaning: Promise<void> | null = null;

/** Registers an undo step; returns a function that runs it early (and removes it from the list). */
export function onCleanup(label: string, undo: Undo): () => Promise<void> {
	const step = { label, undo };
	undoSteps.push(step);
	return async () => {
		const index = undoSteps.indexOf(step);
		if (index === -1) return;
		undoSteps.splice(index, 1);
		await step.undo();
	};
}

/** True once cleanup has begun: nothing new may be started then (it would outlive the cleanup). */
export function isStopping(): boolean {
	return cleaning !== null;
}

/** Runs every registered undo step, newest first; a failing step is reported and the rest still run. */
export function cleanUp(): Promise<void> {
	cleaning ??= (async () => {
		while (undoSteps.length > 0) {
			const step = undoSteps.pop()!;
			try {
				await step.undo();
			} catch (error) {
				console.error(`Cleanup "${step.label}" failed: ${error instanceof Error ? error.message : String(error)}`);
			}
		}
	})();
	return cleaning;
}

/** Makes an interrupted or crashed bench still stop its servers and drop its database before exiting. */
export function cleanUpOnExit(): void {
	const stop = (why: string, code: number) => {
		// A terminal's Ctrl-C reaches the supervisor and this worker both: the second signal finds it cleaning.
		if (cleaning) return;
		console.error(`\n[bench] ${why}: stopping the servers and dropping the bench database…`);
		void cleanUp().finally(() => process.exit(code));
	};
	// `on`, not `once`: a repeated signal must not fall through to node's default (immediate exit).
	process.on('SIGINT', () => stop('SIGINT', 130));
	process.on('SIGTERM', () => stop('SIGTERM', 143));
	process.on('uncaughtException', (error) => {
		console.error('[bench] uncaught error:', error);
		stop('uncaught error', 1);
	});
	process.on('unhandledRejection', (reason) => {
		console.error('[bench] unhandled rejection:', reason);
		stop('unhandled rejection', 1);
	});
}

/**
 * Runs a bench child's work to its end: cleanup on signals and errors, every undo step afterwards, then exit —
 * even if a stray socket timer would keep node alive.
 */
export async function runThenExit(work: () => Promise<void>): Promise<never> {
	cleanUpOnExit();
	try {
		await work();
	} catch (error) {
		console.error(`[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
		process.exitCode = 1;
	} finally {
		await cleanUp();
	}
	process.exit(process.exitCode ?? 0);
}
