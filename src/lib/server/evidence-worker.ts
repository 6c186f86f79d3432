// The server's own background work for the record: e-mails waiting in the durable outbox are sent (with
// retries, further apart each time), and rooms still waiting for a fact to be mirrored are brought in line.
// Both read what is left from the database, so a restart picks up exactly where the last process stopped.
import type { Db } from './db/client';
import { deliverDue, type DeliveryOptions } from './mail-outbox';
import { retryMirrors } from './mirror-queue';
import { outboxConfig, type OutboxConfig } from './outbox';
import { processSingleton } from './process-singleton';

export interface EvidenceWorker {
	/** Runs one pass now (tests, and a nudge after recording). */
	runOnce(): Promise<void>;
	/** Stops after the pass in progress, if any. */
	stop(): Promise<void>;
}

export interface EvidenceWorkerOptions {
	outbox?: OutboxConfig;
	/** Time between passes; 15 s by default. */
	intervalMs?: number;
	backoffMs?: DeliveryOptions['backoffMs'];
}

export function startEvidenceWorker(db: Db, options: EvidenceWorkerOptions = {}): EvidenceWorker {
	const intervalMs = options.intervalMs ?? 15_000;
	let stopped = false;
	let timer: ReturnType<typeof setTimeout> | null = null;
	let running: Promise<void> | null = null;

	const pass = async () => {
		try {
			await deliverDue(db, options.outbox ?? outboxConfig(), { backoffMs: options.backoffMs });
			await retryMirrors(db);
		} catch (error) {
			// The database is unreachable for now: the work stays in it for the next pass. No content is logged.
			console.error(`The outbox and mirror worker could not run a pass (${error instanceof Error ? error.message : 'unknown error'}); it tries again.`);
		}
	};
	const runOnce = () => (running ??= pass().finally(() => (running = null)));
	const schedule = () => {
		if (stopped) return;
		timer = setTimeout(() => void runOnce().finally(schedule), intervalMs);
		timer.unref();
	};
	// Straight away at start: whatever a stopped process left is sent now, not in a quarter of a minute.
	void runOnce().finally(schedule);
	return {
		runOnce,
		async stop() {
			stopped = true;
			if (timer) clearTimeout(timer);
			await running;
		}
	};
}

// One worker per process, whoever starts it: under `vite dev` and in the built server the app's hooks and
// the production entry are separate module instances, so it is kept on globalThis.
const evidenceWorker = processSingleton<EvidenceWorker>('evidence-worker');

/** Starts the process's worker once. */
export function ensureEvidenceWorker(db: Db): void {
	evidenceWorker.ensure(() => startEvidenceWorker(db));
}

/** Stops the process's worker, if one runs (a graceful stop). */
export const stopEvidenceWorker = evidenceWorker.stop;
