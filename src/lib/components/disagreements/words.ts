// What a family member is told when the plan does not accept their view: the reason is shown beside this,
// they have the right to complain, who will explain how, and that they can ask for help (the guidance).
// Each line is a whole sentence from the message catalogues.
import { m } from '$lib/paraglide/messages.js';

export function complaintWords(options: { yours: boolean; name: string; leadSocialWorker: string | null }): string[] {
	const lsw = options.leadSocialWorker;
	if (options.yours) {
		return [
			m.meeting_complain_not_what_you_asked(),
			m.meeting_complain_your_right(),
			lsw ? m.meeting_complain_explain_named({ name: lsw }) : m.meeting_complain_explain(),
			m.meeting_complain_help()
		];
	}
	return [m.meeting_complain_their_right({ name: options.name }), lsw ? m.meeting_complain_arrange_named({ name: lsw }) : m.meeting_complain_arrange()];
}
