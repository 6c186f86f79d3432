// A signature picture as the record prints it. A stored picture may be 2,000 × 1,000 pixels with transparent
// paper; the record prints it in a box about 6 × 2 cm. Given such a PNG, pdfkit decodes every pixel in
// JavaScript to split the transparency from the colour and compresses both again: over a second of a core for a
// record with six large signatures, again each time the record is made (a late fact makes it again). So the
// worker draws each picture once, on white paper, at 600 dots per inch of the box it is printed in (what the
// best office printer prints, and far past what a screen shows at any zoom), in shades of grey (the signing pad
// draws in black) with no transparency, which pdfkit embeds as it is; and keeps it for the next record. A record
// with six of the largest pictures is drawn in 0.2 s rather than 1.45 s (0.74 s the first time), and is 1.1 MB
// rather than 2.5 MB. The picture as signed stays in the database, at its full size and in its colours.
import { createHash } from 'node:crypto';
import { Resvg } from '@resvg/resvg-js';
import { LRUCache } from 'lru-cache';
import { PNG } from 'pngjs';

/** Points (1/72 inch) to pixels at the printed resolution. */
const PRINT_DPI = 600;
/** What the kept pictures may take: each is tens of kilobytes, so hundreds of signatures. */
const KEPT_BYTES = 16 * 1024 * 1024;

/** The box's size in points, as pdfkit's `fit` takes it. */
export interface PrintBox {
	width: number;
	height: number;
}

/** Key (the picture's SHA-256 and the box) → the printable PNG, the least recently used dropped first. */
const kept = new LRUCache<string, Buffer>({ maxSize: KEPT_BYTES, sizeCalculation: (png) => png.byteLength });

/**
 * The PNG to embed for a stored signature picture (already checked to be signature-sized): opaque, grey, no
 * larger than the box at 600 dpi; never larger than it was. Throws if the picture cannot be decoded.
 */
export function printablePicture(png: Buffer, box: PrintBox): Buffer {
	const key = `${createHash('sha256').update(png).digest('hex')} ${box.width}x${box.height}`;
	let printable = kept.get(key);
	if (!printable) {
		printable = drawOnPaper(png, box);
		kept.set(key, printable);
	}
	return printable;
}

function drawOnPaper(png: Buffer, box: PrintBox): Buffer {
	const width = png.readUInt32BE(16);
	const height = png.readUInt32BE(20);
	// The scale at which the picture fits the box as pdfkit fits it, then at the printer's dots; never enlarged.
	const scale = Math.min(1, (Math.min(box.width / width, box.height / height) * PRINT_DPI) / 72);
	const drawnWidth = Math.max(1, Math.round(width * scale));
	const frame = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><image width="${width}" height="${height}" href="data:image/png;base64,${png.toString('base64')}"/></svg>`;
	// resvg decodes and scales natively, with smoothing, over white paper; no fonts or files are ever read.
	const drawn = new Resvg(frame, {
		fitTo: { mode: 'width', value: drawnWidth },
		background: 'white',
		font: { loadSystemFonts: false, fontFiles: [], fontDirs: [] },
		logLevel: 'off'
	}).render();
	if (drawn.width === 0 || drawn.height === 0) throw new Error('the picture could not be drawn');
	const rgba = { width: drawn.width, height: drawn.height, data: drawn.pixels };
	// Colour type 0 (grey): on white paper every pixel is opaque, and without an alpha channel pdfkit keeps the
	// compressed rows as they are. Rows unfiltered: smooth strokes compress best so (a third smaller than with
	// the adaptive filters, for the largest pictures).
	return PNG.sync.write(rgba as PNG, { colorType: 0, inputColorType: 6, inputHasAlpha: true, filterType: 0 });
}
