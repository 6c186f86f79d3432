// A plan's items and values in words, for reading a whole version and what changed between two: "Action 2:
// Walk Jamie to school", a member's name for an owner, a date as people read it.
import type { ActionStatus, FieldKind, PlanJson, PlanListKey } from '$lib/plan';
import { formatDay } from '$lib/format';
import type { MemberSummary } from '../plan/room-context';
import { actionFields, actionStatusWords, itemNouns, outcomeFields } from '../plan/words';
import { m } from '$lib/paraglide/messages.js';

export const fieldWords: Record<PlanListKey, Record<string, string>> = {
	needs: {
		get text() {
			return m.pages_field_need_text();
		}
	},
	outcomes: outcomeFields,
	actions: actionFields
};

/** The words of an item's first text: a need's text, an outcome's, an action's "what". */
export function itemTitle(list: PlanListKey, item: Record<string, unknown>): string {
	const text = String((list === 'actions' ? item.what : item.text) ?? '').trim();
	return text || m.pages_item_not_written();
}

/** "Action 2" — its place in the version it belongs to. */
export function itemName(list: PlanListKey, plan: PlanJson, id: string): string {
	const index = (plan[list] as { id: string }[]).findIndex((i) => i.id === id);
	return index < 0 ? itemNouns[list] : `${itemNouns[list]} ${index + 1}`;
}

/** A plain field's value in words. */
export function valueWords(kind: Exclude<FieldKind, 'text'>, value: unknown, members: readonly MemberSummary[], plan: PlanJson): string {
	if (value === null || value === undefined || value === '') return m.pages_value_not_set();
	switch (kind) {
		case 'date':
			return formatDay(String(value));
		case 'member':
			return members.find((member) => member.id === value)?.name ?? m.pages_changes_former_member();
		case 'outcome': {
			const found = plan.outcomes.find((o) => o.id === value);
			return found ? `${itemName('outcomes', plan, found.id)}: ${itemTitle('outcomes', found as unknown as Record<string, unknown>)}` : m.pages_value_outcome_removed();
		}
		case 'action-status':
			return actionStatusWords[value as ActionStatus] ?? String(value);
		default:
			return String(value);
	}
}
