// The written agreement and minutes as a PDF (A4), in the order a reader needs them: who met and when, the
// plan, the minutes, disagreements, then the signatures that make it an agreement. Drawn signatures are
// embedded as PNG pictures (signing stores only PNGs it has checked and drawn itself).
import { isSignatureSizedPng } from '../signature-picture';
import { recordWords, writtenViewsNote } from '../../components/record/words';
import { NOTHING_RECORDED, type RecordSignature, type WrittenRecord } from './shape';
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
	const doc = createPdf({
		title: `${record.title}: ${record.childName}, ${record.meetingDay}`,
		subject: `Core group meeting, case ${record.reference}`,
		keywords: record.finalPlanHash ? `plan-hash:${record.finalPlanHash}` : ''
	});
	title(doc, record.title);
	fields(doc, record.details);
	paragraph(doc, recordWords.intro, { color: palette.muted, size: size.small });

	heading(doc, 'Attendance');
	for (const group of record.attendance) {
		subheading(doc, group.label);
		people(doc, group.people);
	}

	heading(doc, 'Written views received');
	if (!record.writtenViews.length) paragraph(doc, recordWords.noViews, muted);
	for (const view of record.writtenViews) {
		subheading(doc, `Written views from ${view.by.name}`);
		paragraph(doc, writtenViewsNote(view.by.description, view.received), muted);
		paragraph(doc, view.text, { indent: 12 });
	}

	const { plan } = record;
	heading(doc, 'The Child Protection Plan');
	section(doc, plan.titles.concerns.title, plan.concerns);
	subheading(doc, plan.titles.needs.title);
	if (!plan.needs.length) paragraph(doc, NOTHING_RECORDED, muted);
	for (const need of plan.needs) paragraph(doc, `${need.number}.  ${need.text}`, { indent: 12 });
	subheading(doc, plan.titles.outcomes.title);
	if (!plan.outcomes.length) paragraph(doc, NOTHING_RECORDED, muted);
	for (const outcome of plan.outcomes) item(doc, `Outcome ${outcome.number}`, outcome.fields);
	subheading(doc, plan.titles.actions.title);
	if (!plan.actions.length) paragraph(doc, NOTHING_RECORDED, muted);
	for (const action of plan.actions) item(doc, `Action ${action.number}`, action.fields);
	section(doc, plan.titles.nonNegotiables.title, plan.nonNegotiables);
	section(doc, plan.titles.contingency.title, plan.contingency);
	section(doc, plan.titles.review.title, plan.review);
	section(doc, plan.titles.childViews.title, plan.childViews);
	section(doc, plan.titles.familyViews.title, plan.familyViews);

	heading(doc, 'Minutes');
	for (const part of record.minutes) section(doc, part.title, part.text);

	heading(doc, 'Disagreements');
	if (!record.disagreements.length) paragraph(doc, recordWords.noDisagreements, muted);
	record.disagreements.forEach((d, i) => {
		item(doc, `Disagreement ${i + 1}: ${d.by.name}`, [
			{ label: 'Who', value: personLine(d.by) },
			{ label: 'About', value: d.about },
			{ label: 'What they disagree with', value: d.position },
			{ label: 'Reason', value: d.reason },
			{ label: 'How the plan reflects it', value: d.reflected ?? recordWords.reflectionMissing },
			{ label: 'Recorded', value: d.recorded }
		]);
		if (d.complaintNotice) notice(doc, d.complaintNotice);
	});
	if (record.familyComplaintNotice) paragraph(doc, record.familyComplaintNotice, { font: font.italic });

	heading(doc, 'Signatures');
	paragraph(doc, recordWords.signaturesIntro, muted);
	if (!record.signatures.length) paragraph(doc, recordWords.noSignatures, muted);
	// Signatures of the final plan first; those of an earlier version (not agreement to this one) after them.
	for (const s of validFirst(record.signatures)) signature(doc, s, pictures[s.id]);
	if (record.notSigned.length) {
		subheading(doc, recordWords.notSigned);
		people(doc, record.notSigned);
	}

	heading(doc, 'E-mail confirmations from agencies');
	if (!record.confirmations.length) paragraph(doc, recordWords.noConfirmations, muted);
	for (const c of record.confirmations) {
		item(doc, `${c.by.name}`, [
			{ label: 'Who', value: personLine(c.by) },
			{ label: 'E-mail sent', value: c.emailSent },
			{ label: 'Recorded', value: c.recorded },
			{ label: 'The e-mail says', value: c.text }
		]);
		hash(doc, 'Plan version:', c.planHash, 12);
		if (c.stale) notice(doc, recordWords.staleConfirmation);
	}

	heading(doc, 'The plan this record holds');
	if (record.finalPlanHash) hash(doc, 'Final plan fingerprint (SHA-256):', record.finalPlanHash);
	if (record.finalPlanHash !== record.planHash) hash(doc, 'Plan fingerprint now:', record.planHash);
	if (certificate) certificateOfCompletion(doc, record, certificate.making, certificate.seal);
	footers(doc, [`Confidential: ${record.childName}, case ${record.reference}`, `Core group meeting of ${record.meetingDay}: written agreement and minutes`]);
	return finish(doc);
}

