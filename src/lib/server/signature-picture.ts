// A drawn signature arrives as a PNG or SVG data URL from a page anyone can script. Its bytes and declared
// size are checked before anything is decoded (DESIGN §4 rule 11); an SVG must be strokes only; then the
// picture is drawn afresh as a PNG by resvg, in a worker thread rather than on the event loop. Only that PNG
// is stored, so no script, link or oversized bitmap reaches the record, and the PDF needs no SVG library.
import type { ResvgRenderOptions } from '@resvg/resvg-js';
import { imageSize } from 'image-size';
import { renderPng } from './picture-renderer';
import { m } from '../paraglide/messages.js';

/** A signature picture at most this large, before and after it is drawn again. */
export const SIGNATURE_PICTURE_LIMITS = { width: 2000, height: 1000, bytes: 512 * 1024 } as const;
/** A drawn SVG is drawn at up to twice its size in CSS pixels, so it prints sharply. */
const SVG_ZOOM = 2;

export type PictureRefusal = { ok: false; status: 400 | 413; message: string };
export type SignaturePicture = { ok: true; dataUrl: string; width: number; height: number } | PictureRefusal;

// Each refusal asks for the signature again, in the request's language.
const refuse = (status: 400 | 413, message: string): PictureRefusal => ({ ok: false, status, message });
const notAPicture = () => refuse(400, m.answers_picture_not_a_picture());
const damaged = () => refuse(400, m.answers_picture_damaged());
const tooManyBytes = (bytes: number) =>
	refuse(413, m.answers_picture_too_many_bytes({ size: String(Math.ceil(bytes / 1024)), max: String(SIGNATURE_PICTURE_LIMITS.bytes / 1024) }));
const tooManyPixels = (width: number, height: number) =>
	refuse(
		413,
		m.answers_picture_too_many_pixels({
			width: String(width),
			height: String(height),
			maxWidth: String(SIGNATURE_PICTURE_LIMITS.width),
			maxHeight: String(SIGNATURE_PICTURE_LIMITS.height)
		})
	);
const notStrokesOnly = () => refuse(400, m.answers_picture_strokes_only());

const withinPixels = (width: number, height: number) =>
	width > 0 && height > 0 && width <= SIGNATURE_PICTURE_LIMITS.width && height <= SIGNATURE_PICTURE_LIMITS.height;

/** resvg loads no system fonts and, given no resources folder and no links (refused below), nothing at all. */
const RENDER: ResvgRenderOptions = { font: { loadSystemFonts: false, fontFiles: [], fontDirs: [] }, logLevel: 'off' };

/** Whether a stored PNG's header declares a signature-sized picture: read before decoding it for the PDF. */
export function isSignatureSizedPng(png: Buffer): boolean {
	const size = declaredSize(png);
	return size?.type === 'png' && withinPixels(size.width, size.height);
}

/** Checks a signature picture and returns it drawn again as a PNG data URL, or why it is refused. */
export async function signaturePicture(dataUrl: string): Promise<SignaturePicture> {
	const head = /^data:(image\/png|image\/svg\+xml)((?:;[\w.=+-]*)*),/i.exec(dataUrl.slice(0, 200));
	if (!head) return notAPicture();
	const base64 = /;base64$/i.test(head[2]);
	const body = dataUrl.slice(head[0].length);
	const bytes = base64 ? decodeBase64(body) : decodePercent(body);
	if (!('data' in bytes)) return bytes;
	return head[1].toLowerCase() === 'image/png' ? redrawPng(bytes.data) : rasteriseSvg(bytes.data);
}

/** Counts the bytes before decoding them; refuses anything but strict base64 (Buffer.from would skip junk). */
function decodeBase64(body: string): { data: Buffer } | PictureRefusal {
	const size = Math.floor((body.length * 3) / 4);
	if (size > SIGNATURE_PICTURE_LIMITS.bytes + 2) return tooManyBytes(size);
	if (body.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(body)) return damaged();
	const data = Buffer.from(body, 'base64');
	return data.length > SIGNATURE_PICTURE_LIMITS.bytes ? tooManyBytes(data.length) : { data };
}

function decodePercent(body: string): { data: Buffer } | PictureRefusal {
	// Each byte takes one to three characters: a body three times the limit cannot fit in it.
	if (body.length > SIGNATURE_PICTURE_LIMITS.bytes * 3) return tooManyBytes(Math.ceil(body.length / 3));
	let text: string;
	try {
		text = decodeURIComponent(body);
	} catch {
		return damaged();
	}
	const data = Buffer.from(text, 'utf8');
	return data.length > SIGNATURE_PICTURE_LIMITS.bytes ? tooManyBytes(data.length) : { data };
}

/** The size a picture's header declares, read by image-size without decoding the picture. */
function declaredSize(data: Buffer): { type: string; width: number; height: number } | null {
	try {
		const size = imageSize(data);
		return size.type && size.width && size.height ? { type: size.type, width: size.width, height: size.height } : null;
	} catch {
		return null;
	}
}

/**
 * A PNG is checked by its header (IHDR), then decoded — now known to fit in 2,000 × 1,000 pixels — and
 * drawn again, which also drops any text or other chunks carried beside the pixels.
 */
