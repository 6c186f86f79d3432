// The e-mails about an account: a link to set a password, a forgotten-password link, and the notices that a
// membership was added. Each goes only to the account's own address. Pure: composing, not sending.
//
// None of them names the child or the case. The address was typed by someone else (it may be mistyped, or
// read by someone the owner shares a mailbox with), and a child-protection case must not be disclosed to
// whoever reads it: the person sees the case once they have signed in.

export interface AccountMessage {
	subject: string;
	text: string;
}

const signOff = 'Core Group';
const ifNotYou = (origin: string) =>
	`If this was not you, or you do not know why you are getting this, you can take the account back: go to ${origin}/forgot-password and ask for a link. Setting a new password signs everyone else out of it.`;

const paragraphs = (...parts: string[]) => parts.join('\n\n') + '\n';

/** To a new account's address: the link to set its first password. */
export function invitationMessage(input: { name: string; inviter: string; link: string; validDays: number; origin: string }): AccountMessage {
	return {
		subject: 'You have been added to a core group: set your password',
		text: paragraphs(
			`Dear ${input.name},`,
			`${input.inviter} has added you to a child protection core group in Core Group, where the core group meets, agrees the plan and signs it.`,
			`To sign in, first set your password with this link. It works once, for ${input.validDays} days:\n${input.link}`,
			`If the link has run out, ask for a new one at ${input.origin}/forgot-password.`,
			signOff
		)
	};
}

/** To a new account's address when its first link was given to the person by hand. */
export function handedOverMessage(input: { name: string; inviter: string; origin: string }): AccountMessage {
	return {
		subject: 'An account has been made for this e-mail address',
		text: paragraphs(
			`Dear ${input.name},`,
			`${input.inviter} has added you to a child protection core group in Core Group, and made an account for this e-mail address. They gave a one-time link to set its password to you in person.`,
			ifNotYou(input.origin),
			signOff
		)
	};
}

/** To an existing account's address: a membership was added. No link: the account's password is the owner's. */
export function addedToCoreGroupMessage(input: { name: string; inviter: string; origin: string }): AccountMessage {
	return {
		subject: 'You have been added to a core group',
		text: paragraphs(
			`Dear ${input.name},`,
			`${input.inviter} has added you to a child protection core group in Core Group. Sign in with your usual password to see it: ${input.origin}/login`,
			`If you have not set a password yet, or have forgotten it, ask for a link at ${input.origin}/forgot-password.`,
			signOff
		)
	};
}

/** To the address of an account whose password someone asked to reset. */
export function resetMessage(input: { name: string; link: string; validMinutes: number }): AccountMessage {
	return {
		subject: 'Set a new password for Core Group',
		text: paragraphs(
			`Dear ${input.name},`,
			`Someone asked for a link to set a new password for your Core Group account. If it was you, use this link. It works once, for ${input.validMinutes} minutes:\n${input.link}`,
			'Setting a new password signs you out everywhere else, and ends any older link.',
			'If it was not you, you need do nothing: your password stays as it is.',
			signOff
		)
	};
}
