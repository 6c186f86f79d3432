// Signatures as a signature pad draws them — a wavy stroke as a transparent PNG and as SVG data URLs — so the
// written record can be checked with pictures that look like the real thing (a 1×1 PNG shows nothing).
import { crc32, deflateSync } from 'node:zlib';

function chunk(type: string, data: Buffer): Buffer {
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
	const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
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
