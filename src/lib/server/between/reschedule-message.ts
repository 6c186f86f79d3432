// The letter confirming a moved meeting, in the member's language, its words from the message catalogues.
// Names the case by its reference, not the child: an address can be mistyped, and the child is seen only after
// signing in. Pure.
import { formatInstant } from '../../format';
import { baseLocale, localeOf } from '../../i18n/locale';
import { m } from '../../paraglide/messages.js';

export interface RescheduleLetter {
	name: string;
	reference: string;
	/** The meeting's date before and after, as instants. */
	from: Date;
	to: Date;
	place: string;
	reason: string;
	by: string;
	link: string;
}

/** The letter in `language` (a member's language code; one we do not speak yet gets English). */
export function rescheduleMessage(language: string, l: RescheduleLetter): { subject: string; text: string } {
	const locale = localeOf(language) ?? baseLocale;
	const options = { locale };
	const from = formatInstant(l.from.toISOString(), locale);
	const to = formatInstant(l.to.toISOString(), locale);
	return {
		subject: m.mail_reschedule_subject({ to }, options),
		text:
			[
				m.mail_dear({ name: l.name }, options),
				l.place
					? m.mail_reschedule_moved_place({ reference: l.reference, from, to, place: l.place }, options)
					: m.mail_reschedule_moved({ reference: l.reference, from, to }, options),
				m.mail_reschedule_reason({ reason: l.reason }, options),
				m.mail_reschedule_confirms({ by: l.by, link: l.link }, options),
				m.mail_sign_off({}, options)
			].join('\n\n') + '\n'
	};
}
