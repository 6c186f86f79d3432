// The written record's PDF goes out in slices, each on a turn of the event loop of its own, so that the live
// rooms' messages are sent between them: every byte arrives, in order, and other work runs in between.
import { describe, expect, it } from 'vitest';
import { pdfInSlices } from '../../src/lib/server/written-record/pdf-response';

async function read(stream: ReadableStream<Uint8Array>, between: () => void): Promise<Uint8Array[]> {
	const slices: Uint8Array[] = [];
	const reader = stream.getReader();
	for (;;) {
		const { done, value } = await reader.read();
		if (done) return slices;
		slices.push(value);
		between();
	}
}

describe('a PDF sent in slices', () => {
	it('delivers every byte, in order, in slices of 64 KiB', async () => {
		for (const size of [1, 65_536, 65_537, 2_300_000]) {
			const pdf = Uint8Array.from({ length: size }, (_, i) => (i * 7) % 251);
			const slices = await read(pdfInSlices(pdf), () => {});
			expect(slices.length).toBe(Math.ceil(size / 65_536));
			expect(Math.max(...slices.map((s) => s.byteLength))).toBeLessThanOrEqual(65_536);
			expect(Buffer.concat(slices).equals(Buffer.from(pdf))).toBe(true);
		}
	});

	it('lets other work run between two slices', async () => {
		const events: string[] = [];
		// Work that arrives while the PDF is being sent, as a room's update would: queued for the next turn.
		let ticks = 0;
		const tick = () => {
			events.push('other');
			if (++ticks < 100) setImmediate(tick);
		};
		setImmediate(tick);
		await read(pdfInSlices(new Uint8Array(5 * 65_536)), () => events.push('slice'));
		const slices = events.flatMap((e, i) => (e === 'slice' ? [i] : []));
		// Between any two slices, the other work had a turn.
		for (let i = 1; i < slices.length; i++) expect(events.slice(slices[i - 1], slices[i])).toContain('other');
	});
});
