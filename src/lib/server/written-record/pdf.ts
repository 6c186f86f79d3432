// The written agreement and minutes as a PDF (A4), in the order a reader needs them: who met and when, the
// plan, the minutes, disagreements, then the signatures that make it an agreement. Drawn signatures are
// embedded as PNG pictures (signing stores only PNGs it has checked and drawn itself), drawn for print
// (pdf-pictures.ts).
import { isSignatureSizedPng } from '../signature-picture';
import { printablePicture } from './pdf-pictures';
import { recordWordsIn, writtenViewsNote, type RecordWords } from '../../components/record/words';
import type { Locale } from '../../i18n/locale';
import { m } from '../../paraglide/messages.js';
import type { RecordSignature, WrittenRecord } from './shape';
import { personLine, type RecordPerson } from './people';
import { certificateOfCompletion, type RecordMaking, type SealSummary } from './pdf-certificate';
import {
	contentWidth,
	createPdf,
	ensureSpace,
	fields,
	finish,
	font,
	footers,
	hash,
	heading,
	notice,
	palette,
	paragraph,
	size,
	subheading,
	tag,
	artifact,
	title,
	type Pdf
} from './pdf-layout';

export interface RenderOptions {
	/** Signature id → PNG bytes, for pictures that come apart from the record (read.ts, pictures.ts). */
	pictures?: Readonly<Record<string, Uint8Array>>;
	/** With it, the last page is the certificate of completion. */
	certificate?: { making: RecordMaking; seal: SealSummary };
}

