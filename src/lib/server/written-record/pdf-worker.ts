// The entry of a PDF worker thread (see pdf-pool.ts): it receives a shaped written record as plain data and
// answers with the PDF's bytes, their SHA-256 (the fingerprint the record is kept with) and their base64, the
// form the database is sent them in. Nothing else runs here.
import { createHash } from 'node:crypto';
import { failureSummary, SUMMARY_FROM_WORKER } from './pdf-failure';
import { renderWrittenRecordPdf } from './pdf';
import type { WrittenRecord } from './shape';

export default async function renderInWorker(record: WrittenRecord): Promise<{ pdf: Uint8Array; sha256: string; base64: string }> {
	try {
		const pdf = await renderWrittenRecordPdf(record);
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
