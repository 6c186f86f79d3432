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
import type { WrittenRecord } from './shape';

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
/** Workers run below the main thread's priority, so the rooms get the CPU first when cores are short. */
const NICENESS = 10;

export const PDF_WORKER_FILE = path.resolve('src/lib/server/written-record/pdf-worker.ts');

export interface PdfPoolOptions {
	workers: number;
	timeoutMs: number;
	heapMb: number;
	queueLimit: number;
}

export interface PdfPool {
	/** The PDF of a shaped record; rejects with an error that names no record content. */
	render(record: WrittenRecord): Promise<Buffer>;
	/** Worker threads alive now. */
	threads(): number;
	/** Lets running records finish (within the timeout), refuses new ones, and stops every worker. */
	close(): Promise<void>;
}

/** A pool of its own; the app shares one through `makeRecordPdf` (tests make small ones to break on purpose). */
export function createPdfPool(options: Partial<PdfPoolOptions> = {}): PdfPool {
	const { workers, timeoutMs, heapMb, queueLimit } = { workers: PDF_WORKERS, timeoutMs: PDF_TIMEOUT_MS, heapMb: PDF_WORKER_HEAP_MB, queueLimit: PDF_QUEUE_LIMIT, ...options };
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
		closeTimeout: timeoutMs
	});
	// A worker that stopped outside a record (while starting, say): the next record starts another.
	pool.on('error', (error: unknown) => console.error(`A PDF worker stopped outside a record (${errorName(error)}${thrownAt(error)}).`));
	let closed = false;

	return {
		async render(record) {
			if (closed) throw new Error('The written record cannot be made now: the server is shutting down.');
			try {
				const bytes = (await pool.run(record, { signal: AbortSignal.timeout(timeoutMs) })) as Uint8Array;
				return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
			} catch (error) {
				throw new Error(whyNotMade(error, { timeoutMs, heapMb }));
			}
		},
		threads: () => pool.threads.length,
		async close() {
			closed = true;
			await pool.close();
		}
	};
}

/**
 * What went wrong, for the log, in words that name nothing from the record: an error thrown while drawing may
 * quote the text or picture it choked on, so only its kind and where it was thrown are kept.
 */
function whyNotMade(error: unknown, limits: { timeoutMs: number; heapMb: number }): string {
	const { name, code } = (error ?? {}) as { name?: string; code?: string };
	const prefix = 'The written record’s PDF could not be made';
	if (name === 'AbortError') return `${prefix}: it took longer than ${limits.timeoutMs / 1000} s.`;
	if (code === 'ERR_WORKER_OUT_OF_MEMORY') return `${prefix}: it needed more than the ${limits.heapMb} MiB a PDF worker may use.`;
	if (error instanceof Error && /queue is at limit/i.test(error.message)) return `${prefix}: too many records are being made at once; try again in a minute.`;
	return `${prefix} (${errorName(error)}${thrownAt(error)}).`;
}

const errorName = (error: unknown) => (error instanceof Error ? error.name : typeof error);

/** " at pdf-layout.ts:88" from the first frame of the stack (not its message), or nothing. */
function thrownAt(error: unknown): string {
	const firstFrame = error instanceof Error ? error.stack?.split('\n').find((line) => /^\s+at /.test(line)) : undefined;
	const place = firstFrame && /([^\s()/]+\.[cm]?[jt]s):(\d+):\d+\)?$/.exec(firstFrame);
	return place ? ` at ${place[1]}:${place[2]}` : '';
}

// One pool per process. Vite's SSR graph and server/index.ts (which closes it) load this module separately,
// and so do the built app and server/index.ts under `npm start`: the pool lives on globalThis, not in a
// module variable, so both reach the same one.
const registryKey = Symbol.for('core-group.pdf-pool');
type Registry = { [registryKey]?: PdfPool };

/** The record's PDF, made in the process's shared pool (started on first use). */
export function makeRecordPdf(record: WrittenRecord): Promise<Buffer> {
	const registry = globalThis as Registry;
	registry[registryKey] ??= createPdfPool();
	return registry[registryKey].render(record);
}

/** Stops the shared pool, if one was started: the server's close, and tests, call this. */
export async function closePdfPool(): Promise<void> {
	const registry = globalThis as Registry;
	const pool = registry[registryKey];
	delete registry[registryKey];
	await pool?.close();
}
