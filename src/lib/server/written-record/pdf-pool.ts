// The written record's PDF is made in a worker thread, never on the event loop that relays every live meeting
// (DESIGN §4 rule 11): a large record keeps pdfkit busy for hundreds of milliseconds, a huge picture for
// seconds. A small pool (piscina) queues the records, bounds each one's time and memory, and replaces a
// worker that failed, so one bad record cannot stall or take down the process.
//
// Finding the worker: the app runs from source under Vitest and `vite dev`, and from the Vite build under
// `npm start` (adapter-node's `build/`, served by server/index.ts under tsx). The one path valid in all three
// is the worker's source file, run with tsx's loader (`--import tsx`; tsx is a runtime dependency), found from
// the project folder, which is the working directory in all three (as `build/` and `data/` already are).
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Piscina } from 'piscina';
import { failureSummary, SUMMARY_FROM_WORKER } from './pdf-failure';
import type { CopyDocument } from './copies';
import type { MadeRecordPdf, PdfJob, PdfWorkerData, RecordPdfJob } from './pdf-worker';
import type { SealEnv } from './seal';

/**
 * How many PDFs are made at once; more wait in the queue. One worker per spare core, at most two: the main
 * thread and PostgreSQL need a core of their own, or every meeting slows down while records are made. On a
 * two-core machine: one.
 */
export const PDF_WORKERS = Math.max(1, Math.min(2, os.availableParallelism() - 1));
/** A record not made within this time (queueing included) fails rather than keeping its request waiting. */
export const PDF_TIMEOUT_MS = 60_000;
/** A worker's JavaScript heap; a record needing more fails alone and its worker is replaced. */
export const PDF_WORKER_HEAP_MB = 256;
/** Records waiting beyond this many are refused at once: memory stays bounded whatever the load. */
export const PDF_QUEUE_LIMIT = 50;
/** An idle worker stays this long (a closed meeting's record is usually asked for several times), then exits. */
const IDLE_MS = 5 * 60_000;
/**
 * Workers run at the lowest CPU priority, so the rooms (and PostgreSQL, and anything else on the machine) get
 * the cores first; a record only waits longer when they are short.
 */
const NICENESS = 19;
/** Shutting down, the records being drawn get this long to finish; those still queued fail at once. */
const CLOSE_WAIT_MS = 10_000;

export const PDF_WORKER_FILE = path.resolve('src/lib/server/written-record/pdf-worker.ts');

export interface PdfPoolOptions {
	workers: number;
	timeoutMs: number;
	heapMb: number;
	queueLimit: number;
	/** Where the workers find the seal; the process's environment unless a test names another. */
	sealEnv: SealEnv;
}

/** A record's sealed PDF and the SHA-256 of its bytes, made in the worker; stored there too, or in base64 to store. */
export interface RecordPdf extends Omit<MadeRecordPdf, 'pdf'> {
	pdf: Buffer;
}

export interface PdfPool {
	/** The sealed PDF of a shaped record; rejects with an error that names no record content. */
	render(job: PdfJob): Promise<RecordPdf>;
	/** Worker threads alive now. */
	threads(): number;
	/** Refuses new records, fails queued ones, lets those being drawn finish (briefly), and stops every worker. */
	close(): Promise<void>;
}