/** The record's PDF, unsealed. */
export async function renderWrittenRecordPdf(record: WrittenRecord, { pictures = {}, certificate }: RenderOptions = {}): Promise<Buffer> {
	const locale: Locale = record.locale ?? 'en';
	const o = { locale };
	const recordWords = recordWordsIn(locale);
	const NOTHING_RECORDED = recordWords.nothingRecorded;
	const section = (doc: Pdf, heading: string, text: string) => textSection(doc, heading, text, NOTHING_RECORDED);
	const doc = createPdf({
		title: `${record.title}: ${record.childName}, ${record.meetingDay}`,
		subject: m.record_pdf_subject({ reference: record.reference }, o),
		keywords: record.finalPlanHash ? `plan-hash:${record.finalPlanHash}` : '',
		lang: locale === 'en' ? 'en-GB' : locale
	});
	title(doc, record.title);
	fields(doc, record.details);
	paragraph(doc, recordWords.intro, { color: palette.muted, size: size.small });

	heading(doc, m.record_attendance({}, o));
	for (const group of record.attendance) {
		subheading(doc, group.label);
		people(doc, group.people);
	}

	heading(doc, m.record_views({}, o));
	if (!record.writtenViews.length) paragraph(doc, recordWords.noViews, muted);
	for (const view of record.writtenViews) {
		subheading(doc, m.record_views_from({ name: view.by.name }, o));
		paragraph(doc, writtenViewsNote(view.by.description, view.received, locale), muted);
		paragraph(doc, view.text, { indent: 12 });
	}

	const { plan } = record;
	heading(doc, m.record_plan({}, o));
	section(doc, plan.titles.concerns.title, plan.concerns);
	subheading(doc, plan.titles.needs.title);
	if (!plan.needs.length) paragraph(doc, NOTHING_RECORDED, muted);
	for (const need of plan.needs) paragraph(doc, `${need.number}.  ${need.text}`, { indent: 12 });
	subheading(doc, plan.titles.outcomes.title);
	if (!plan.outcomes.length) paragraph(doc, NOTHING_RECORDED, muted);
	for (const outcome of plan.outcomes) item(doc, m.record_outcome_number({ number: outcome.number }, o), outcome.fields);
	subheading(doc, plan.titles.actions.title);
	if (!plan.actions.length) paragraph(doc, NOTHING_RECORDED, muted);
	for (const action of plan.actions) item(doc, m.record_action_number({ number: action.number }, o), action.fields);
	section(doc, plan.titles.nonNegotiables.title, plan.nonNegotiables);
	section(doc, plan.titles.contingency.title, plan.contingency);
	section(doc, plan.titles.review.title, plan.review);
	section(doc, plan.titles.childViews.title, plan.childViews);
	section(doc, plan.titles.familyViews.title, plan.familyViews);

	heading(doc, m.record_minutes({}, o));
	for (const part of record.minutes) section(doc, part.title, part.text);

	heading(doc, m.record_disagreements({}, o));
	if (!record.disagreements.length) paragraph(doc, recordWords.noDisagreements, muted);
	record.disagreements.forEach((d, i) => {
		item(doc, m.record_disagreement_title({ number: i + 1, name: d.by.name }, o), [
			{ label: m.record_label_who({}, o), value: personLine(d.by) },
			{ label: m.record_label_about({}, o), value: d.about },
			{ label: m.record_label_position({}, o), value: d.position },
			{ label: m.record_label_reason({}, o), value: d.reason },
			{ label: m.record_label_reflected({}, o), value: d.reflected ?? recordWords.reflectionMissing },
			{ label: m.record_label_recorded({}, o), value: d.recorded }
		]);
		if (d.complaintNotice) notice(doc, d.complaintNotice);
	});
	if (record.familyComplaintNotice) paragraph(doc, record.familyComplaintNotice, { font: font.italic });

	heading(doc, m.record_signatures({}, o));
	paragraph(doc, recordWords.signaturesIntro, muted);
	if (!record.signatures.length) paragraph(doc, recordWords.noSignatures, muted);
	// Signatures of the final plan first; those of an earlier version (not agreement to this one) after them.
	for (const s of validFirst(record.signatures)) signature(doc, s, pictures[s.id], locale, recordWords);
	if (record.notSigned.length) {
		subheading(doc, recordWords.notSigned);
		people(doc, record.notSigned);
	}

	heading(doc, m.record_confirmations({}, o));
	if (!record.confirmations.length) paragraph(doc, recordWords.noConfirmations, muted);
	for (const c of record.confirmations) {
		item(doc, `${c.by.name}`, [
			{ label: m.record_label_who({}, o), value: personLine(c.by) },
			{ label: m.record_label_email_sent({}, o), value: c.emailSent },
			{ label: m.record_label_recorded({}, o), value: c.recorded },
			{ label: m.record_label_email_says({}, o), value: c.text }
		]);
		hash(doc, m.record_plan_version({}, o), c.planHash, 12);
		if (c.stale) notice(doc, recordWords.staleConfirmation);
	}

	heading(doc, m.record_fingerprint({}, o));
	if (record.finalPlanHash) hash(doc, m.record_final_fingerprint({}, o), record.finalPlanHash);
	if (record.finalPlanHash !== record.planHash) hash(doc, m.record_fingerprint_now({}, o), record.planHash);
	if (certificate) certificateOfCompletion(doc, record, certificate.making, certificate.seal);
	footers(
		doc,
		[m.record_footer_confidential({ child: record.childName, reference: record.reference }, o), m.record_footer_meeting({ day: record.meetingDay }, o)],
		(page, pages) => m.record_page_of({ page, pages }, o)
	);
	return finish(doc);
}

const muted = { color: palette.muted, font: font.italic } as const;

function textSection(doc: Pdf, heading: string, text: string, nothing: string): void {
	subheading(doc, heading);
	paragraph(doc, text, text === nothing ? muted : {});
}

function item(doc: Pdf, label: string, list: { label: string; value: string }[]): void {
	ensureSpace(doc, 70);
	doc.moveDown(0.3);
	paragraph(doc, label, { font: font.bold, role: 'H4' });
	fields(doc, list, 12);
}

/** Signatures of the final plan before stale ones, each group in the order signed. */
export const validFirst = (list: readonly RecordSignature[]): RecordSignature[] => [...list.filter((s) => !s.stale), ...list.filter((s) => s.stale)];

function people(doc: Pdf, list: RecordPerson[]): void {
	for (const p of list) paragraph(doc, `•  ${personLine(p)}`, { indent: 12 });
}

const PICTURE = { width: 170, height: 64 };

