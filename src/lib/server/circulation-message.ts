// The e-mail that carries the written record to a member of the core group: plain and kind, saying what it
// is and what they can ask for. The plan itself is only ever in the attachment, never in the e-mail. Pure.
import type { Role } from '../core-group';

export interface CirculationMessageInput {
	recipient: { name: string; role: Role };
	childName: string;
	reference: string;
	/** The meeting's day in words, e.g. "Thu 26 Nov 2026". */
	meetingDay: string;
	preferredLanguage: string;
	leadSocialWorker: string | null;
	/** SHA-256 of the attached PDF, so anyone can check their copy against the record. */
	sha256: string;
	/** The recipient's own one-time link that tells the core group they received it. */
	receiptLink: string;
}

export function circulationMessage(input: CirculationMessageInput): { subject: string; text: string } {
	// The name in apposition: closed by a comma mid-sentence, by the full stop at the end of one.
	const lsw = input.leadSocialWorker ? `the lead social worker, ${input.leadSocialWorker}` : 'the lead social worker';
	const lswMidSentence = input.leadSocialWorker ? `${lsw},` : lsw;
	const languages = input.preferredLanguage.trim().toLowerCase() === 'english' || !input.preferredLanguage.trim() ? 'another language' : `${input.preferredLanguage.trim()} or another language`;
	const family = input.recipient.role === 'family';
	const paragraphs = [
		`Dear ${input.recipient.name},`,
		`Attached are the written agreement and minutes of the core group meeting for ${input.childName}, held on ${input.meetingDay}. The Child Protection Plan agreed at the meeting is in the attached PDF. The plan starts straight away.`,
		`Please read it and keep it somewhere safe: it has personal information about a child and their family. If you think something in it is wrong or missing, please tell ${lsw}.`,
		`Family members can ask ${lswMidSentence} for an easy-read copy, or for a copy in ${languages}.`,
		family
			? 'If you do not agree with part of the plan, you can say so to the lead social worker. You also have the right to complain and to make representations, and the lead social worker will explain how to do that.'
			: null,
		`Please open this link once, to let the core group know you have received it (it is yours alone; please do not pass it on):\n${input.receiptLink}`,
		`Case reference: ${input.reference}\nFingerprint of the attached PDF (SHA-256): ${input.sha256}`,
		'With thanks,\nCore Group, on behalf of the core group'
	];
	return {
		subject: `Core group meeting of ${input.meetingDay}: written agreement and minutes (${input.reference})`,
		text: paragraphs.filter((p): p is string => p !== null).join('\n\n') + '\n'
	};
}
