// A signature picture as the written record prints it: opaque grey on white paper, at 600 dpi of its box at
// most, never enlarged, the ink where it was; made once per picture and box.
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { printablePicture } from '../../src/lib/server/written-record/pdf-pictures';
import { largePngSignature } from '../support/large-record';

/** The record's signature box, in points, as pdf.ts fits a picture in it. */
const BOX = { width: 162, height: 56 };

const pngBytes = (dataUrl: string) => Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');

/** A transparent RGBA PNG, `width` × `height`, with one black square of `side` pixels at its centre. */
function squareOnTransparentPaper(width: number, height: number, side: number): Buffer {
	const png = new PNG({ width, height });
	png.data.fill(0);
	for (let y = (height - side) / 2; y < (height + side) / 2; y++) {
		for (let x = (width - side) / 2; x < (width + side) / 2; x++) png.data.set([0, 0, 0, 255], (y * width + x) * 4);
	}
	return PNG.sync.write(png);
}

describe('a signature picture drawn for the record', () => {
	it('is grey on opaque white paper, with no transparency for pdfkit to split, and the ink where it was', () => {
		const printable = PNG.sync.read(printablePicture(squareOnTransparentPaper(400, 200, 100), BOX));
		// IHDR: colour type 0 (grey), 8 bits. pdfkit decodes every pixel of a PNG with an alpha channel.
		expect(printable.colorType).toBe(0);
		expect(printable.alpha).toBe(false);
		expect([printable.width, printable.height]).toEqual([400, 200]);
		const grey = (x: number, y: number) => printable.data[(y * printable.width + x) * 4];
		expect(grey(10, 10)).toBe(255); // the transparent paper, now white
		expect(grey(200, 100)).toBe(0); // the ink
		expect(grey(200 + 60, 100)).toBe(255);
	});

	it('is no larger than 600 dpi of the box it is printed in, keeps its shape, and is never enlarged', () => {
		const large = PNG.sync.read(printablePicture(pngBytes(largePngSignature(24, 3)), BOX));
		// 2,000 × 1,000 fitted to 162 × 56 points is 112 × 56 points: at 600 dpi, 933 × 467 pixels.
		expect(large.height).toBe(467);
		expect(Math.abs(large.width - 2 * large.height)).toBeLessThanOrEqual(1);
		const small = PNG.sync.read(printablePicture(squareOnTransparentPaper(120, 40, 20), BOX));
		expect([small.width, small.height]).toEqual([120, 40]);
	});

	it('is made once for a picture and box, then kept', () => {
		const picture = pngBytes(largePngSignature(24, 5));
		const first = printablePicture(picture, BOX);
		expect(printablePicture(Buffer.from(picture), BOX)).toBe(first);
		expect(printablePicture(picture, { width: BOX.width / 2, height: BOX.height / 2 })).not.toBe(first);
	});
});
