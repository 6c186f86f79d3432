// The written record's PDF is made in a worker process, never on the event loop that relays every live meeting
// (DESIGN §4 rule 11): a large record keeps pdfkit busy for hundreds of milliseconds, a huge picture for
// seconds. A small pool queues the records, bounds each one's time and memory, and replaces a worker that
// failed, so one bad record cannot stall or take down the server.
//
// Processes, not worker threads: a thread shares its process's garbage-collector helper threads, which V8 runs
// at normal priority for every thread of the process. Drawing a large record kept them busy for about a third
// of a core, beside the rooms, and the rooms' slowest edits took two to three times as long while records were
// made (`npm run bench:records`). A worker process runs every one of its threads at the lowest priority
// (pdf-worker.ts), so the rooms, PostgreSQL and anything else on the machine get the cores first.
//
// Finding the worker: the app runs from source under Vitest and `vite dev`, and from the Vite build under
// `npm start` (adapter-node's `build/`, served by server/index.ts under tsx). The one path valid in all three
// is the worker's source file, run with tsx's loader (`--import tsx`; tsx is a runtime dependency), found from
// the project folder, which is the working directory in all three (as `build/` and `data/` already are).
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CopyDocument } from './copies';
import { PDF_WORKER_ENV, type FromPdfWorker, type MadeRecordPdf, type PdfJob, type RecordPdfJob, type ToPdfWorker } from './pdf-worker';
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
/**
 * The share of a core a worker may use over time: after each job it rests for its CPU time times
 * (1 / share − 1), seven times as long at an eighth, before taking the next. Even at the lowest priority, a
 * core kept busy slows the rooms: on two cores, one busy loop at idle priority alone doubled the rooms' p95 and
 * p99 (`npm run bench:records`). At a quarter, five large records made over and over raised the rooms' p99
 * within 1.5× in 15 pairs of windows of 24; at an eighth, in 13 of 18 (README, "Written records while meetings
 * go on"). A record asked for alone comes as fast as the worker can draw it (about 0.4 s of CPU for the
 * largest); only records queued together wait, five of the largest 15–20 s for the last.
 */
export const PDF_WORKER_SHARE = 1 / 8;
/**
 * The longest rest after one job. A worker's first record (its fonts and pictures not yet drawn) can take
 * three times the CPU of the next: rested in full, a queue of first records would wait out their minute.
 */
export const PDF_WORKER_LONGEST_REST_MS = 3_000;
/** Records waiting beyond this many are refused at once: memory stays bounded whatever the load. */
export const PDF_QUEUE_LIMIT = 50;
/** An idle worker stays this long (a closed meeting's record is usually asked for several times), then exits. */
const IDLE_MS = 5 * 60_000;
/** Shutting down, the records being drawn get this long to finish; those still queued fail at once. */
const CLOSE_WAIT_MS = 10_000;
/** What is kept of a worker's error output, to tell why it stopped (it is never logged: it may quote a record). */
const STDERR_KEPT = 4096;
/** How V8 reports running out of heap. */
const OUT_OF_MEMORY = /heap out of memory|Reached heap limit/i;

/** V8's flag for doing all its work (garbage collection, optimising compilation) on the thread that runs the code. */
const V8_ON_ONE_THREAD = '--single-threaded';

export const PDF_WORKER_FILE = path.resolve('src/lib/server/written-record/pdf-worker.ts');

export interface PdfPoolOptions {
	workers: number;
	timeoutMs: number;
	heapMb: number;
	queueLimit: number;
	/** The share of a core each worker may use over time (1: no rest between jobs). */
	share: number;
	/** The longest rest after one job, in milliseconds. */
	longestRestMs: number;
	/** Where the workers find the seal; the process's environment unless a test names another. */
	sealEnv: SealEnv;
}

/** A record's sealed PDF and the SHA-256 of its bytes, made in the worker; stored there too, or in base64 to store. */
export interface RecordPdf extends Omit<MadeRecordPdf, 'pdf'> {
	pdf: Buffer;
	/** The worker's CPU time for it, in milliseconds. */
	cpuMs: number;
}

export interface PdfPool {
	/** The sealed PDF of a shaped record; rejects with an error that names no record content. */
	render(job: PdfJob): Promise<RecordPdf>;
	/** The process ids of the worker processes alive now. */
	workers(): number[];
	/** Refuses new records, fails queued ones, lets those being drawn finish (briefly), and stops every worker. */
	close(): Promise<void>;
}

interface Task {
	id: number;
	job: PdfJob;
	resolve: (made: RecordPdf) => void;
	reject: (error: Error) => void;
	timer: NodeJS.Timeout;
}

