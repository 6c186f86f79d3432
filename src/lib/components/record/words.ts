// The fixed sentences of the written record, shared by the PDF and the printable page so they say the same,
// in the record's language (messages/<locale>/record.json).
import type { Locale } from '../../i18n/locale';
import { m } from '../../paraglide/messages.js';

/** The record's fixed sentences in `locale`. */
export function recordWordsIn(locale: Locale) {
	const o = { locale };
	return {
		title: m.record_title({}, o),
		intro: m.record_intro({}, o),
		nothingRecorded: m.record_nothing_recorded({}, o),
		noViews: m.record_no_views({}, o),
		noDisagreements: m.record_no_disagreements({}, o),
		reflectionMissing: m.record_reflection_missing({}, o),
		signaturesIntro: m.record_signatures_intro({}, o),
		noSignatures: m.record_no_signatures({}, o),
		notSigned: m.record_not_signed({}, o),
		staleSignature: m.record_stale_signature({}, o),
		agrees: m.record_agrees({}, o),
		doesNotAgree: (reason: string) => m.record_does_not_agree({ reason }, o),
		noReasonGiven: m.record_no_reason_given({}, o),
		explainedBy: m.record_explained_by({}, o),
		interpreter: m.record_interpreter({}, o),
		certificateTitle: m.record_certificate_title({}, o),
		certificateIntro: m.record_certificate_intro({}, o),
		noConfirmations: m.record_no_confirmations({}, o),
		staleConfirmation: m.record_stale_confirmation({}, o)
	};
}

export type RecordWords = ReturnType<typeof recordWordsIn>;

/** The English record's sentences: the record kept as evidence is in English. */
export const recordWords = recordWordsIn('en');

/** "Received in writing on …": written views are marked as such wherever they appear. */
export const writtenViewsNote = (description: string, received: string, locale: Locale = 'en') =>
	`${description ? `${description}. ` : ''}${m.record_received_in_writing({ received }, { locale })}`;
