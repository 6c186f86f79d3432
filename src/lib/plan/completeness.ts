// What the plan still lacks before it can be agreed: per-item gaps for the page to point at, and short
// plain-language summary lines ("3 actions lack an owner") for the close/sign dialogue, from the message
// catalogues (relative import: the server's collaboration code reads this module too).
import type { Locale } from '../i18n/locale';
import { m } from '../paraglide/messages.js';
import type { PlanJson } from './types';

export type GapKind =
	| 'action-owner'
	| 'action-due'
	| 'action-what'
	| 'outcome-measure'
	| 'outcome-by'
	| 'concerns'
	| 'contingency';

export interface Gap {
	kind: GapKind;
	/** The action or outcome concerned; null for a whole section. */
	itemId: string | null;
	/** The field (or section key) that is missing. */
	field: string;
	message: string;
}

// Whitespace alone is not content.
const blank = (s: string | null | undefined) => !s || s.trim() === '';

/** The gaps of a plan, in plan order: concerns, outcomes, actions, contingency. */
export function planGaps(plan: PlanJson): Gap[] {
	const gaps: Gap[] = [];
	if (blank(plan.concerns))
		gaps.push({ kind: 'concerns', itemId: null, field: 'concerns', message: 'The concerns are not described' });
	plan.outcomes.forEach((o, i) => {
		const n = `Outcome ${i + 1}`;
		if (blank(o.measure))
			gaps.push({ kind: 'outcome-measure', itemId: o.id, field: 'measure', message: `${n} has no measure` });
		if (o.by === null || o.by === undefined)
			gaps.push({ kind: 'outcome-by', itemId: o.id, field: 'by', message: `${n} has no target date` });
	});
	plan.actions.forEach((a, i) => {
		const n = `Action ${i + 1}`;
		if (blank(a.what))
			gaps.push({ kind: 'action-what', itemId: a.id, field: 'what', message: `${n} does not say what is to be done` });
		if (blank(a.owner))
			gaps.push({ kind: 'action-owner', itemId: a.id, field: 'owner', message: `${n} has no owner` });
		if (a.due === null || a.due === undefined)
			gaps.push({ kind: 'action-due', itemId: a.id, field: 'due', message: `${n} has no due date` });
	});
	if (blank(plan.contingency))
		gaps.push({ kind: 'contingency', itemId: null, field: 'contingency', message: 'The contingency plan is empty' });
	return gaps;
}

type CountedKind = Exclude<GapKind, 'concerns' | 'contingency'>;
type Say = (inputs: { count: number }, options: { locale?: Locale }) => string;
// One sentence for one and one for many, whole, so each language words its own plural.
const counted: Record<CountedKind, [Say, Say]> = {
	'outcome-measure': [m.meeting_gaps_outcome_measure_one, m.meeting_gaps_outcome_measure_other],
	'outcome-by': [m.meeting_gaps_outcome_by_one, m.meeting_gaps_outcome_by_other],
	'action-what': [m.meeting_gaps_action_what_one, m.meeting_gaps_action_what_other],
	'action-owner': [m.meeting_gaps_action_owner_one, m.meeting_gaps_action_owner_other],
	'action-due': [m.meeting_gaps_action_due_one, m.meeting_gaps_action_due_other]
};
const ORDER: GapKind[] = ['concerns', 'outcome-measure', 'outcome-by', 'action-what', 'action-owner', 'action-due', 'contingency'];

/** One line per kind of gap, in a fixed order, in the page's language or `locale`; [] when the plan is complete. */
export function summariseGaps(gaps: readonly Gap[], locale?: Locale): string[] {
	const options = locale ? { locale } : {};
	const lines: string[] = [];
	for (const kind of ORDER) {
		const n = gaps.filter((g) => g.kind === kind).length;
		if (n === 0) continue;
		if (kind === 'concerns') lines.push(m.meeting_gaps_concerns({}, options));
		else if (kind === 'contingency') lines.push(m.meeting_gaps_contingency({}, options));
		else lines.push(counted[kind][n === 1 ? 0 : 1]({ count: n }, options));
	}
	return lines;
}
