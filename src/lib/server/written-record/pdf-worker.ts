// The entry of a PDF worker thread (see pdf-pool.ts): it draws a written record's PDF with the certificate of
// completion as the last page, seals it (seal.ts), and answers with the sealed bytes and their SHA-256 (the
// fingerprint the record is kept with). On PostgreSQL it does the whole job itself — reads the meeting's facts
// and document over a connection of its own, shapes the record, and stores it (materials.ts, stored-row.ts) —
// so none of those megabytes is built, copied or collected on the event loop that relays every live meeting.
// On the embedded database, which one thread alone can open, it gets the shaped record and answers with the
// PDF's base64 for the main thread to store.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { move, transferableSymbol, valueSymbol, workerData } from 'piscina';
import { failureSummary, SUMMARY_FROM_WORKER } from './pdf-failure';
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
	/** Signature id → PNG bytes (in shared memory: they cross to this thread without a copy). */
	pictures?: Record<string, Uint8Array>;
}

/** PostgreSQL: the meeting to read, shape, draw and store here. */
export interface ReadRecordJob {
	read: { database: WorkerDatabase; context: RecordContext; generatedBy: string | null };
}

/** What the pool hands every worker as it starts. */
export interface PdfWorkerData {
	sealEnv: SealEnv;
}

// Opened once per worker, on its first record: the key never crosses to the main thread.
let seal: SealKey | null = null;

export interface MadeRecordPdf {
	pdf: Uint8Array;
	sha256: string;
	/** The stored row, when the worker stored it; otherwise the bytes in base64, for the main thread to store. */
	stored?: StoredRecordHead;
	base64?: string;
}

export default async function renderInWorker(job: PdfJob): Promise<MadeRecordPdf> {
	try {
		let made: MadeRecordPdf;
		if ('copy' in job) {
			// Loaded with the first copy, not with every worker (required, as readDrawStore says why).
			const { renderCopyPdf } = createRequire(import.meta.url)('./copies-pdf') as typeof import('./copies-pdf');
			const pdf = await renderCopyPdf(job.copy);
			made = { pdf: ownBytes(pdf), sha256: createHash('sha256').update(pdf).digest('hex') };
		} else {
			seal ??= loadSeal((workerData as PdfWorkerData).sealEnv);
			made = 'read' in job ? await readDrawStore(job.read) : await drawAndSeal(job);
		}
		// The PDF's bytes are moved to the main thread, not copied there.
		return move({ [transferableSymbol]: [made.pdf.buffer], [valueSymbol]: made }) as unknown as MadeRecordPdf;
	} catch (error) {
		// The error crosses to the main thread without its code: summarise it here.
		throw new Error(SUMMARY_FROM_WORKER + failureSummary(error));
	}
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

/** The bytes in a buffer of their own, which can be moved (a small Buffer may share Node's pool with others). */
function ownBytes(pdf: Buffer): Uint8Array {
	if (pdf.byteOffset === 0 && pdf.buffer.byteLength === pdf.byteLength) return new Uint8Array(pdf.buffer);
	return new Uint8Array(pdf);
}
