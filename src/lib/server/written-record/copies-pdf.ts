// The copies for the family and the child as a PDF (A4), drawn from the same shaped copy as the page: the
// record's typography (pdf-layout.ts), larger type and a picture beside each heading when it is easy read.
// Runs in the PDF worker: no SvelteKit here, and words come from the catalogues in the copy's own language.
import { copyIcons } from '../../components/copies/icons/icons';
import { m } from '../../paraglide/messages.js';
import type { CopyDocument, CopyLine } from './copies';
import { artifact, contentWidth, createPdf, ensureSpace, finish, font, footers, heading, palette, size, tag, title, type Pdf } from './pdf-layout';

const ICON = 34;

export async function renderCopyPdf(copy: CopyDocument): Promise<Buffer> {
	const doc = createPdf({ title: copy.title, subject: copy.title, keywords: '', lang: copy.lang });
	const type = copy.easyRead ? { body: 15, heading: 19 } : { body: size.body + 1, heading: size.h2 };
	title(doc, copy.title);
	for (const line of copy.intro) copyLine(doc, line, type.body);
	for (const section of copy.sections) {
		if (copy.easyRead) ensureSpace(doc, 110);
		const before = doc.y;
		heading(doc, section.heading, type.heading);
		if (copy.easyRead) {
			// Beside the heading at the right; decoration, as the heading says what the section is.
			const x = doc.page.margins.left + contentWidth(doc) - ICON;
			const y = Math.max(before, doc.y - ICON - 4);
			artifact(doc, () => {
				doc.save().translate(x, y).scale(ICON / 24).path(copyIcons[section.icon]).lineWidth(1.8).lineCap('round').lineJoin('round').strokeColor(palette.brand).stroke().restore();
			}, 'Layout');
		}
		for (const block of section.blocks) {
			ensureSpace(doc, type.body * 4);
			for (const line of block) copyLine(doc, line, type.body);
			doc.moveDown(copy.easyRead ? 0.6 : 0.4);
		}
	}
	footers(doc, [copy.footer, `${copy.childName} · ${copy.reference}`], (page, pages) => m.copy_page_of({ page, pages }, { locale: copy.locale }));
	return finish(doc);
}

/** One idea: its key words in bold, then the words; someone's own words set in from the left. */
function copyLine(doc: Pdf, line: CopyLine, fontSize: number): void {
	const indent = line.quote && !line.key ? 14 : 0;
	const x = doc.page.margins.left + indent;
	const width = contentWidth(doc) - indent;
	const body = line.strong ? font.bold : font.regular;
	tag(doc, 'P', () => {
		doc.fontSize(fontSize).fillColor(palette.ink);
		if (line.key) {
			doc.font(font.bold).text(`${line.key} `, x, doc.y, { width, continued: true, lineGap: 3 });
			doc.font(body).text(line.text, { lineGap: 3, paragraphGap: 3 });
		} else {
			doc.font(body).text(line.text, x, doc.y, { width, lineGap: 3, paragraphGap: 3 });
		}
	});
	doc.x = doc.page.margins.left;
}
