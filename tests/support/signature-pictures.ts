// Signatures as a signature pad draws them — a wavy stroke as a transparent PNG and as SVG data URLs — so the
// written record can be checked with pictures that look like the real thing (a 1×1 PNG shows nothing); and a
// picture bomb, for signing to refuse.
import { crc32, deflateSync } from 'node:zlib';

/** One PNG chunk: length, type, data and its CRC. */
export function pngChunk(type: string, data: Buffer): Buffer {
	const head = Buffer.alloc(4);
	head.writeUInt32BE(data.length);
	const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(body));
	return Buffer.concat([head, body, crc]);
}

/** A 300×100 RGBA PNG with a dark ink stroke on transparent paper. */
export function drawnPngSignature(): string {
	const [width, height] = [300, 100];
	const rows: Buffer[] = [];
	for (let y = 0; y < height; y++) {
		const row = Buffer.alloc(1 + width * 4); // filter byte 0, then RGBA
		for (let x = 0; x < width; x++) {
			const ink = Math.abs(y - (50 + 30 * Math.sin(x / 18) * Math.cos(x / 70))) < 2.5;
			row.set([20, 20, 60, ink ? 255 : 0], 1 + x * 4);
		}
		rows.push(row);
	}
	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(height, 4);
	header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
	const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', header), pngChunk('IDAT', deflateSync(Buffer.concat(rows))), pngChunk('IEND', Buffer.alloc(0))]);
	return `data:image/png;base64,${png.toString('base64')}`;
}

/** The same kind of stroke as an SVG path, URL-encoded as the signing form sends it. */
export function drawnSvgSignature(): string {
	const svg =
		'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 100" width="300" height="100">' +
		'<path d="M12 70 C 40 10, 60 10, 80 60 S 120 90, 140 40 S 190 20, 210 60 S 260 80, 288 30" stroke="#141432" stroke-width="3" fill="none" stroke-linecap="round"/>' +
		'</svg>';
	return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

/**
 * A picture bomb: a PNG of a few hundred bytes whose header (IHDR, with a valid CRC) declares 20,000 × 20,000
 * RGBA pixels — 1.5 GiB once decoded. Its IDAT holds only the start of a deflate stream of zeros.
 */
export function pngBomb(width = 20_000, height = 20_000): string {
	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(height, 4);
	header.set([8, 6, 0, 0, 0], 8);
	const idat = deflateSync(Buffer.alloc(64 * 1024)).subarray(0, 200);
	const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', header), pngChunk('IDAT', idat), pngChunk('IEND', Buffer.alloc(0))]);
	return `data:image/png;base64,${png.toString('base64')}`;
}

/** What the signing page sends: signature_pad's SVG (Bézier strokes and dots), base64, sized in CSS pixels. */
export function padSvgSignature(width = 672, height = 288, strokes = 40): string {
	let body = '';
	for (let i = 0; i < strokes; i++) {
		const x = 20 + (i * (width - 40)) / strokes;
		const y = height / 2 + Math.sin(i / 3) * (height / 4);
		body += `<path d="M ${x.toFixed(3)},${y.toFixed(3)} C ${(x + 5).toFixed(3)},${(y - 9).toFixed(3)} ${(x + 10).toFixed(3)},${(y + 9).toFixed(3)} ${(x + 15).toFixed(3)},${y.toFixed(3)}" stroke-width="4.500" stroke="#000" fill="none" stroke-linecap="round"></path>`;
	}
	body += `<circle r="2.25" cx="${width - 30}" cy="${height / 2}" fill="#000"></circle>`;
	const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">${body}</svg>`;
	return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}