async function redrawPng(data: Buffer): Promise<SignaturePicture> {
	const size = declaredSize(data);
	if (!size || size.type !== 'png') return notAPicture();
	if (!withinPixels(size.width, size.height)) return tooManyPixels(size.width, size.height);
	const { width, height } = size;
	const frame = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><image width="${width}" height="${height}" href="data:image/png;base64,${data.toString('base64')}"/></svg>`;
	return render(frame, 1);
}

/** What a signature pad draws: shapes and strokes. No use, image, style, text, filter or foreign content. */
const STROKE_ELEMENTS = new Set(['svg', 'g', 'path', 'circle', 'ellipse', 'line', 'polyline', 'polygon', 'rect', 'title', 'desc']);

async function rasteriseSvg(data: Buffer): Promise<SignaturePicture> {
	let svg: string;
	try {
		svg = new TextDecoder('utf-8', { fatal: true }).decode(data);
	} catch {
		return damaged();
	}
	if (svg.includes('\0')) return damaged();
	if (!strokesOnly(svg)) return notStrokesOnly();
	const size = declaredSvgSize(svg, data);
	if ('ok' in size) return size;
	// As sharp as twice the size drawn, never past the limits (floored, so rounding cannot cross them).
	const zoom = Math.floor(Math.min(SVG_ZOOM, SIGNATURE_PICTURE_LIMITS.width / size.width, SIGNATURE_PICTURE_LIMITS.height / size.height) * 1000) / 1000;
	return render(svg, zoom);
}

/**
 * Element names, links and handlers found anywhere in the text, comments included: refusing a little too
 * much is better than parsing differently from resvg. A DOCTYPE could define entities; links could make
 * resvg read a local file; handlers and scripts would never run in a PNG but have no place in a signature.
 */
function strokesOnly(svg: string): boolean {
	if (/<!(?!--)/.test(svg) || /<\?(?!xml\s)/.test(svg.replace(/^\s*<\?xml\s[^>]*\?>/, ''))) return false;
	if (/\bhref\s*=|\son[a-z]+\s*=|url\s*\(|javascript:|@import/i.test(svg)) return false;
	for (const [, name] of svg.matchAll(/<\/?\s*([^\s/>!?]+)/g)) if (!STROKE_ELEMENTS.has(name.toLowerCase())) return false;
	return /^\s*(<\?xml\s[^>]*\?>\s*)?<svg[\s>]/i.test(svg);
}

/**
 * The size the root declares: width and height (plain numbers or px; one of them may follow from the viewBox),
 * or else the viewBox. A viewBox past the limits is refused too, whatever the width and height say.
 */
function declaredSvgSize(svg: string, data: Buffer): { width: number; height: number } | PictureRefusal {
	const unsaid = refuse(400, 'the picture does not say its size in pixels.');
	const root = /<svg\b[^>]*>/i.exec(svg)?.[0] ?? '';
	const attribute = (name: string) => new RegExp(`\\s${name}\\s*=\\s*(["'])(.*?)\\1`).exec(root)?.[2].trim();
	const length = (value: string | undefined) => (value === undefined ? undefined : /^\d+(\.\d+)?(px)?$/.test(value) ? parseFloat(value) : NaN);
	let width = length(attribute('width'));
	let height = length(attribute('height'));
	if (Number.isNaN(width) || Number.isNaN(height)) return unsaid;
	const viewBoxText = attribute('viewBox');
	if (viewBoxText !== undefined) {
		const [, , boxWidth, boxHeight, ...rest] = viewBoxText.split(/[\s,]+/).map(Number);
		if (rest.length || !Number.isFinite(boxWidth) || !Number.isFinite(boxHeight) || boxWidth <= 0 || boxHeight <= 0) return unsaid;
		if (!withinPixels(boxWidth, boxHeight)) return tooManyPixels(Math.round(boxWidth), Math.round(boxHeight));
		if (width === undefined && height === undefined) [width, height] = [boxWidth, boxHeight];
		else if (width === undefined) width = (height! * boxWidth) / boxHeight;
		else if (height === undefined) height = (width * boxHeight) / boxWidth;
	}
	if (width === undefined || height === undefined) return unsaid;
	if (!withinPixels(width, height)) return tooManyPixels(Math.round(width), Math.round(height));
	// image-size reads the same attributes on its own; where the two disagree, the picture is not what it seems.
	const sniffed = declaredSize(data);
	if (!sniffed || sniffed.type !== 'svg' || Math.abs(sniffed.width - width) > 1 || Math.abs(sniffed.height - height) > 1) return unsaid;
	return { width, height };
}

/** Draws in the worker; the PNG that comes out is checked against the same limits. */
async function render(svg: string, zoom: number): Promise<SignaturePicture> {
	let png: Buffer;
	try {
		png = await renderPng(svg, { ...RENDER, fitTo: { mode: 'zoom', value: zoom } });
	} catch {
		return refuse(400, 'the picture could not be read.');
	}
	const size = declaredSize(png);
	if (!size || size.type !== 'png') return refuse(400, 'the picture could not be read.');
	if (!withinPixels(size.width, size.height)) return tooManyPixels(size.width, size.height);
	if (png.length > SIGNATURE_PICTURE_LIMITS.bytes) return tooManyBytes(png.length);
	return { ok: true, dataUrl: `data:image/png;base64,${png.toString('base64')}`, width: size.width, height: size.height };
}
