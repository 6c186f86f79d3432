// The e-mails about an account: a link to set a password, a forgotten-password link, and the notices that a
// membership was added. Each goes only to the account's own address, in the reader's language (their
// membership's, or the one being invited in), its words from the message catalogues. Pure: composing, not sending.
//
// None of them names the child or the case. The address was typed by someone else (it may be mistyped, or
// read by someone the owner shares a mailbox with), and a child-protection case must not be disclosed to
// whoever reads it: the person sees the case once they have signed in.
import { baseLocale, localeOf, type Locale } from '../../i18n/locale';
import { m } from '../../paraglide/messages.js';

export interface AccountMessage {
	subject: string;
	text: string;
}

const paragraphs = (...parts: string[]) => parts.join('\n\n') + '\n';

/** A stored language code ('cy', 'pl', null) as the locale its e-mails are written in: English for one we do not speak yet. */
export const mailLocale = (language: string | null | undefined): Locale => localeOf(language) ?? baseLocale;

/** To a new account's address: the link to set its first password. */
export function invitationMessage(input: { name: string; inviter: string; link: string; validDays: number; origin: string }, locale: Locale = baseLocale): AccountMessage {
	const options = { locale };
	return {
		subject: m.mail_invitation_subject({}, options),
		text: paragraphs(
			m.mail_dear({ name: input.name }, options),
			m.mail_invitation_added({ inviter: input.inviter }, options),
			`${m.mail_invitation_link({ days: input.validDays }, options)}\n${input.link}`,
			m.mail_invitation_run_out({ origin: input.origin }, options),
			m.mail_sign_off({}, options)
		)
	};
}

/** To a new account's address when its first link was given to the person by hand. */
export function handedOverMessage(input: { name: string; inviter: string; origin: string }, locale: Locale = baseLocale): AccountMessage {
	const options = { locale };
	return {
		subject: m.mail_handed_over_subject({}, options),
		text: paragraphs(
			m.mail_dear({ name: input.name }, options),
			m.mail_handed_over_added({ inviter: input.inviter }, options),
			m.mail_if_not_you({ origin: input.origin }, options),
			m.mail_sign_off({}, options)
		)
	};
}

/** To an existing account's address: a membership was added. No link: the account's password is the owner's. */
export function addedToCoreGroupMessage(input: { name: string; inviter: string; origin: string }, locale: Locale = baseLocale): AccountMessage {
	const options = { locale };
	return {
		subject: m.mail_added_subject({}, options),
		text: paragraphs(
			m.mail_dear({ name: input.name }, options),
			m.mail_added_body({ inviter: input.inviter, origin: input.origin }, options),
			m.mail_added_no_password({ origin: input.origin }, options),
			m.mail_sign_off({}, options)
		)
	};
}

/** To the address of an account whose password someone asked to reset. */
export function resetMessage(input: { name: string; link: string; validMinutes: number }, locale: Locale = baseLocale): AccountMessage {
	const options = { locale };
	return {
		subject: m.mail_reset_subject({}, options),
		text: paragraphs(
			m.mail_dear({ name: input.name }, options),
			`${m.mail_reset_asked({ minutes: input.validMinutes }, options)}\n${input.link}`,
			m.mail_reset_signs_out({}, options),
			m.mail_reset_not_you({}, options),
			m.mail_sign_off({}, options)
		)
	};
}
