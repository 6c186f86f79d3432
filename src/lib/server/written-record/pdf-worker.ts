// The entry of a PDF worker thread (see pdf-pool.ts): it receives a shaped written record as plain data, draws
// its PDF with the certificate of completion as the last page, seals it (seal.ts), stores it on PostgreSQL
// (stored-row.ts), and answers with the sealed bytes, their SHA-256 (the fingerprint the record is kept with)
// and the stored row, or their base64 for the main thread to store. Nothing else runs here.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { move, transferableSymbol, valueSymbol, workerData } from 'piscina';
import { failureSummary, SUMMARY_FROM_WORKER } from './pdf-failure';
import { renderWrittenRecordPdf } from './pdf';
import type { RecordMaking } from './pdf-certificate';
import { loadSeal, sealPdf, type SealEnv, type SealKey } from './seal';
import type { WrittenRecord } from './shape';
import type { RecordRow, StoredRecordHead, WorkerDatabase } from './stored-row';

/** What the main thread sends for one record. */
export interface RecordPdfJob {
	record: WrittenRecord;
	making: RecordMaking;
	/** Signature id → PNG bytes (in shared memory: they cross to this thread without a copy). */
	pictures?: Record<string, Uint8Array>;
	/** On PostgreSQL: the worker stores the record itself (stored-row.ts says why). */
	store?: { database: WorkerDatabase; row: RecordRow };
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

export default async function renderInWorker(job: RecordPdfJob): Promise<MadeRecordPdf> {
	try {
		seal ??= loadSeal((workerData as PdfWorkerData).sealEnv);
		const drawn = await renderWrittenRecordPdf(job.record, {
			pictures: job.pictures,
			certificate: { making: job.making, seal: { sealedBy: seal.sealedBy, selfSigned: seal.selfSigned } }
		});
		const pdf = await sealPdf(drawn, seal, new Date());
		const sha256 = createHash('sha256').update(pdf).digest('hex');
		// Encoded here: the database driver would write megabytes as hex on the event loop.
		const base64 = pdf.toString('base64');
		const made: MadeRecordPdf = job.store ? { pdf: ownBytes(pdf), sha256, stored: await store(job.store, { sha256, base64, bytes: pdf.byteLength }) } : { pdf: ownBytes(pdf), sha256, base64 };
		// The PDF's bytes are moved to the main thread, not copied there.
		return move({ [transferableSymbol]: [made.pdf.buffer], [valueSymbol]: made }) as unknown as MadeRecordPdf;
	} catch (error) {
		// The error crosses to the main thread without its code: summarise it here.
		throw new Error(SUMMARY_FROM_WORKER + failureSummary(error));
	}
}

/** Stores the record from here. The database driver is loaded on the first record to store, not with every worker. */
async function store({ database, row }: NonNullable<RecordPdfJob['store']>, pdf: { sha256: string; base64: string; bytes: number }): Promise<StoredRecordHead> {
	// Required, not imported: this file runs through tsx's require hook, which dynamic imports in a worker bypass.
	const { insertWrittenRecord, workerDb } = createRequire(import.meta.url)('./stored-row') as typeof import('./stored-row');
	return insertWrittenRecord(workerDb(database), row, pdf);
}

/** The bytes in a buffer of their own, which can be moved (a small Buffer may share Node's pool with others). */
function ownBytes(pdf: Buffer): Uint8Array {
	if (pdf.byteOffset === 0 && pdf.buffer.byteLength === pdf.byteLength) return new Uint8Array(pdf.buffer);
	return new Uint8Array(pdf);
}
