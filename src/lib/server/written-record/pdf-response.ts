// A written record's PDF as a response body, sent in slices. Writing megabytes to a socket at once costs the
// thread that writes it tens of milliseconds (the kernel's copy and, on loopback, the receiver's side too); on
// the event loop that relays every live meeting that is a stall. In 64 KiB slices, each on a turn of the loop
// of its own, the rooms' messages go out between them.

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
