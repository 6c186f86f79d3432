// The plan's sections and fields in plain words — the same names on the page, in gap notes and in the copy
// of unsaved changes. Written for parents as much as for professionals.
import type { ActionStatus, MinutesKey, PlanKey } from '$lib/plan';

export interface SectionWords {
	title: string;
	hint: string;
}

export const planSections: Record<PlanKey, SectionWords> = {
	concerns: { title: 'Concerns', hint: 'What exactly we are worried about for the child, and why.' },
	needs: { title: "The child's needs", hint: 'What the child needs so that they are safe and well.' },
	outcomes: { title: 'Outcomes', hint: 'What must change, how we will know it has changed, and by when.' },
	actions: { title: 'Actions', hint: 'Who will do what, why, and by when — and how often they will be in touch.' },
	nonNegotiables: { title: 'What is not negotiable', hint: 'What must happen, whatever else is agreed.' },
	contingency: { title: 'Contingency plan', hint: 'What will happen if the plan is not working, or if things get worse.' },
	review: { title: 'Review points', hint: 'When we will check how things are going, and how we will judge it.' },
	childViews: { title: "The child's wishes and feelings", hint: 'What the child has said or shown about what they want.' },
	familyViews: { title: "The parents' views", hint: 'What the parents or family think about the plan, in their own words.' }
};

export const minutesSections: Record<MinutesKey, SectionWords> = {
	progress: { title: 'Progress against the outcomes', hint: 'For each outcome: what has changed since the last meeting, and what has not.' },
	notes: { title: 'Discussion and decisions', hint: 'What was discussed and what the group decided.' }
};

export const itemNouns = { needs: 'Need', outcomes: 'Outcome', actions: 'Action' } as const;

export const outcomeFields = {
	text: 'What needs to change',
	measure: 'How we will know',
	by: 'Target date'
} as const;

export const actionFields = {
	what: 'What will be done',
	why: 'Why',
	owner: 'Who will do it',
	due: 'Due date',
	outcome: 'Outcome it works towards',
	contact: 'Contact: what kind, and how often',
	status: 'Progress'
} as const;

export const actionStatusWords: Record<ActionStatus, string> = {
	'not-started': 'Not started',
	'in-progress': 'In progress',
	done: 'Done',
	'not-done': 'Not done'
};

/** What a gap note next to the field says (the count at the top uses summariseGaps). */
export const gapNotes = {
	concerns: 'Missing: the concerns are not described yet.',
	contingency: 'Missing: the contingency plan is empty.',
	'outcome-measure': 'Missing: how we will know this has changed.',
	'outcome-by': 'Missing: a target date.',
	'action-what': 'Missing: what will be done.',
	'action-owner': 'Missing: who will do it.',
	'action-due': 'Missing: a due date.'
} as const;
