// The entry of a PDF worker process (see pdf-pool.ts): it draws a written record's PDF with the certificate of
// completion as the last page, seals it (seal.ts), and answers with the sealed bytes and their SHA-256 (the
// fingerprint the record is kept with). On PostgreSQL it does the whole job itself — reads the meeting's facts
// and document over a connection of its own, shapes the record, and stores it (materials.ts, stored-row.ts) —
// so none of those megabytes is built, copied or collected in the process that relays every live meeting.
// On the embedded database, which one process alone can open, it gets the shaped record and answers with the
// PDF's base64 for the server to store.
//
// It is a process, not a thread of the server, so that all of it runs at the lowest CPU priority. A worker
// thread shares its process's garbage-collector helper threads, which run at normal priority: drawing a large
// record kept them busy for about a third of a core, taking the cores the rooms were waiting for.
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { failureSummary } from './pdf-failure';
import { renderWrittenRecordPdf } from './pdf';
import type { CopyDocument } from './copies';
import type { RecordMaking } from './pdf-certificate';
import type { RecordContext } from './read';
import { loadSeal, sealPdf, type SealEnv, type SealKey } from './seal';
import type { WrittenRecord } from './shape';
import type { StoredRecordHead, WorkerDatabase } from './stored-row';

/** What the main thread sends for one record: the record to draw, or where to read it and store it. */
export type RecordPdfJob = ShapedRecordJob | ReadRecordJob;

/** A copy for the family or the child: drawn on request, neither sealed nor stored (the record is the evidence). */
export interface CopyPdfJob {
	copy: CopyDocument;
}

/** Anything a PDF worker draws. */
export type PdfJob = RecordPdfJob | CopyPdfJob;

/** The embedded database: the record shaped on the main thread; the PDF comes back in base64 for it to store. */
export interface ShapedRecordJob {
	record: WrittenRecord;
	making: RecordMaking;
	/** Signature id → PNG bytes. */
	pictures?: Record<string, Uint8Array>;
}

/** PostgreSQL: the meeting to read, shape, draw and store here. */
export interface ReadRecordJob {
	read: { database: WorkerDatabase; context: RecordContext; generatedBy: string | null };
}

/** What the pool sends a worker process: its seal first, then records and copies to draw, one at a time. */
export type ToPdfWorker = { sealEnv: SealEnv } | { id: number; job: PdfJob };
/**
 * What a worker process answers: that it is ready, then each job's PDF or why it could not be made, with the CPU
 * time the job took in this process (the pool rests the worker in proportion to it: see pdf-pool.ts).
 */
export type FromPdfWorker = { ready: true } | ({ id: number; cpuMs: number } & ({ made: MadeRecordPdf } | { failed: string }));

// Opened once per worker, on its first record: the key never reaches the server's process.
let seal: SealKey | null = null;
let sealEnv: SealEnv = {};

export interface MadeRecordPdf {
	pdf: Uint8Array;
	sha256: string;
	/** The stored row, when the worker stored it; otherwise the bytes in base64, for the main thread to store. */
	stored?: StoredRecordHead;
	base64?: string;
}

async function render(job: PdfJob): Promise<MadeRecordPdf> {
	if ('copy' in job) {
		// Loaded with the first copy, not with every worker (required, as readDrawStore says why).
		const { renderCopyPdf } = createRequire(import.meta.url)('./copies-pdf') as typeof import('./copies-pdf');
		const pdf = await renderCopyPdf(job.copy);
		return { pdf: ownBytes(pdf), sha256: createHash('sha256').update(pdf).digest('hex') };
	}
	seal ??= loadSeal(sealEnv);
	return 'read' in job ? await readDrawStore(job.read) : await drawAndSeal(job);
}

/**
 * Every thread of this process at the lowest priority: those started with it (V8's garbage-collector helpers
 * among them) one by one, since on Linux a thread's niceness is its own; threads started later take it from
 * the thread that starts them. Elsewhere the niceness is the process's.
 */
function lowestPriority(): void {
	let threads: string[] = [];
	try {
		threads = readdirSync('/proc/self/task');
	} catch {
		// Not Linux: the process's priority is the one that counts.
	}
	for (const thread of threads.length ? threads.map(Number) : [0]) {
		try {
			os.setPriority(thread, os.constants.priority.PRIORITY_LOW);
		} catch {
			// A thread that has ended meanwhile.
		}
	}
}

/** Set by the pool in a worker process's environment: this file is otherwise only read for its types. */
export const PDF_WORKER_ENV = 'CORE_GROUP_PDF_WORKER';

if (process.env[PDF_WORKER_ENV] === '1' && process.send) {
	lowestPriority();
	const send = (message: FromPdfWorker) => process.send!(message);
	process.on('message', (message: ToPdfWorker) => {
		if ('sealEnv' in message) {
			sealEnv = message.sealEnv;
			return;
		}
		const started = process.cpuUsage();
		const cpuMs = () => {
			const { user, system } = process.cpuUsage(started);
			return (user + system) / 1000;
		};
		render(message.job).then(
			(made) => send({ id: message.id, cpuMs: cpuMs(), made }),
			// What crosses to the server names nothing from the record (see pdf-failure.ts).
			(error: unknown) => send({ id: message.id, cpuMs: cpuMs(), failed: failureSummary(error) })
		);
	});
	// The server gone, there is nobody to draw for.
	process.on('disconnect', () => process.exit(0));
	send({ ready: true });
}

async function drawAndSeal({ record, making, pictures }: ShapedRecordJob): Promise<MadeRecordPdf & { base64: string }> {
	const key = seal!;
	const drawn = await renderWrittenRecordPdf(record, {
		pictures,
		certificate: { making, seal: { sealedBy: key.sealedBy, selfSigned: key.selfSigned } }
	});
	const pdf = await sealPdf(drawn, key, new Date());
	const sha256 = createHash('sha256').update(pdf).digest('hex');
	// Encoded here: the database driver would write megabytes as hex on the event loop.
	return { pdf: ownBytes(pdf), sha256, base64: pdf.toString('base64') };
}

/**
 * Reads the record over this worker's own connection, draws and seals it, and stores it with its audit row. The
 * modules that read the database are loaded on the first such record, not with every worker — and required, not
 * imported: this file runs through tsx's require hook, which dynamic imports in a worker bypass.
 */
async function readDrawStore({ database, context, generatedBy }: ReadRecordJob['read']): Promise<MadeRecordPdf> {
	const load = createRequire(import.meta.url);
	const { insertWrittenRecord, workerDb } = load('./stored-row') as typeof import('./stored-row');
	const { recordMaterials } = load('./materials') as typeof import('./materials');
	const { storedMeetingDocuments } = load('./stored-document') as typeof import('./stored-document');
	const db = workerDb(database);
	const { record, pictures, making, row } = await recordMaterials(db, context, storedMeetingDocuments(db), generatedBy);
	const { pdf, sha256, base64 } = await drawAndSeal({ record, making, pictures });
	const stored = await insertWrittenRecord(db, row, { sha256, base64, bytes: pdf.byteLength });
	return { pdf, sha256, stored };
}

/** The PDF's bytes alone (a small Buffer may share Node's pool with others, which would be sent along). */
function ownBytes(pdf: Buffer): Uint8Array {
	if (pdf.byteOffset === 0 && pdf.buffer.byteLength === pdf.byteLength) return new Uint8Array(pdf.buffer);
	return new Uint8Array(pdf);
}
