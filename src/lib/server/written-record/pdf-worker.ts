// The entry of a PDF worker thread (see pdf-pool.ts): it receives a shaped written record as plain data and
// answers with the PDF's bytes, handed over to the main thread without a copy. Nothing else runs here.
import { move } from 'piscina';
import { failureSummary, SUMMARY_FROM_WORKER } from './pdf-failure';
import { renderWrittenRecordPdf } from './pdf';
import type { WrittenRecord } from './shape';

/** Arrives in the main thread as a Uint8Array holding the PDF. */
export default async function renderInWorker(record: WrittenRecord): Promise<unknown> {
	try {
		const pdf = await renderWrittenRecordPdf(record);
		// A Buffer may share its memory with others; hand over a buffer that holds only this PDF.
		const bytes = pdf.byteOffset === 0 && pdf.byteLength === pdf.buffer.byteLength ? new Uint8Array(pdf.buffer) : new Uint8Array(pdf);
		return move(bytes);
	} catch (error) {
		// The error crosses to the main thread without its code: summarise it here.
		throw new Error(SUMMARY_FROM_WORKER + failureSummary(error));
	}
}
