// The fixed sentences of the written record, shared by the PDF and the printable page so they say the same.
export const recordWords = {
	title: 'Child Protection Plan: written agreement and minutes of the core group meeting',
	intro: 'This is the written agreement between the members of the core group and the minutes of the meeting. It is circulated to every member of the core group. The plan starts straight away.',
	nothingRecorded: 'Nothing was recorded.',
	noViews: 'No written views were received.',
	noDisagreements: 'No disagreements were recorded.',
	reflectionMissing: 'Not recorded yet.',
	signaturesIntro: 'Each signature is bound to the plan as it stood when it was given, by that version’s fingerprint (SHA-256).',
	noSignatures: 'Nobody has signed the plan yet.',
	notSigned: 'Not yet signed or confirmed (this version)',
	staleSignature: 'Signed an earlier version of the plan. This signature does not count as agreement to the final plan.',
	agrees: 'Agrees with this plan.',
	doesNotAgree: (reason: string) => `Has read the plan and does not agree, because ${reason}`,
	noReasonGiven: 'no reason was given.',
	explainedBy: 'The plan was explained by',
	interpreter: 'Interpreted by:',
	certificateTitle: 'Certificate of completion',
	certificateIntro: 'Every signature and e-mail confirmation of this record as the server recorded it, with the server’s time. This PDF is sealed with a digital signature over the whole file: a PDF reader shows whether it has been changed since it was made.',
	noConfirmations: 'No e-mail confirmations were recorded.',
	staleConfirmation: 'Confirmed an earlier version of the plan: not counted as agreement to this version.'
} as const;

/** "Received in writing on …": written views are marked as such wherever they appear. */
export const writtenViewsNote = (description: string, received: string) =>
	`${description ? `${description}. ` : ''}Received in writing on ${received}; not present at the meeting.`;
