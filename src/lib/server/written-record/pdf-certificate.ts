// The certificate of completion: the written record's last page, as e-signature services attach one. It lists
// every signature and e-mail confirmation as the server recorded it (who, how, witness, who explained the plan,
// interpreter, agreement or the reason for none, the plan version, the server's time), then the final plan's
// fingerprint and the audit chain's head when the record was made, so the record can be checked against the
// audit log. Written as one column of "label: value" lines, so a reader or a screen reader takes it in order.
import { formatInstant } from '../../format';
import { recordWords } from '../../components/record/words';
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
const serverTime = (iso: string) => `${formatInstant(iso)} (${new Date(iso).toISOString()})`;

/** Every signature and e-mail confirmation in the record, oldest first. Pure. */
export function completionEvents(record: WrittenRecord): CompletionEvent[] {
	const signed = record.signatures.map(
		(s): CompletionEvent => ({
			title: `Signed by ${s.by.name}`,
			at: s.at,
			fields: [
				{ label: 'Event', value: 'Signed' },
				{ label: 'Signer', value: personLine(s.by) },
				{ label: 'Method', value: s.typedName ? `${s.method}: ${s.typedName}` : s.method },
				{ label: 'Witness', value: s.witness ? personLine(s.witness) : 'None' },
				{ label: 'Explained by', value: s.explainedBy ? personLine(s.explainedBy) : 'Not recorded' },
				{ label: 'Interpreter', value: s.interpreter ?? 'None' },
				{ label: 'Agreement', value: s.meaning },
				{ label: 'Plan version (SHA-256)', value: s.stale ? `${s.planHash} (an earlier version than the final plan)` : s.planHash },
				{ label: 'Server time', value: serverTime(s.at) }
			]
		})
	);
	const confirmed = record.confirmations.map(
		(c): CompletionEvent => ({
			title: `Confirmed by e-mail for ${c.by.name}`,
			at: c.at,
			fields: [
				{ label: 'Event', value: 'Confirmed by e-mail' },
				{ label: 'Member', value: personLine(c.by) },
				{ label: 'Method', value: `E-mail confirmation, sent ${c.emailSent}, recorded by the lead social worker` },
				{ label: 'Plan version (SHA-256)', value: c.stale ? `${c.planHash} (an earlier version than the final plan)` : c.planHash },
				{ label: 'Server time', value: serverTime(c.at) }
			]
		})
	);
	return [...signed, ...confirmed].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/** Draws the certificate on pages of its own, after everything else in the record. */
export function certificateOfCompletion(doc: Pdf, record: WrittenRecord, making: RecordMaking, seal: SealSummary): void {
	doc.addPage();
	heading(doc, recordWords.certificateTitle);
	paragraph(doc, recordWords.certificateIntro, { color: palette.muted, size: size.small });
	line(doc, 'Record made', serverTime(making.madeAt));
	line(doc, 'Sealed by', seal.selfSigned ? `${seal.sealedBy}: a self-signed certificate, not yet the authority's own` : seal.sealedBy);
	line(doc, 'Final plan fingerprint (SHA-256)', record.finalPlanHash ?? `not fixed; the plan now: ${record.planHash}`);
	line(doc, 'Audit chain head at the making', `sequence ${making.audit.seq}, hash ${making.audit.hash}`);

	const events = completionEvents(record);
	doc.moveDown(0.6);
	paragraph(doc, events.length ? `Events (${events.length}), oldest first` : 'No signature or e-mail confirmation was recorded.', { font: font.bold });
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
