// The copy of the plan written to the parents and family: in short plain sentences, second person — why there
// is a plan, what must change and by when, who does what (their own tasks first), what must happen, what
// happens if things do not change, their views and disagreements, their right to complain, the next meeting.
// Every fixed word from messages/<locale>/copies.json; words typed in the meeting stay as written. Pure.
import { formatDay, formatInstant } from '../../format';
import { htmlLang, type Locale } from '../../i18n/locale';
import { m } from '../../paraglide/messages.js';
import type { PlanJson } from '../../plan';
import {
	excerpt,
	FAMILY_ROLES,
	interpretersOf,
	quotes,
	sentencesOf,
	startCopy,
	whoTheyAre,
	type CopyDocument,
	type CopyFormat,
	type CopySource
} from './copies';

/** The copy written to the parents and family: why, what must change, who does what, and their rights. */
export function shapeFamilyCopy(source: CopySource, locale: Locale, format: CopyFormat = 'standard'): CopyDocument {
	const easyRead = format === 'easy-read';
	const o = { locale };
	const { plan, child, current, byId, lead, day, sections, section } = startCopy(source);
	const lsw = lead ? m.copy_lsw_named({ name: lead.name }, o) : m.copy_lsw_unnamed({}, o);
	const date = (iso: string | null) => (iso ? formatDay(iso, locale) : m.copy_no_date({}, o));
	const isFamily = (memberId: string | null) => !!memberId && FAMILY_ROLES.includes(byId.get(memberId)?.role ?? 'observer');


	// About the meeting: when, where, and whether an interpreter helped.
	const interpreters = interpretersOf(source);
	section('meeting', 'meeting', m.family_meeting_heading({}, o), [
		[
			{ key: m.copy_label_when({}, o), text: formatDay(day, locale) },
			...(source.meeting.place.trim() ? [{ key: m.copy_label_where({}, o), text: source.meeting.place.trim() }] : [])
		],
		interpreters.length
			? interpreters.map((interpreter) => ({ text: m.family_interpreter_used({ interpreter }, o) }))
			: [{ text: m.family_interpreter_none({}, o) }, { text: m.family_interpreter_ask({}, o) }]
	]);

	section('why', 'why', m.family_why_heading({}, o), [
		plan.concerns.trim() ? [{ text: m.family_why_intro({ child }, o) }, ...quotes(plan.concerns, easyRead)] : [{ text: m.family_why_empty({ lsw }, o) }]
	]);

	section('change', 'change', m.family_change_heading({}, o), [
		[{ text: m.family_change_intro({ child }, o) }],
		...(plan.outcomes.length
			? plan.outcomes.map((outcome, i) => [
					{ key: m.copy_goal({ number: i + 1 }, o), text: outcome.text.trim() || m.copy_not_written({}, o), quote: true },
					...(outcome.measure.trim() ? [{ key: m.copy_label_how_we_know({}, o), text: outcome.measure.trim(), quote: true }] : []),
					{ key: m.copy_label_by({}, o), text: date(outcome.by), strong: true }
				])
			: [[{ text: m.family_change_empty({ lsw }, o) }]])
	]);

	const ownActions = plan.actions.filter((a) => isFamily(a.owner));
	const otherActions = plan.actions.filter((a) => !isFamily(a.owner));
	section('you', 'you', m.family_you_heading({}, o), [
		[{ text: ownActions.length ? m.family_you_intro({}, o) : m.family_you_empty({}, o) }],
		...ownActions.map((a) => [
			{ key: m.family_you_person({ name: byId.get(a.owner!)!.name }, o), text: a.what.trim() || m.copy_not_written({}, o), quote: true, strong: true },
			{ key: m.copy_label_by({}, o), text: date(a.due), strong: true },
			...(a.why.trim() ? [{ key: m.copy_label_why({}, o), text: a.why.trim(), quote: true }] : []),
			...(a.contact.trim() ? [{ key: m.copy_label_keeping_in_touch({}, o), text: a.contact.trim(), quote: true }] : [])
		])
	]);

	section('others', 'others', m.family_others_heading({}, o), [
		[{ text: otherActions.length ? m.family_others_intro({}, o) : m.family_others_empty({}, o) }],
		...otherActions.map((a) => {
			const owner = a.owner ? byId.get(a.owner) : undefined;
			return [
				...(owner ? [{ key: m.copy_label_who({}, o), text: `${owner.name} (${whoTheyAre(owner, locale)})`, strong: true }] : []),
				{ text: a.what.trim() || m.copy_not_written({}, o), quote: true },
				{ key: m.copy_label_by({}, o), text: date(a.due) },
				...(a.contact.trim() ? [{ key: m.copy_label_keeping_in_touch({}, o), text: a.contact.trim(), quote: true }] : []),
				...(owner?.phone?.trim() ? [{ key: m.copy_label_phone({}, o), text: owner.phone.trim() }] : [])
			];
		})
	]);

	section('contact', 'contact', m.family_contact_heading({}, o), [
		lead
			? [
					{ text: m.family_contact_lsw({ name: lead.name }, o), strong: true },
					...(lead.phone?.trim() ? [{ key: m.copy_label_phone({}, o), text: lead.phone.trim() }] : []),
					{ text: m.family_contact_ask({}, o) }
				]
			: [{ text: m.family_contact_no_lsw({}, o) }]
	]);

	if (plan.nonNegotiables.trim()) {
		section('rules', 'rules', m.family_rules_heading({}, o), [[{ text: m.family_rules_intro({}, o), strong: true }, ...quotes(plan.nonNegotiables, easyRead)]]);
	}
	if (plan.contingency.trim()) {
		section('contingency', 'contingency', m.family_contingency_heading({}, o), [[{ text: m.family_contingency_intro({}, o) }, ...quotes(plan.contingency, easyRead)]]);
	}

	const familyViews = source.facts.views.filter((v) => isFamily(v.member));
	section('views', 'views', m.family_views_heading({}, o), [
		plan.familyViews.trim() || familyViews.length ? [{ text: m.family_views_intro({}, o) }, ...quotes(plan.familyViews, easyRead)] : [{ text: m.family_views_empty({ lsw }, o) }],
		...familyViews.map((v) => [{ text: m.family_views_written({ name: byId.get(v.member)?.name ?? '', date: formatInstant(v.at, locale) }, o) }, ...quotes(v.text, easyRead)])
	]);

	const aboutWords = aboutInFamilyWords(plan, locale);
	const theirs = source.facts.disagreements.filter((d) => isFamily(d.member));
	section('disagree', 'disagree', m.family_disagree_heading({}, o), [
		[{ text: theirs.length ? m.family_disagree_intro({}, o) : m.family_disagree_empty({}, o) }],
		...theirs.map((d) => [
			...(current.filter((x) => isFamily(x.id)).length > 1 ? [{ key: m.copy_label_who({}, o), text: byId.get(d.member)?.name ?? '' }] : []),
			{ key: m.copy_label_about({}, o), text: aboutWords(d.about) },
			{ key: m.copy_label_you_said({}, o), text: d.position, quote: true },
			{ key: m.copy_label_because({}, o), text: d.reason, quote: true },
			d.reflected?.trim() ? { key: m.copy_label_decided({}, o), text: d.reflected.trim(), quote: true } : { text: m.family_disagree_undecided({ lsw }, o) },
			...(d.accepted === false ? [{ text: m.family_disagree_not_accepted({}, o), strong: true }] : [])
		])
	]);

	section('complain', 'complain', m.family_complain_heading({}, o), [
		[
			{ text: m.family_complain_right({}, o), strong: true },
			...sentencesOf(m.family_complain_representations({}, o), true).map((text) => ({ text })),
			{ text: m.family_complain_explain({ lsw }, o) }
		],
		source.complaintsContact.trim() ? [{ key: m.family_complain_contact({}, o), text: source.complaintsContact.trim() }] : []
	]);

	const next = source.nextMeeting;
	section('next', 'next', m.family_next_heading({}, o), [
		[
			next
				? { text: (next.fixed ? m.family_next_date : m.family_next_due)({ date: formatDay(next.date, locale) }, o), strong: true }
				: { text: m.family_next_unknown({}, o), strong: true },
			...(next?.fixed ? [] : [{ text: m.family_next_tell({ lsw }, o) }]),
			{ text: m.family_next_come({}, o) }
		]
	]);

	return {
		kind: 'family',
		locale,
		lang: htmlLang(locale),
		easyRead,
		title: m.family_title({ child }, o),
		childName: child,
		reference: source.case.reference,
		meetingDate: day,
		intro: [
			{ text: m.family_intro_copy({ date: formatDay(day, locale) }, o) },
			{ text: m.family_intro_for_you({ child }, o) },
			{ text: m.family_intro_starts({}, o), strong: true },
			...sentencesOf(m.family_intro_full_record({ lsw }, o), true).map((text) => ({ text }))
		],
		sections,
		footer: m.copy_footer_confidential({ child }, o)
	};
}

/** What a disagreement was about, in the family copy's own words: its section's heading, or the item itself. */
function aboutInFamilyWords(plan: PlanJson, locale: Locale): (about: string) => string {
	const o = { locale };
	const items = new Map<string, string>([
		...plan.needs.map((n) => [n.id, excerpt(n.text)] as const),
		...plan.outcomes.map((x, i) => [x.id, `${m.copy_goal({ number: i + 1 }, o)} ${excerpt(x.text)}`] as const),
		...plan.actions.map((a) => [a.id, excerpt(a.what)] as const)
	]);
	const sections: Record<string, string> = {
		concerns: m.family_why_heading({}, o),
		outcomes: m.family_change_heading({}, o),
		actions: m.family_others_heading({}, o),
		nonNegotiables: m.family_rules_heading({}, o),
		contingency: m.family_contingency_heading({}, o),
		familyViews: m.family_views_heading({}, o)
	};
	return (about) => items.get(about) ?? sections[about] ?? about;
}
