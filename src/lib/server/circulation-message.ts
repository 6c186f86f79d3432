// The e-mail that carries the written record, or the family's copy, to a member of the core group: plain and
// kind, in the member's language, saying what is attached and what they can ask for. The plan itself is only
// ever in the attachments, never in the e-mail. Pure.
import type { Role } from '../core-group';
import type { Locale } from '../i18n/locale';
import { m } from '../paraglide/messages.js';

/**
 * What a member is sent: professionals the written record; the family their copy with the full record; the
 * lead social worker the record and the child's copy, to give to the child and explain.
 */
export type CirculationKind = 'record' | 'family' | 'record-and-child-copy';

export interface CirculationMessageInput {
	recipient: { name: string; role: Role };
	childName: string;
	reference: string;
	/** The meeting's day in words, in the recipient's language, e.g. "Thu 26 Nov 2026". */
	meetingDay: string;
	preferredLanguage: string;
	leadSocialWorker: string | null;
	/** SHA-256 of the attached record's PDF, so anyone can check their copy against the record. */
	sha256: string;
	/** The recipient's own one-time link that tells the core group they received it. */
	receiptLink: string;
	/** The recipient's language; English when not given. */
	locale?: Locale;
	/** What they are sent (circulationKindOf their role); the record when not given. */
	kind?: CirculationKind;
}

/** What a member of this role is sent. */
export function circulationKindOf(role: Role): CirculationKind {
	if (role === 'family') return 'family';
	if (role === 'lead-social-worker') return 'record-and-child-copy';
	return 'record';
}

export function circulationMessage(input: CirculationMessageInput): { subject: string; text: string } {
	const o = { locale: input.locale ?? 'en' };
	const kind = input.kind ?? 'record';
	const lead = input.leadSocialWorker;
	const lsw = lead ? m.circulation_mail_lsw_named({ name: lead }, o) : m.circulation_mail_lsw_unnamed({}, o);
	const preferred = input.preferredLanguage.trim();
	const languages = !preferred || preferred.toLowerCase() === 'english' ? m.circulation_mail_another_language({}, o) : m.circulation_mail_language_or_another({ language: preferred }, o);
	const day = input.meetingDay;
	const closing = [
		`${m.circulation_mail_receipt({}, o)}\n${input.receiptLink}`,
		`${m.circulation_mail_reference({ reference: input.reference }, o)}\n${(kind === 'family' ? m.circulation_family_fingerprint : m.circulation_mail_fingerprint)({ sha256: input.sha256 }, o)}`,
		`${m.circulation_mail_thanks({}, o)}\n${m.circulation_mail_from({}, o)}`
	];
	const paragraphs =
		kind === 'family'
			? [
					m.circulation_mail_dear({ name: input.recipient.name }, o),
					m.circulation_family_attached({ child: input.childName, day }, o),
					m.circulation_family_full_record({}, o),
					m.circulation_family_keep_safe({ lsw }, o),
					m.circulation_family_ask({ lsw }, o),
					m.circulation_mail_family_complain({}, o),
					...closing
				]
			: [
					m.circulation_mail_dear({ name: input.recipient.name }, o),
					m.circulation_mail_attached({ child: input.childName, day }, o),
					...(kind === 'record-and-child-copy' ? [m.circulation_lead_child_copy({ child: input.childName }, o)] : []),
					m.circulation_mail_keep_safe({ lsw }, o),
					lead ? m.circulation_mail_copies_named({ name: lead, languages }, o) : m.circulation_mail_copies_unnamed({ languages }, o),
					// A family member sent the record itself is told of their rights there too.
					...(input.recipient.role === 'family' ? [m.circulation_mail_family_complain({}, o)] : []),
					...closing
				];
	return {
		subject:
			kind === 'family'
				? m.circulation_family_subject({ child: input.childName, day, reference: input.reference }, o)
				: m.circulation_mail_subject({ day, reference: input.reference }, o),
		text: paragraphs.join('\n\n') + '\n'
	};
}