interface Worker {
	child: ChildProcess;
	ready: boolean;
	/** The task being drawn, if any. */
	task: Task | null;
	idleTimer: NodeJS.Timeout | null;
	/** The end of its error output, to tell why it stopped. */
	stderr: string;
	/** V8 said it ran out of memory (its report is followed by a native stack longer than what is kept). */
	outOfMemory: boolean;
	/** Set when the pool ends it on purpose (a task out of time, idle, closing): the task has its answer. */
	ending: boolean;
	/** It takes no task before this time (Date.now()): its rest after the last one (PDF_WORKER_SHARE). */
	restingUntil: number;
}

/** A pool of its own; the app shares one through `makeRecordPdf` (tests make small ones to break on purpose). */
export function createPdfPool(options: Partial<PdfPoolOptions> = {}): PdfPool {
	const { workers: size, timeoutMs, heapMb, queueLimit, share, longestRestMs, sealEnv } = {
		workers: PDF_WORKERS,
		timeoutMs: PDF_TIMEOUT_MS,
		heapMb: PDF_WORKER_HEAP_MB,
		queueLimit: PDF_QUEUE_LIMIT,
		share: PDF_WORKER_SHARE,
		longestRestMs: PDF_WORKER_LONGEST_REST_MS,
		sealEnv: { SEAL_P12: process.env.SEAL_P12, SEAL_P12_PASSWORD: process.env.SEAL_P12_PASSWORD, DATA_DIR: process.env.DATA_DIR },
		...options
	};
	if (!existsSync(PDF_WORKER_FILE)) {
		throw new Error(`The PDF worker was not found at ${PDF_WORKER_FILE}: start the server from the project folder.`);
	}
	const queue: Task[] = [];
	const alive = new Set<Worker>();
	let nextId = 1;
	let closed = false;
	/** Wakes the queue when the first resting worker may take a task again. */
	let restEnds: NodeJS.Timeout | null = null;
	const restPerCpuMs = 1 / Math.min(1, Math.max(0.01, share)) - 1;

	function start(): Worker {
		const child = fork(PDF_WORKER_FILE, [], {
			// One core at most: V8's background threads (its parallel garbage collector, its compiler) made a
			// record keep a core and a third busy, and even at the lowest priority a busy core slows every
			// room's edits (on two cores, p95 11 ms with them, 8 ms without, in `npm run bench:records`).
			execArgv: ['--import', 'tsx', `--max-old-space-size=${heapMb}`, V8_ON_ONE_THREAD],
			env: { ...process.env, [PDF_WORKER_ENV]: '1' },
			// Structured clone, not JSON: bytes cross as bytes.
			serialization: 'advanced',
			stdio: ['ignore', 'ignore', 'pipe', 'ipc']
		});
		const worker: Worker = { child, ready: false, task: null, idleTimer: null, stderr: '', outOfMemory: false, ending: false, restingUntil: 0 };
		alive.add(worker);
		child.stderr!.setEncoding('utf8');
		child.stderr!.on('data', (text: string) => {
			worker.stderr = (worker.stderr + text).slice(-STDERR_KEPT);
			if (OUT_OF_MEMORY.test(worker.stderr)) worker.outOfMemory = true;
		});
		child.on('message', (message: FromPdfWorker) => {
			if ('ready' in message) {
				worker.ready = true;
				next();
				return;
			}
			const task = worker.task;
			if (!task || task.id !== message.id) return;
			worker.task = null;
			clearTimeout(task.timer);
			worker.restingUntil = Date.now() + Math.min(longestRestMs, message.cpuMs * restPerCpuMs);
			if ('made' in message) {
				const { pdf } = message.made;
				task.resolve({ ...message.made, pdf: Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength), cpuMs: message.cpuMs });
			} else task.reject(new Error(`${NOT_MADE} (${message.failed}).`));
			next();
		});
		child.on('error', () => {
			// Spawning failed; 'close' follows and says the rest.
		});
		// 'close', not 'exit': by then its error output has been read to the end, so an out-of-memory stop is told.
		child.on('close', (code, signal) => {
			alive.delete(worker);
			if (worker.idleTimer) clearTimeout(worker.idleTimer);
			const why = stopReason(worker, code, signal, heapMb);
			const task = worker.task;
			worker.task = null;
			if (task && !worker.ending) {
				clearTimeout(task.timer);
				task.reject(new Error(why.outOfMemory ? `${NOT_MADE}: it needed more than the ${heapMb} MiB a PDF worker may use.` : `${NOT_MADE} (the PDF worker stopped: ${why.words}).`));
			}
			if (!worker.ready && !worker.ending) {
				// It stopped while starting (a missing package, too little memory): the records waiting for it would
				// wait out their time, so they fail now, saying why, and the next record starts a worker afresh.
				console.error(`A PDF worker could not start (${why.words}).`);
				for (const waiting of queue.splice(0)) {
					clearTimeout(waiting.timer);
					waiting.reject(new Error(`${NOT_MADE}: no PDF worker could start (${why.words}).`));
				}
			}
			next();
		});
		child.send({ sealEnv } satisfies ToPdfWorker);
		return worker;
	}

	/**
	 * Hands the next waiting record to a ready, idle worker that has rested, starting one when there are fewer
	 * than allowed, or waits for the first rest to end.
	 */
	function next(): void {
		if (closed) return;
		while (queue.length) {
			const now = Date.now();
			const free = [...alive].filter((w) => w.ready && !w.task && !w.ending);
			const idle = free.find((w) => w.restingUntil <= now);
			if (idle) {
				const task = queue.shift()!;
				if (idle.idleTimer) clearTimeout(idle.idleTimer);
				idle.idleTimer = null;
				idle.task = task;
				idle.child.send({ id: task.id, job: task.job } satisfies ToPdfWorker);
				continue;
			}
			const starting = [...alive].some((w) => !w.ready && !w.ending);
			if (!starting && countLive() < size) start();
			else if (free.length && !restEnds) {
				restEnds = setTimeout(() => {
					restEnds = null;
					next();
				}, Math.min(...free.map((w) => w.restingUntil)) - now);
				restEnds.unref();
			}
			break;
		}
		for (const worker of alive) {
			if (worker.ready && !worker.task && !worker.ending && !worker.idleTimer) {
				worker.idleTimer = setTimeout(() => end(worker), IDLE_MS);
				worker.idleTimer.unref();
			}
		}
	}

	const countLive = () => [...alive].filter((w) => !w.ending).length;

	function end(worker: Worker): void {
		worker.ending = true;
		worker.child.kill('SIGKILL');
	}

	return {
		render(job) {
			if (closed) return Promise.reject(new Error(`${NOT_MADE}: the server is shutting down.`));
			if (queue.length >= queueLimit) return Promise.reject(new Error(`${NOT_MADE}: too many records are being made at once; try again in a minute.`));
			return new Promise<RecordPdf>((resolve, reject) => {
				const task: Task = { id: nextId++, job, resolve, reject, timer: undefined as unknown as NodeJS.Timeout };
				task.timer = setTimeout(() => {
					const queued = queue.indexOf(task);
					if (queued >= 0) queue.splice(queued, 1);
					// A record out of time while drawn ends its worker; another is started for the next.
					const drawing = [...alive].find((w) => w.task === task);
					if (drawing) {
						drawing.task = null;
						end(drawing);
					}
					reject(new Error(`${NOT_MADE}: it took longer than ${timeoutMs / 1000} s.`));
					next();
				}, timeoutMs);
				queue.push(task);
				next();
			});
		},
		workers: () => [...alive].map((w) => w.child.pid!).filter(Boolean),
		async close() {
			closed = true;
			if (restEnds) clearTimeout(restEnds);
			for (const waiting of queue.splice(0)) {
				clearTimeout(waiting.timer);
				waiting.reject(new Error(`${NOT_MADE}: the server is shutting down.`));
			}
			const deadline = Date.now() + CLOSE_WAIT_MS;
			while ([...alive].some((w) => w.task) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
			const stopping = [...alive].map((w) => new Promise<void>((resolve) => {
				w.child.once('close', () => resolve());
				if (w.child.exitCode !== null || w.child.signalCode !== null) resolve();
			}));
			for (const worker of alive) {
				if (worker.task) {
					clearTimeout(worker.task.timer);
					worker.task.reject(new Error(`${NOT_MADE}: the server is shutting down.`));
					worker.task = null;
				}
				end(worker);
			}
			await Promise.all(stopping);
		}
	};
}

/** Why a worker stopped, in words that quote nothing it wrote: V8's out-of-memory report is recognised. */
function stopReason({ stderr, outOfMemory }: Worker, code: number | null, signal: NodeJS.Signals | null, heapMb: number): { outOfMemory: boolean; words: string } {
	if (outOfMemory) return { outOfMemory: true, words: `it needed more than the ${heapMb} MiB a PDF worker may use` };
	const missing = /\b(ERR_MODULE_NOT_FOUND|MODULE_NOT_FOUND)\b/.exec(stderr);
	if (missing) return { outOfMemory: false, words: `Error ${missing[1]}` };
	return { outOfMemory: false, words: signal ? `signal ${signal}` : `exit code ${code}` };
}

const NOT_MADE = 'The written record’s PDF could not be made';

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