/** A pool of its own; the app shares one through `makeRecordPdf` (tests make small ones to break on purpose). */
export function createPdfPool(options: Partial<PdfPoolOptions> = {}): PdfPool {
	const { workers, timeoutMs, heapMb, queueLimit, sealEnv } = {
		workers: PDF_WORKERS,
		timeoutMs: PDF_TIMEOUT_MS,
		heapMb: PDF_WORKER_HEAP_MB,
		queueLimit: PDF_QUEUE_LIMIT,
		sealEnv: { SEAL_P12: process.env.SEAL_P12, SEAL_P12_PASSWORD: process.env.SEAL_P12_PASSWORD, DATA_DIR: process.env.DATA_DIR },
		...options
	};
	if (!existsSync(PDF_WORKER_FILE)) {
		throw new Error(`The PDF worker was not found at ${PDF_WORKER_FILE}: start the server from the project folder.`);
	}
	const pool = new Piscina({
		filename: PDF_WORKER_FILE,
		execArgv: ['--import', 'tsx'],
		minThreads: 0,
		maxThreads: workers,
		maxQueue: queueLimit,
		idleTimeout: IDLE_MS,
		niceIncrement: NICENESS,
		resourceLimits: { maxOldGenerationSizeMb: heapMb },
		closeTimeout: CLOSE_WAIT_MS,
		workerData: { sealEnv } satisfies PdfWorkerData
	});
	// Piscina starts a worker when a record needs one. A worker that stops outside a record stopped while
	// starting (a missing package, too little memory): the records waiting for it would wait out their time,
	// so they fail now, saying why, and the next record starts a worker afresh.
	const pending = new Set<AbortController>();
	pool.on('error', (error: unknown) => {
		const why = failureSummary(error);
		console.error(`A PDF worker could not start (${why}).`);
		for (const job of pending) job.abort(`no PDF worker could start (${why})`);
	});
	let closed = false;

	return {
		async render(job) {
			if (closed) throw new Error(`${NOT_MADE}: the server is shutting down.`);
			const abort = new AbortController();
			const timer = setTimeout(() => abort.abort(`it took longer than ${timeoutMs / 1000} s`), timeoutMs);
			pending.add(abort);
			try {
				// Aborting a record that has started ends its worker; piscina starts another for the next.
				const made = (await pool.run(job, { signal: abort.signal })) as MadeRecordPdf;
				return { ...made, pdf: Buffer.from(made.pdf.buffer, made.pdf.byteOffset, made.pdf.byteLength) };
			} catch (error) {
				if (abort.signal.aborted) throw new Error(`${NOT_MADE}: ${String(abort.signal.reason)}.`);
				if (closed) throw new Error(`${NOT_MADE}: the server is shutting down.`);
				throw new Error(whyNotMade(error, heapMb));
			} finally {
				clearTimeout(timer);
				pending.delete(abort);
			}
		},
		threads: () => pool.threads.length,
		async close() {
			closed = true;
			await pool.close({ force: true });
		}
	};
}

const NOT_MADE = 'The written record’s PDF could not be made';

/** What went wrong, for the log; it names nothing from the record (see pdf-failure.ts). */
function whyNotMade(error: unknown, heapMb: number): string {
	const { code, message } = (error ?? {}) as { code?: string; message?: string };
	if (code === 'ERR_WORKER_OUT_OF_MEMORY') return `${NOT_MADE}: it needed more than the ${heapMb} MiB a PDF worker may use.`;
	if (message && /queue is at limit/i.test(message)) return `${NOT_MADE}: too many records are being made at once; try again in a minute.`;
	if (message?.startsWith(SUMMARY_FROM_WORKER)) return `${NOT_MADE} (${message.slice(SUMMARY_FROM_WORKER.length)}).`;
	return `${NOT_MADE} (${failureSummary(error)}).`;
}

// One pool per process. Vite's SSR graph and server/index.ts (which closes it) load this module separately,
// and so do the built app and server/index.ts under `npm start`: the pool lives on globalThis, not in a
// module variable, so both reach the same one.
const registryKey = Symbol.for('core-group.pdf-pool');
type Registry = { [registryKey]?: PdfPool };

/** The record's sealed PDF, made in the process's shared pool (started on first use). */
export function makeRecordPdf(record: RecordPdfJob): Promise<RecordPdf> {
	const registry = globalThis as Registry;
	registry[registryKey] ??= createPdfPool();
	return registry[registryKey].render(record);
}

/** A copy for the family or the child as a PDF, drawn in the shared pool like the record (not sealed). */
export function makeCopyPdf(copy: CopyDocument): Promise<RecordPdf> {
	const registry = globalThis as Registry;
	registry[registryKey] ??= createPdfPool();
	return registry[registryKey].render({ copy });
}

/** Stops the shared pool, if one was started: the server's close, and tests, call this. */
export async function closePdfPool(): Promise<void> {
	const registry = globalThis as Registry;
	const pool = registry[registryKey];
	delete registry[registryKey];
	await pool?.close();
}
