// The parts of the plan a disagreement can be about — each section, and each need, outcome and action by
// its number and first words — and how a recorded `about` reads back, live as the plan changes.
import type { PlanJson } from '$lib/plan';
import { m } from '$lib/paraglide/messages.js';
import { itemNouns, minutesSections, planSections } from '../plan/words';

export interface PlanPart {
	/** What `?/disagree` records as `about`: a section key or an item's id. */
	value: string;
	label: string;
}

const excerpt = (text: string) => {
	const t = text.trim().replace(/\s+/g, ' ');
	if (!t) return m.meeting_part_not_written();
	if (t.length <= 60) return t;
	// Cut at a word where there is one near the end, so the words shown read as words.
	const cut = t.slice(0, 59);
	const space = cut.lastIndexOf(' ');
	return `${(space > 40 ? cut.slice(0, space) : cut).trimEnd()}…`;
};

export function planSectionParts(): PlanPart[] {
	return Object.entries(planSections).map(([key, words]) => ({ value: key, label: words.title }));
}

export function planItemParts(plan: PlanJson): PlanPart[] {
	return [
		...plan.needs.map((n, i) => ({ value: n.id, label: `${itemNouns.needs} ${i + 1}: ${excerpt(n.text)}` })),
		...plan.outcomes.map((o, i) => ({ value: o.id, label: `${itemNouns.outcomes} ${i + 1}: ${excerpt(o.text)}` })),
		...plan.actions.map((a, i) => ({ value: a.id, label: `${itemNouns.actions} ${i + 1}: ${excerpt(a.what)}` }))
	];
}

/** "Contingency plan", "Action 2: Health visitor to visit weekly", or a note that the item has gone. */
export function describeAbout(about: string, plan: PlanJson): string {
	// Raised by a signature saying "I have read this plan and I do not agree".
	if (about === 'plan') return m.meeting_whole_plan();
	const section = planSections[about as keyof typeof planSections] ?? minutesSections[about as keyof typeof minutesSections];
	if (section) return section.title;
	const item = planItemParts(plan).find((p) => p.value === about);
	return item?.label ?? m.meeting_part_removed();
}
