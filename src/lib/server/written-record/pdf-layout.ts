// The typography of the written record's PDF: an A4 page, DejaVu Sans (so names and views in any European
// script print as written, not as '?'), headings that never sit alone at the foot of a page, label–value
// fields, and a footer on every page. Drawing primitives only; what goes in the record is in pdf.ts.
// The PDF is tagged (PDF/UA's way, through PDFKit's structure elements): each primitive draws inside the
// structure element it is — H1, a Sect per heading with its H2, H3, P, Figure with alternative text — in the
// order a screen reader should read them; rules, bars and footers are marked as artifacts, not content.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { RecordField } from './shape';

export type Pdf = PDFKit.PDFDocument;

export const palette = { ink: '#1b1b1b', muted: '#4a4a4a', brand: '#1d4f91', line: '#b1b4b6', warn: '#8a4b00', panel: '#f3f5f8' };
export const font = { regular: 'Body', bold: 'Body-Bold', italic: 'Body-Italic', mono: 'Mono' } as const;
export const size = { title: 18, h2: 14, h3: 11.5, body: 10.5, small: 9, hash: 8 } as const;

const MARGIN = 56.7; // 2 cm
const FOOTER_SPACE = 28;
const LABEL_WIDTH = 150;
const GUTTER = 10;

