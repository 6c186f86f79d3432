// One instance per process of something that runs in the background (the evidence worker, the reminder
// scheduler). The app's hooks and the production entry (server/index.ts) load the app's modules separately, so a
// module variable would hold two: the instance lives on globalThis, under a symbol of its name.

export interface Stoppable {
	stop(): Promise<void>;
}

export function processSingleton<T extends Stoppable>(name: string) {
	const key = Symbol.for(`core-group.${name}`);
	const registry = globalThis as { [key]?: T };
	return {
		/** The process's instance, started now if there is none. */
		ensure(start: () => T): T {
			return (registry[key] ??= start());
		},
		/** Stops the process's instance, if one runs (a graceful stop). */
		async stop(): Promise<void> {
			const running = registry[key];
			delete registry[key];
			await running?.stop();
		}
	};
}
