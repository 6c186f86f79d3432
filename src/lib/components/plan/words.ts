// The plan's sections and fields in plain words — the same names on the page, in gap notes and in the copy
// of unsaved changes. Written for parents as much as for professionals. The words come from the message
// catalogues: the `…In(locale)` functions answer in a given language (the written record, made away from a
// request), and the objects answer in the page's language each time they are read.
// Relative imports: the written record's worker reads these too, and it does not know `$lib`.
import type { ActionStatus, MinutesKey, PlanKey } from '../../plan';
import { baseLocale } from '../../paraglide/runtime.js';
import type { Locale } from '../../i18n/locale';
import { m } from '../../paraglide/messages.js';

export interface SectionWords {
	title: string;
	hint: string;
}

const given = (locale?: Locale) => (locale ? { locale } : {});

/**
 * An object whose properties are read afresh, in the page's language, each time (not once at start-up). Plain
 * enumerable getters, not a Proxy: the written record hands these words to its PDF worker, and a structured
 * clone copies getters' values but cannot copy a Proxy.
 */
function inPageLanguage<T extends object>(make: (locale?: Locale) => T): T {
	const words = {} as T;
	for (const key of Object.keys(make(baseLocale)))
		Object.defineProperty(words, key, { enumerable: true, get: () => (make() as Record<string, unknown>)[key] });
	return words;
}

export function planSectionsIn(locale?: Locale): Record<PlanKey, SectionWords> {
	const o = given(locale);
	return {
		concerns: { title: m.meeting_section_concerns({}, o), hint: m.meeting_section_concerns_hint({}, o) },
		needs: { title: m.meeting_section_needs({}, o), hint: m.meeting_section_needs_hint({}, o) },
		outcomes: { title: m.meeting_section_outcomes({}, o), hint: m.meeting_section_outcomes_hint({}, o) },
		actions: { title: m.meeting_section_actions({}, o), hint: m.meeting_section_actions_hint({}, o) },
		nonNegotiables: { title: m.meeting_section_non_negotiables({}, o), hint: m.meeting_section_non_negotiables_hint({}, o) },
		contingency: { title: m.meeting_section_contingency({}, o), hint: m.meeting_section_contingency_hint({}, o) },
		review: { title: m.meeting_section_review({}, o), hint: m.meeting_section_review_hint({}, o) },
		childViews: { title: m.meeting_section_child_views({}, o), hint: m.meeting_section_child_views_hint({}, o) },
		familyViews: { title: m.meeting_section_family_views({}, o), hint: m.meeting_section_family_views_hint({}, o) }
	};
}

export function minutesSectionsIn(locale?: Locale): Record<MinutesKey, SectionWords> {
	const o = given(locale);
	return {
		progress: { title: m.meeting_minutes_progress({}, o), hint: m.meeting_minutes_progress_hint({}, o) },
		notes: { title: m.meeting_minutes_notes({}, o), hint: m.meeting_minutes_notes_hint({}, o) }
	};
}

export const itemNounsIn = (locale?: Locale) =>
	({ needs: m.meeting_noun_need({}, given(locale)), outcomes: m.meeting_noun_outcome({}, given(locale)), actions: m.meeting_noun_action({}, given(locale)) }) as const;

export const outcomeFieldsIn = (locale?: Locale) =>
	({
		text: m.meeting_outcome_text({}, given(locale)),
		measure: m.meeting_outcome_measure({}, given(locale)),
		by: m.meeting_outcome_by({}, given(locale))
	}) as const;

export const actionFieldsIn = (locale?: Locale) =>
	({
		what: m.meeting_action_what({}, given(locale)),
		why: m.meeting_action_why({}, given(locale)),
		owner: m.meeting_action_owner({}, given(locale)),
		due: m.meeting_action_due({}, given(locale)),
		outcome: m.meeting_action_outcome({}, given(locale)),
		contact: m.meeting_action_contact({}, given(locale)),
		status: m.meeting_action_status({}, given(locale))
	}) as const;

export const actionStatusWordsIn = (locale?: Locale): Record<ActionStatus, string> => ({
	'not-started': m.meeting_status_not_started({}, given(locale)),
	'in-progress': m.meeting_status_in_progress({}, given(locale)),
	done: m.meeting_status_done({}, given(locale)),
	'not-done': m.meeting_status_not_done({}, given(locale))
});

/** What a gap note next to the field says (the count at the top uses summariseGaps). */
export const gapNotesIn = (locale?: Locale) =>
	({
		concerns: m.meeting_gap_concerns({}, given(locale)),
		contingency: m.meeting_gap_contingency({}, given(locale)),
		'outcome-measure': m.meeting_gap_outcome_measure({}, given(locale)),
		'outcome-by': m.meeting_gap_outcome_by({}, given(locale)),
		'action-what': m.meeting_gap_action_what({}, given(locale)),
		'action-owner': m.meeting_gap_action_owner({}, given(locale)),
		'action-due': m.meeting_gap_action_due({}, given(locale))
	}) as const;

export const planSections = inPageLanguage(() => planSectionsIn());
export const minutesSections = inPageLanguage(() => minutesSectionsIn());
export const itemNouns = inPageLanguage(() => itemNounsIn());
export const outcomeFields = inPageLanguage(() => outcomeFieldsIn());
export const actionFields = inPageLanguage(() => actionFieldsIn());
export const actionStatusWords = inPageLanguage(() => actionStatusWordsIn());
export const gapNotes = inPageLanguage(() => gapNotesIn());
