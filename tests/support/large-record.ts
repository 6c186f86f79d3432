// The makings of a large written record, as big as the server lets one get: plan texts at the 20,000-character
// limit, many plan items, and signature pictures at the largest size signing accepts (2,000 × 1,000 px,
// 512 KiB as a data URL) — the records that keep pdfkit busy longest. Deterministic, so runs compare.
import { deflateSync } from 'node:zlib';
import { pngChunk } from './signature-pictures';

export const TEXT_LIMIT = 20_000;
/** The largest drawn signature signing accepts, as a data URL (meeting-signatures.ts). */
export const PICTURE_LIMIT_BYTES = 512 * 1024;
export const PICTURE_SIZE = { width: 2000, height: 1000 };

const WORDS = ['Jamie', 'school', 'attendance', 'visit', 'health', 'visitor', 'parent', 'review', 'plan', 'contact', 'weekly', 'agreed', 'the', 'and', 'will', 'to', 'of', 'safe', 'home', 'support'];

/** A pseudo-random sequence from a seed, so every run draws the same record. */
function random(seed: number): () => number {
	let state = seed >>> 0 || 1;
	return () => {
		state ^= state << 13;
		state ^= state >>> 17;
		state ^= state << 5;
		return (state >>> 0) / 2 ** 32;
	};
}

/** Prose of about `chars` characters, in sentences and paragraphs. */
export function longText(chars: number, seed = 1): string {
	const next = random(seed);
	let text = '';
	let sentence = 0;
	while (text.length < chars) {
		const word = WORDS[Math.floor(next() * WORDS.length)];
		text += sentence === 0 ? word[0].toUpperCase() + word.slice(1) : ` ${word}`;
		if (++sentence > 8 + next() * 12) {
			text += next() < 0.2 ? '.\n\n' : '. ';
			sentence = 0;
		}
	}
	return text.slice(0, chars);
}

/** Wavy strokes across the whole pad, as a long signature with many pen movements draws them. */
function strokes(seed: number, count: number, step: number): { x: number; y: number }[][] {
	const next = random(seed);
	const { width, height } = PICTURE_SIZE;
	return Array.from({ length: count }, () => {
		const line: { x: number; y: number }[] = [];
		let y = next() * height;
		const wave = 20 + next() * 120;
		for (let x = 10; x < width - 10; x += step) {
			y = Math.min(height - 10, Math.max(10, y + (next() - 0.5) * 18));
			line.push({ x, y: y + wave * Math.sin(x / (15 + next() * 4)) * 0.2 });
		}
		return line;
	});
}

/** An SVG signature with as many points as fit in `maxBytes` as a data URL (base64, as a pad may send it). */
export function largeSvgSignature(seed = 7, maxBytes = PICTURE_LIMIT_BYTES): string {
	const { width, height } = PICTURE_SIZE;
	const prefix = 'data:image/svg+xml;base64,';
	const head = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">`;
	const tail = '</svg>';
	const budget = Math.floor(((maxBytes - prefix.length - 64) * 3) / 4);
	let body = '';
	for (const line of strokes(seed, 400, 6)) {
		const d = line.map((p, i) => `${i ? 'L' : 'M'}${p.x.toFixed(1)} ${p.y.toFixed(1)}`).join('');
		const path = `<path d="${d}" stroke="#141432" stroke-width="3" fill="none" stroke-linecap="round"/>`;
		if (head.length + body.length + path.length + tail.length > budget) break;
		body += path;
	}
	return prefix + Buffer.from(head + body + tail).toString('base64');
}

/** A transparent 2,000 × 1,000 RGBA PNG with `count` ink strokes; the default nearly fills the size limit. */
export function largePngSignature(count = 50, seed = 11): string {
	const { width, height } = PICTURE_SIZE;
	const stride = 1 + width * 4;
	const pixels = Buffer.alloc(stride * height); // filter byte 0 on every row, transparent paper
	for (const line of strokes(seed, count, 1)) {
		for (const { x, y } of line) {
			for (let dy = -2; dy <= 2; dy++) {
				const row = Math.round(y) + dy;
				if (row >= 0 && row < height) pixels.set([20, 20, 60, 255], row * stride + 1 + x * 4);
			}
		}
	}
	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(height, 4);
	header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
	const file = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', header), pngChunk('IDAT', deflateSync(pixels)), pngChunk('IEND', Buffer.alloc(0))]);
	const png = `data:image/png;base64,${file.toString('base64')}`;
	if (png.length > PICTURE_LIMIT_BYTES) throw new Error(`${count} strokes make a ${png.length}-byte PNG, over the limit: draw fewer.`);
	return png;
}
