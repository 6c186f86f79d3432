// The entry of a PDF worker thread (see pdf-pool.ts): it receives a shaped written record as plain data, draws
// its PDF with the certificate of completion as the last page, seals it (seal.ts), and answers with the sealed
// bytes, their SHA-256 (the fingerprint the record is kept with) and their base64, the form the database is
// sent them in. Nothing else runs here.
import { createHash } from 'node:crypto';
import { workerData } from 'piscina';
import { failureSummary, SUMMARY_FROM_WORKER } from './pdf-failure';
import { renderWrittenRecordPdf } from './pdf';
import type { RecordMaking } from './pdf-certificate';
import { loadSeal, sealPdf, type SealEnv, type SealKey } from './seal';
import type { WrittenRecord } from './shape';

/** What the main thread sends for one record. */
export interface RecordPdfJob {
	record: WrittenRecord;
	making: RecordMaking;
}

/** What the pool hands every worker as it starts. */
export interface PdfWorkerData {
	sealEnv: SealEnv;
}

// Opened once per worker, on its first record: the key never crosses to the main thread.
let seal: SealKey | null = null;

export default async function renderInWorker(job: RecordPdfJob): Promise<{ pdf: Uint8Array; sha256: string; base64: string }> {
	try {
		seal ??= loadSeal((workerData as PdfWorkerData).sealEnv);
		const drawn = await renderWrittenRecordPdf(job.record, { making: job.making, seal: { sealedBy: seal.sealedBy, selfSigned: seal.selfSigned } });
		const pdf = await sealPdf(drawn, seal, new Date());
		return {
			pdf: new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength),
			sha256: createHash('sha256').update(pdf).digest('hex'),
			// Encoded here: the database driver would write megabytes as hex on the event loop.
			base64: pdf.toString('base64')
		};
	} catch (error) {
		// The error crosses to the main thread without its code: summarise it here.
		throw new Error(SUMMARY_FROM_WORKER + failureSummary(error));
	}
}