// Read once per process: the fonts ship in the dejavu-fonts-ttf package, so every machine prints alike.
const require = createRequire(import.meta.url);
let fonts: Record<keyof typeof font, Buffer> | null = null;
function fontFiles() {
	const file = (name: string) => readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${name}`));
	fonts ??= { regular: file('DejaVuSans.ttf'), bold: file('DejaVuSans-Bold.ttf'), italic: file('DejaVuSans-Oblique.ttf'), mono: file('DejaVuSansMono.ttf') };
	return fonts;
}

export function createPdf(info: { title: string; subject: string; keywords: string; lang?: string }): Pdf {
	const doc = new PDFDocument({
		size: 'A4',
		margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: MARGIN + FOOTER_SPACE },
		bufferPages: true,
		// Tagging needs PDF 1.4 at least; 1.7 is what PDF/UA readers expect.
		tagged: true,
		pdfVersion: '1.7',
		lang: info.lang ?? 'en-GB',
		displayTitle: true,
		info: { Title: info.title, Subject: info.subject, Author: 'Core Group', Keywords: info.keywords }
	});
	const files = fontFiles();
	for (const key of Object.keys(font) as (keyof typeof font)[]) doc.registerFont(font[key], files[key]);
	doc.font(font.regular).fontSize(size.body).fillColor(palette.ink);
	const root = doc.struct('Document');
	doc.addStructure(root);
	structure.set(doc, { root, section: null });
	return doc;
}

type StructureElement = PDFKit.PDFStructureElement;
/** Where a PDF's content goes next in its structure tree: the document, or the section of the last heading. */
const structure = new WeakMap<Pdf, { root: StructureElement; section: StructureElement | null }>();

/** Draws `draw` as one structure element of `type` (with `options`, e.g. `alt`) in the current section. */
export function tag(doc: Pdf, type: string, draw: () => void, options: Record<string, unknown> = {}): void {
	const at = structure.get(doc)!;
	// Added to an attached parent, the element runs `draw` at once, inside its marked content.
	(at.section ?? at.root).add(doc.struct(type, options, draw));
}

/** Draws what is decoration (rules, bars, frames, page furniture): not read out. */
export function artifact(doc: Pdf, draw: () => void, type?: 'Pagination' | 'Layout'): void {
	if (type) doc.markContent('Artifact', { type });
	else doc.markContent('Artifact');
	draw();
	doc.endMarkedContent();
}

/** Starts a section of its own, under the document, for a heading and all that follows it until the next. */
function startSection(doc: Pdf): void {
	const at = structure.get(doc)!;
	at.section?.end();
	at.section = doc.struct('Sect');
	at.root.add(at.section);
}

export const contentWidth = (doc: Pdf) => doc.page.width - doc.page.margins.left - doc.page.margins.right;
const left = (doc: Pdf) => doc.page.margins.left;
const bottom = (doc: Pdf) => doc.page.height - doc.page.margins.bottom;

/** Starts a new page unless `height` points still fit on this one. */
export function ensureSpace(doc: Pdf, height: number): void {
	if (doc.y + height > bottom(doc)) doc.addPage();
}

export function title(doc: Pdf, text: string): void {
	tag(doc, 'H1', () => doc.font(font.bold).fontSize(size.title).fillColor(palette.brand).text(text, left(doc), doc.y, { width: contentWidth(doc), lineGap: 2 }));
	doc.moveDown(0.6).fillColor(palette.ink);
}

/** A section heading with a rule above it, kept together with at least the first lines of its content. */
export function heading(doc: Pdf, text: string, fontSize: number = size.h2): void {
	ensureSpace(doc, 90);
	doc.moveDown(0.8);
	const y = doc.y;
	artifact(doc, () => doc.moveTo(left(doc), y).lineTo(left(doc) + contentWidth(doc), y).lineWidth(0.75).strokeColor(palette.line).stroke(), 'Layout');
	doc.y = y + 6;
	doc.outline.addItem(text);
	startSection(doc);
	tag(doc, 'H2', () => doc.font(font.bold).fontSize(fontSize).fillColor(palette.brand).text(text, left(doc), doc.y, { width: contentWidth(doc) }));
	doc.moveDown(0.4).fillColor(palette.ink);
}

export function subheading(doc: Pdf, text: string): void {
	ensureSpace(doc, 60);
	doc.moveDown(0.5);
	tag(doc, 'H3', () => doc.font(font.bold).fontSize(size.h3).fillColor(palette.ink).text(text, left(doc), doc.y, { width: contentWidth(doc) }));
	doc.moveDown(0.2);
}

export interface ParagraphStyle {
	font?: string;
	size?: number;
	color?: string;
	indent?: number;
	/** What it is in the structure: a paragraph, or a heading of a small item ('H4'). */
	role?: 'P' | 'H4';
}

export function paragraph(doc: Pdf, text: string, style: ParagraphStyle = {}): void {
	const indent = style.indent ?? 0;
	doc.font(style.font ?? font.regular).fontSize(style.size ?? size.body).fillColor(style.color ?? palette.ink);
	tag(doc, style.role ?? 'P', () => doc.text(text, left(doc) + indent, doc.y, { width: contentWidth(doc) - indent, lineGap: 2, paragraphGap: 4 }));
	doc.fillColor(palette.ink);
}

/** A highlighted note: a coloured bar at the left and bold text, so it reads as a warning without colour too. */
export function notice(doc: Pdf, text: string, color: string = palette.warn): void {
	doc.font(font.bold).fontSize(size.body);
	const width = contentWidth(doc) - 12;
	const height = doc.heightOfString(text, { width, lineGap: 2 });
	ensureSpace(doc, height + 8);
	const y = doc.y + 2;
	artifact(doc, () => doc.rect(left(doc), y, 3, height).fill(color), 'Layout');
	tag(doc, 'P', () => doc.fillColor(color).text(text, left(doc) + 12, y, { width, lineGap: 2 }));
	doc.fillColor(palette.ink).moveDown(0.4);
}

/** Labels in a narrow left column, values beside them; a value that runs over a page carries on below. */
export function fields(doc: Pdf, list: readonly RecordField[], indent = 0): void {
	const x = left(doc) + indent;
	const labelWidth = LABEL_WIDTH - indent / 2;
	const valueX = x + labelWidth + GUTTER;
	const valueWidth = left(doc) + contentWidth(doc) - valueX;
	for (const { label, value } of list) {
		doc.font(font.regular).fontSize(size.body);
		ensureSpace(doc, Math.min(doc.heightOfString(value, { width: valueWidth, lineGap: 2 }), 48) + 4);
		const top = doc.y;
		const page = doc.bufferedPageRange().count;
		let labelBottom = top;
		// Label and value read as one paragraph, label first, though they stand side by side: the label is read
		// with a colon after it (its ActualText), which the page shows as a column instead.
		const at = structure.get(doc)!;
		(at.section ?? at.root).add(
			doc.struct('P', {}, [
				doc.struct('Span', { actual: `${label}: ` }, () => {
					doc.font(font.bold).fontSize(size.small).fillColor(palette.muted).text(label, x, top + 1, { width: labelWidth, lineGap: 1 });
					labelBottom = doc.y;
				}),
				doc.struct('Span', {}, () => doc.font(font.regular).fontSize(size.body).fillColor(palette.ink).text(value, valueX, top, { width: valueWidth, lineGap: 2 }))
			])
		);
		// After a page break the label's position belongs to the previous page.
		if (doc.bufferedPageRange().count === page) doc.y = Math.max(doc.y, labelBottom);
		doc.y += 3;
	}
	doc.x = left(doc);
}

/** The SHA-256 fingerprints, in a fixed-width face so they can be compared character by character. */
export function hash(doc: Pdf, label: string, value: string, indent = 0): void {
	tag(doc, 'P', () => {
		doc.font(font.regular).fontSize(size.small).fillColor(palette.muted).text(`${label} `, left(doc) + indent, doc.y, { continued: true });
		doc.font(font.mono).fontSize(size.hash).fillColor(palette.ink).text(value);
	});
	doc.font(font.regular).fontSize(size.body);
	doc.x = left(doc);
}

/** Footer on every page: whose record this is, that it is confidential, and "Page n of m". */
export function footers(doc: Pdf, lines: [string, string], pageOf: (page: number, pages: number) => string = (page, pages) => `Page ${page} of ${pages}`): void {
	const { start, count } = doc.bufferedPageRange();
	for (let i = start; i < start + count; i++) {
		doc.switchToPage(i);
		// Writing inside the bottom margin would otherwise make pdfkit start a new page.
		const margin = doc.page.margins.bottom;
		doc.page.margins.bottom = 0;
		const y = doc.page.height - MARGIN - 14;
		const width = contentWidth(doc);
		const textWidth = width - 90;
		// Page furniture, repeated on every page: an artifact, so a screen reader does not read it into the text.
		artifact(
			doc,
			() => {
				doc.moveTo(left(doc), y - 6).lineTo(left(doc) + width, y - 6).lineWidth(0.5).strokeColor(palette.line).stroke();
				doc.font(font.regular).fontSize(size.small).fillColor(palette.muted);
				const lineHeight = doc.currentLineHeight(true);
				lines.forEach((line, n) => doc.text(line, left(doc), y + n * lineHeight, { width: textWidth, height: lineHeight, lineBreak: false, ellipsis: true }));
				doc.text(pageOf(i + 1, count), left(doc) + textWidth, y, { width: 90, align: 'right', lineBreak: false });
			},
			'Pagination'
		);
		doc.page.margins.bottom = margin;
	}
}

/** Finishes the document and collects its bytes. */
export function finish(doc: Pdf): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		doc.on('data', (chunk: Buffer) => chunks.push(chunk));
		doc.on('end', () => resolve(Buffer.concat(chunks)));
		doc.on('error', reject);
		// Every structure element ends before the tree is written.
		const at = structure.get(doc);
		at?.section?.end();
		at?.root.end();
		doc.flushPages();
		doc.end();
	});
}