const muted = { color: palette.muted, font: font.italic } as const;

function section(doc: Pdf, heading: string, text: string): void {
	subheading(doc, heading);
	paragraph(doc, text, text === NOTHING_RECORDED ? muted : {});
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

function signature(doc: Pdf, s: RecordSignature, png: Uint8Array | undefined): void {
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
		s.typedName ? `Typed name: ${s.typedName}` : null,
		s.witness ? `Witnessed on the device of ${personLine(s.witness)}` : null,
		s.explainedBy ? `${recordWords.explainedBy} ${personLine(s.explainedBy)}` : null,
		s.interpreter ? `${recordWords.interpreter} ${s.interpreter}` : null
	].filter((l): l is string => l !== null && l !== '');
	doc.font(font.regular).fontSize(size.small).fillColor(palette.muted);
	for (const line of lines) tag(doc, 'P', () => doc.text(line, dx, doc.y, { width, lineGap: 1 }));
	// What the signature means, beside it: agreement, or having read the plan and not agreeing, and why.
	tag(doc, 'P', () => doc.font(font.bold).fontSize(size.small).fillColor(s.agrees ? palette.ink : palette.warn).text(s.meaning, dx, doc.y, { width, lineGap: 1 }));
	tag(doc, 'P', () => {
		doc.font(font.regular).fontSize(size.small).fillColor(palette.muted).text('Plan version signed (SHA-256):', dx, doc.y + 2, { width });
		doc.font(font.mono).fontSize(7.5).fillColor(palette.ink).text(s.planHash, dx, doc.y, { width, lineBreak: false });
	});
	const textBottom = doc.y;
	artifact(doc, () => doc.rect(x, top, PICTURE.width, PICTURE.height).lineWidth(0.5).strokeColor(palette.line).stroke(), 'Layout');
	picture(doc, s, png, x + 4, top + 4, PICTURE.width - 8, PICTURE.height - 8);
	doc.y = textBottom;
	doc.x = doc.page.margins.left;
	doc.y = Math.max(doc.y, top + PICTURE.height) + 6;
	if (s.stale) notice(doc, recordWords.staleSignature);
}

/** The drawn picture, the typed name in its place, or a plain note when a picture cannot be drawn. */
function picture(doc: Pdf, s: RecordSignature, bytes: Uint8Array | undefined, x: number, y: number, width: number, height: number): void {
	const fallback = (text: string) =>
		tag(doc, 'P', () => doc.font(font.italic).fontSize(size.small).fillColor(palette.muted).text(text, x, y + height / 2 - 12, { width, align: 'center' }));
	if (!s.image) {
		if (s.typedName)
			tag(doc, 'Figure', () => doc.font(font.italic).fontSize(16).fillColor(palette.ink).text(s.typedName!, x, y + height / 2 - 10, { width, align: 'center', lineBreak: false, ellipsis: true }), {
				alt: `Signature of ${s.by.name}: the name typed, ${s.typedName}`
			});
		else fallback('No picture');
		return;
	}
	// An SVG stored before signing drew every picture as a PNG is not parsed here: the record keeps it.
	if (s.image.format !== 'png') {
		fallback('Drawn signature kept in the record');
		return;
	}
	try {
		// The bytes that came apart from the record (no copy: a view of them), or those in its data URL.
		const png = bytes ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : Buffer.from(s.image.dataUrl.slice(s.image.dataUrl.indexOf(',') + 1), 'base64');
		// Decoded only if its header declares a signature-sized picture (a PNG stored before those checks may not).
		if (!isSignatureSizedPng(png)) throw new Error('not a signature-sized PNG');
		tag(doc, 'Figure', () => doc.image(png, x, y, { fit: [width, height], align: 'center', valign: 'center' }), {
			alt: `Signature of ${s.by.name}, drawn by hand${s.witness ? `, witnessed by ${s.witness.name}` : ''}`
		});
	} catch {
		fallback('Drawn signature kept in the record');
	}
	doc.fillColor(palette.ink);
}
