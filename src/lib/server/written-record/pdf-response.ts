// A written record's PDF as a response body, sent in slices. Writing megabytes to a socket at once costs the
// thread that writes it tens of milliseconds (the kernel's copy and, on loopback, the receiver's side too); on
// the event loop that relays every live meeting that is a stall. In 64 KiB slices, each on a turn of the loop
// of its own, the rooms' messages go out between them. A stored PDF is read from the database in slices too, as
// they are sent: read whole, megabytes arrive as hex text to decode at once, and are held while a slow phone
// downloads them.
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { writtenRecords } from '../db/schema';

const SLICE = 64 * 1024;

export function pdfInSlices(pdf: Uint8Array): ReadableStream<Uint8Array> {
	let sent = 0;
	return new ReadableStream({
		async pull(controller) {
			// A turn of the event loop first: what waits (a room's update) goes before the next slice.
			await new Promise((resolve) => setImmediate(resolve));
			controller.enqueue(pdf.subarray(sent, sent + SLICE));
			sent += SLICE;
			if (sent >= pdf.byteLength) controller.close();
		}
	});
}

/** What is read from the database at a time: four slices sent. */
const READ = 4 * SLICE;

/** A stored record's PDF (of `bytes` bytes), read from the database a part at a time as the download needs it. */
export function storedPdfInSlices(db: Db, recordId: string, bytes: number): ReadableStream<Uint8Array> {
	let read = 0;
	return new ReadableStream({
		async pull(controller) {
			const [row] = await db
				.select({ part: sql<Uint8Array>`substring(${writtenRecords.pdf} from ${read + 1} for ${READ})` })
				.from(writtenRecords)
				.where(eq(writtenRecords.id, recordId));
			const chunk = row?.part ?? new Uint8Array(0);
			if (chunk.byteLength === 0) throw new Error('The stored PDF ended before its length.');
			for (let sent = 0; sent < chunk.byteLength; sent += SLICE) {
				await new Promise((resolve) => setImmediate(resolve));
				controller.enqueue(chunk.subarray(sent, sent + SLICE));
			}
			read += chunk.byteLength;
			if (read >= bytes) controller.close();
		}
	}, { highWaterMark: 0 });
}
