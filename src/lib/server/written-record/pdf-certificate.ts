// The certificate of completion: the written record's last page, as e-signature services attach one. It lists
// every signature and e-mail confirmation as the server recorded it (who, how, witness, who explained the plan,
// interpreter, agreement or the reason for none, the plan version, the server's time), then the final plan's
// fingerprint and the audit chain's head when the record was made, so the record can be checked against the
// audit log. Written as one column of "label: value" lines, so a reader or a screen reader takes it in order.
import { formatInstant } from '../../format';
import { recordWordsIn } from '../../components/record/words';
import type { Locale } from '../../i18n/locale';
import { m } from '../../paraglide/messages.js';
import { personLine } from './people';
import type { RecordField, WrittenRecord } from './shape';
import { ensureSpace, font, heading, palette, paragraph, size, tag, type Pdf } from './pdf-layout';

/** The record's making, as the server knew it: when its facts were read, and the audit chain's head then. */
export interface RecordMaking {
	/** ISO instant, server clock. */
	madeAt: string;
	audit: { seq: number; hash: string };
}

/** Whose seal the PDF carries (the certificate's common name), and whether it is the self-signed stand-in. */
export interface SealSummary {
	sealedBy: string;
	selfSigned: boolean;
}

export interface CompletionEvent {
	title: string;
	/** ISO instant, server clock: the events are listed in this order. */
	at: string;
	fields: RecordField[];
}

/** "Tue 30 Jun 2026, 12:00 (2026-06-30T11:00:00.000Z)": UK time to read, UTC to the millisecond to check. */
const serverTime = (iso: string, locale: Locale = 'en') => `${formatInstant(iso, locale)} (${new Date(iso).toISOString()})`;

/** Every signature and e-mail confirmation in the record, oldest first. Pure. */
export function completionEvents(record: WrittenRecord): CompletionEvent[] {
	const o = { locale: record.locale ?? 'en' };
	const none = m.record_cert_none({}, o);
	const version = (hash: string, stale: boolean) => (stale ? m.record_cert_earlier_version({ hash }, o) : hash);
	const signed = record.signatures.map(
		(s): CompletionEvent => ({
			title: m.record_cert_signed_by({ name: s.by.name }, o),
			at: s.at,
			fields: [
				{ label: m.record_cert_event({}, o), value: m.record_cert_signed({}, o) },
				{ label: m.record_cert_signer({}, o), value: personLine(s.by) },
				{ label: m.record_cert_method({}, o), value: s.typedName ? `${s.method}: ${s.typedName}` : s.method },
				{ label: m.record_cert_witness({}, o), value: s.witness ? personLine(s.witness) : none },
				{ label: m.record_cert_explained_by({}, o), value: s.explainedBy ? personLine(s.explainedBy) : m.record_not_recorded({}, o) },
				{ label: m.record_cert_interpreter({}, o), value: s.interpreter ?? none },
				{ label: m.record_cert_agreement({}, o), value: s.meaning },
				{ label: m.record_cert_plan_version({}, o), value: version(s.planHash, s.stale) },
				{ label: m.record_cert_server_time({}, o), value: serverTime(s.at, o.locale) }
			]
		})
	);
	const confirmed = record.confirmations.map(
		(c): CompletionEvent => ({
			title: m.record_cert_confirmed_for({ name: c.by.name }, o),
			at: c.at,
			fields: [
				{ label: m.record_cert_event({}, o), value: m.record_cert_confirmed({}, o) },
				{ label: m.record_cert_member({}, o), value: personLine(c.by) },
				{ label: m.record_cert_method({}, o), value: m.record_cert_email_method({ sent: c.emailSent }, o) },
				{ label: m.record_cert_plan_version({}, o), value: version(c.planHash, c.stale) },
				{ label: m.record_cert_server_time({}, o), value: serverTime(c.at, o.locale) }
			]
		})
	);
	return [...signed, ...confirmed].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/** Draws the certificate on pages of its own, after everything else in the record. */
export function certificateOfCompletion(doc: Pdf, record: WrittenRecord, making: RecordMaking, seal: SealSummary): void {
	const locale = record.locale ?? 'en';
	const o = { locale };
	const recordWords = recordWordsIn(locale);
	doc.addPage();
	heading(doc, recordWords.certificateTitle);
	paragraph(doc, recordWords.certificateIntro, { color: palette.muted, size: size.small });
	line(doc, m.record_cert_made({}, o), serverTime(making.madeAt, locale));
	line(doc, m.record_cert_sealed_by({}, o), seal.selfSigned ? m.record_cert_self_signed({ name: seal.sealedBy }, o) : seal.sealedBy);
	line(doc, m.record_cert_final_fingerprint({}, o), record.finalPlanHash ?? m.record_cert_not_fixed({ hash: record.planHash }, o));
	line(doc, m.record_cert_audit_head({}, o), m.record_cert_audit_value({ seq: making.audit.seq, hash: making.audit.hash }, o));

	const events = completionEvents(record);
	doc.moveDown(0.6);
	paragraph(doc, events.length ? m.record_cert_events({ count: events.length }, o) : m.record_cert_no_events({}, o), { font: font.bold });
	events.forEach((event, i) => {
		ensureSpace(doc, 120);
		doc.moveDown(0.4);
		paragraph(doc, `${i + 1}. ${event.title}`, { font: font.bold, role: 'H4' });
		for (const { label, value } of event.fields) line(doc, label, value, 12);
	});
}

/** "Label: value" as one run of text, so extraction keeps the two together and in order. */
function line(doc: Pdf, label: string, value: string, indent = 0): void {
	const x = doc.page.margins.left + indent;
	const width = doc.page.width - doc.page.margins.right - x;
	tag(doc, 'P', () => {
		doc.font(font.bold).fontSize(size.small).fillColor(palette.muted).text(`${label}: `, x, doc.y, { width, continued: true, lineGap: 1 });
		doc.font(font.regular).fontSize(size.small).fillColor(palette.ink).text(value, { width, lineGap: 1 });
	});
	doc.x = doc.page.margins.left;
}
