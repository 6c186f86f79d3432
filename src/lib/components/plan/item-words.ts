// What the page says about an item of a plan list (a need, an outcome, an action): each sentence whole, per
// list, so each language words its own nouns, articles and plurals.
import type { PlanListKey } from '$lib/plan';
import { m } from '$lib/paraglide/messages.js';

type Numbered = (inputs: { number: number }) => string;

export interface ItemWords {
	/** "need 2", as in "Move up: need 2". */
	ref: Numbered;
	added: Numbered;
	removed: Numbered;
	moved: (inputs: { position: number; count: number }) => string;
	/** "No needs written yet." */
	none: () => string;
	/** "Add a need" */
	add: () => string;
}

export const itemWords: Record<PlanListKey, ItemWords> = {
	needs: {
		ref: m.meeting_ref_needs,
		added: m.meeting_added_needs,
		removed: m.meeting_removed_needs,
		moved: m.meeting_moved_needs,
		none: () => m.meeting_none_yet_needs(),
		add: () => m.meeting_add_needs()
	},
	outcomes: {
		ref: m.meeting_ref_outcomes,
		added: m.meeting_added_outcomes,
		removed: m.meeting_removed_outcomes,
		moved: m.meeting_moved_outcomes,
		none: () => m.meeting_none_yet_outcomes(),
		add: () => m.meeting_add_outcomes()
	},
	actions: {
		ref: m.meeting_ref_actions,
		added: m.meeting_added_actions,
		removed: m.meeting_removed_actions,
		moved: m.meeting_moved_actions,
		none: () => m.meeting_none_yet_actions(),
		add: () => m.meeting_add_actions()
	}
};
