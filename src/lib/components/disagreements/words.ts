// What a family member is told when the plan does not accept their view: the reason is shown beside this,
// they have the right to complain, who will explain how, and that they can ask for help (the guidance).

export function complaintWords(options: { yours: boolean; name: string; leadSocialWorker: string | null }): string[] {
	const lsw = options.leadSocialWorker ? `${options.leadSocialWorker}, the lead social worker,` : 'The lead social worker';
	if (options.yours) {
		return [
			'The plan does not do what you asked. The reason is written above.',
			'You have the right to complain about this decision, and to have your view written down.',
			`${lsw} will explain how to complain.`,
			'You can ask for help to do it — from an advocate, a friend or someone in your family. Ask the lead social worker or the chair if you would like help.'
		];
	}
	return [
		`${options.name} has the right to complain about this decision.`,
		`${lsw} will explain how to complain, and can arrange help to do so.`
	];
}