function signature(doc: Pdf, s: RecordSignature, png: Uint8Array | undefined, locale: Locale, recordWords: RecordWords): void {
	const o = { locale };
	const width = contentWidth(doc) - PICTURE.width - 12;
	// A long reason for not agreeing must not push the block over the foot of the page.
	const meaningHeight = doc.font(font.bold).fontSize(size.small).heightOfString(s.meaning, { width, lineGap: 1 });
	ensureSpace(doc, Math.max(PICTURE.height, meaningHeight + 90) + 30);
	doc.moveDown(1);
	const x = doc.page.margins.left;
	const top = doc.y;
	const dx = x + PICTURE.width + 12;
	// Read in this order — who, how and what it means, then the signature itself — though the picture stands at the left.
	tag(doc, 'H4', () => doc.font(font.bold).fontSize(size.body).fillColor(palette.ink).text(s.by.name, dx, top, { width }));
	const lines = [
		s.by.description,
		`${s.method}, ${s.signed}`,
		s.typedName ? m.record_typed_name({ name: s.typedName }, o) : null,
		s.witness ? m.record_witnessed_on({ person: personLine(s.witness) }, o) : null,
		s.explainedBy ? `${recordWords.explainedBy} ${personLine(s.explainedBy)}` : null,
		s.interpreter ? `${recordWords.interpreter} ${s.interpreter}` : null
	].filter((l): l is string => l !== null && l !== '');
	doc.font(font.regular).fontSize(size.small).fillColor(palette.muted);
	for (const line of lines) tag(doc, 'P', () => doc.text(line, dx, doc.y, { width, lineGap: 1 }));
	// What the signature means, beside it: agreement, or having read the plan and not agreeing, and why.
	tag(doc, 'P', () => doc.font(font.bold).fontSize(size.small).fillColor(s.agrees ? palette.ink : palette.warn).text(s.meaning, dx, doc.y, { width, lineGap: 1 }));
	tag(doc, 'P', () => {
		doc.font(font.regular).fontSize(size.small).fillColor(palette.muted).text(m.record_plan_version_signed_sha({}, o), dx, doc.y + 2, { width });
		doc.font(font.mono).fontSize(7.5).fillColor(palette.ink).text(s.planHash, dx, doc.y, { width, lineBreak: false });
	});
	const textBottom = doc.y;
	artifact(doc, () => doc.rect(x, top, PICTURE.width, PICTURE.height).lineWidth(0.5).strokeColor(palette.line).stroke(), 'Layout');
	picture(doc, s, png, x + 4, top + 4, PICTURE.width - 8, PICTURE.height - 8, locale);
	doc.y = textBottom;
	doc.x = doc.page.margins.left;
	doc.y = Math.max(doc.y, top + PICTURE.height) + 6;
	if (s.stale) notice(doc, recordWords.staleSignature);
}

/** The drawn picture, the typed name in its place, or a plain note when a picture cannot be drawn. */
function picture(doc: Pdf, s: RecordSignature, bytes: Uint8Array | undefined, x: number, y: number, width: number, height: number, locale: Locale): void {
	const o = { locale };
	const fallback = (text: string) =>
		tag(doc, 'P', () => doc.font(font.italic).fontSize(size.small).fillColor(palette.muted).text(text, x, y + height / 2 - 12, { width, align: 'center' }));
	if (!s.image) {
		if (s.typedName)
			tag(doc, 'Figure', () => doc.font(font.italic).fontSize(16).fillColor(palette.ink).text(s.typedName!, x, y + height / 2 - 10, { width, align: 'center', lineBreak: false, ellipsis: true }), {
				alt: m.record_signature_alt_typed({ name: s.by.name, typed: s.typedName }, o)
			});
		else fallback(m.record_no_picture({}, o));
		return;
	}
	// An SVG stored before signing drew every picture as a PNG is not parsed here: the record keeps it.
	if (s.image.format !== 'png') {
		fallback(m.record_picture_kept({}, o));
		return;
	}
	try {
		// The bytes that came apart from the record (no copy: a view of them), or those in its data URL.
		const png = bytes ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : Buffer.from(s.image.dataUrl.slice(s.image.dataUrl.indexOf(',') + 1), 'base64');
		// Decoded only if its header declares a signature-sized picture (a PNG stored before those checks may not).
		if (!isSignatureSizedPng(png)) throw new Error('not a signature-sized PNG');
		const printable = printablePicture(png, { width, height });
		tag(doc, 'Figure', () => doc.image(printable, x, y, { fit: [width, height], align: 'center', valign: 'center' }), {
			alt: s.witness ? m.record_signature_alt_witnessed({ name: s.by.name, witness: s.witness.name }, o) : m.record_signature_alt_drawn({ name: s.by.name }, o)
		});
	} catch {
		fallback(m.record_picture_kept({}, o));
	}
	doc.fillColor(palette.ink);
}
