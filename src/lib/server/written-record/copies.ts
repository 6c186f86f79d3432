// The copies of the plan written for the family and for the child, shaped from what the written record is
// made from (read.ts's RecordSource), in the reader's language. Short plain sentences, the reader addressed
// directly; every fixed word from the catalogues (messages/<locale>/copies.json); words typed in the meeting
// stay as written. Pure — the page and the PDF both render exactly this, so they say the same thing.
import type { Role } from '../../core-group';
import { formatDay, formatInstant } from '../../format';
import { htmlLang, type Locale } from '../../i18n/locale';
import { m } from '../../paraglide/messages.js';
import { normalisePlan } from '../../plan';
import type { CopyIconName } from '../../components/copies/icons/icons';
import { londonDate } from '../../calendar';
import type { RecordMember } from './people';
import type { RecordSource } from './shape';

/** One idea: a key word or two in bold (`key`), then the words; a quote is the reader's or someone's own words. */
export interface CopyLine {
	key?: string;
	text: string;
	/** Said in bold: what the reader must not miss. */
	strong?: boolean;
	/** Words typed in the meeting, as written. */
	quote?: boolean;
}

export interface CopySection {
	id: string;
	icon: CopyIconName;
	heading: string;
	/** Each block is one item (a goal, a task, a person): its lines read together. */
	blocks: CopyLine[][];
}

export interface CopyDocument {
	kind: 'family' | 'child';
	locale: Locale;
	/** For `<html lang>` and the PDF's language. */
	lang: string;
	/** One idea per line, large type, a picture per section. */
	easyRead: boolean;
	title: string;
	childName: string;
	reference: string;
	/** 'YYYY-MM-DD' of the meeting, for file names. */
	meetingDate: string;
	intro: CopyLine[];
	sections: CopySection[];
	/** The confidentiality line at the foot of every PDF page. */
	footer: string;
}

/** What the copies need besides the record's source: the next meeting and where to complain. */
export interface CopySource extends RecordSource {
	case: RecordSource['case'] & { childDateOfBirth: string | null };
	/** The next meeting's day ('YYYY-MM-DD'): fixed when it is scheduled, otherwise the day it is due by. */
	nextMeeting: { date: string; fixed: boolean } | null;
	/** The authority's complaints contact, from the local policy. */
	complaintsContact: string;
}

export type CopyFormat = 'standard' | 'easy-read';

const FAMILY_ROLES: readonly Role[] = ['family'];

/** Free text, one sentence a line when the reader asked for one idea per line. */
function sentencesOf(text: string, easyRead: boolean): string[] {
	const trimmed = text.trim();
	if (!trimmed) return [];
	if (!easyRead) return trimmed.split(/\n{2,}/).map((p) => p.trim()).filter(Boolean);
	return trimmed
		.split(/\n+|(?<=[.!?])\s+(?=[A-Z0-9"“‘'(ÂÊÎÔÛŴŶ])/u)
		.map((s) => s.trim())
		.filter(Boolean);
}

const quotes = (text: string, easyRead: boolean): CopyLine[] => sentencesOf(text, easyRead).map((s) => ({ text: s, quote: true }));

const excerpt = (text: string) => (text.length > 60 ? `${text.slice(0, 59).trimEnd()}…` : text);

function roleWords(role: Role, locale: Locale): string {
	const words: Record<Role, (i: object, o: { locale: Locale }) => string> = {
		chair: m.copy_role_chair,
		'lead-social-worker': m.copy_role_lead_social_worker,
		'minute-taker': m.copy_role_minute_taker,
		family: m.copy_role_family,
		child: m.copy_role_child,
		professional: m.copy_role_professional,
		observer: m.copy_role_observer
	};
	return words[role]({}, { locale });
}

/** "Parent", "Social worker, Children's Services": who someone is, in the words the core group typed. */
function whoTheyAre(member: RecordMember, locale: Locale): string {
	const first = member.relationship.trim() || roleWords(member.role, locale);
	const agency = member.agency.trim();
	return agency && agency !== first && member.role !== 'family' ? `${first}, ${agency}` : first;
}

/** Who interpreted at the meeting, as the signers' side gave it. */
function interpretersOf(source: CopySource): string[] {
	return [...new Set(source.facts.signatures.map((s) => (s as { interpreter?: string | null }).interpreter?.trim() ?? '').filter(Boolean))];
}

function meetingDayOf(source: CopySource): string {
	return londonDate(source.meeting.openedAt ?? source.meeting.scheduledFor);
}

/** The copy written to the parents and family: why, what must change, who does what, and their rights. */
export function shapeFamilyCopy(source: CopySource, locale: Locale, format: CopyFormat = 'standard'): CopyDocument {
	const easyRead = format === 'easy-read';
	const o = { locale };
	const plan = normalisePlan(source.facts.plan);
	const child = source.case.childName;
	const current = source.members.filter((x) => !x.former);
	const byId = new Map(source.members.map((x) => [x.id, x]));
	const lead = current.find((x) => x.role === 'lead-social-worker') ?? null;
	const lsw = lead ? m.copy_lsw_named({ name: lead.name }, o) : m.copy_lsw_unnamed({}, o);
	const day = meetingDayOf(source);
	const date = (iso: string | null) => (iso ? formatDay(iso, locale) : m.copy_no_date({}, o));
	const isFamily = (memberId: string | null) => !!memberId && FAMILY_ROLES.includes(byId.get(memberId)?.role ?? 'observer');

	const sections: CopySection[] = [];
	const section = (id: string, icon: CopyIconName, heading: string, blocks: CopyLine[][]) => sections.push({ id, icon, heading, blocks: blocks.filter((b) => b.length) });

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
function aboutInFamilyWords(plan: ReturnType<typeof normalisePlan>, locale: Locale): (about: string) => string {
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

/** How old the child was on a day, in whole years; null without a date of birth. */
export function ageOn(dateOfBirth: string | null, day: string): number | null {
	if (!dateOfBirth) return null;
	const [by, bm, bd] = dateOfBirth.split('-').map(Number);
	const [y, mo, d] = day.split('-').map(Number);
	return y - by - (mo < bm || (mo === bm && d < bd) ? 1 : 0);
}

/** Words for a young child (under 8), a child (8 to 12) or a young person (13 and over). */
export type AgeBand = 'young' | 'middle' | 'older';
export const ageBand = (age: number | null): AgeBand => (age === null ? 'middle' : age < 8 ? 'young' : age < 13 ? 'middle' : 'older');

/** The child's copy: their own words first, the grown-ups who help, what they will do, what happens next. */
export function shapeChildCopy(source: CopySource, locale: Locale): CopyDocument {
	const o = { locale };
	const plan = normalisePlan(source.facts.plan);
	const child = source.case.childName;
	const current = source.members.filter((x) => !x.former);
	const byId = new Map(source.members.map((x) => [x.id, x]));
	const lead = current.find((x) => x.role === 'lead-social-worker') ?? null;
	const lsw = lead ? m.child_lsw_named({ name: lead.name }, o) : m.child_lsw_unnamed({}, o);
	const day = meetingDayOf(source);
	const band = ageBand(ageOn(source.case.childDateOfBirth, day));
	// Every copy for a child is read as words and pictures: one idea a line, a picture for each part.
	const easyRead = true;

	const sections: CopySection[] = [];
	const section = (id: string, icon: CopyIconName, heading: string, blocks: CopyLine[][]) => sections.push({ id, icon, heading, blocks: blocks.filter((b) => b.length) });

	const intro = { young: m.child_intro_young({}, o), middle: m.child_intro_middle({ date: formatDay(day, locale) }, o), older: m.child_intro_older({ date: formatDay(day, locale) }, o) }[band];
	// The child's own words open the copy; what the meeting was follows them.
	section('words', 'views', m.child_words_heading({}, o), [
		plan.childViews.trim() ? [...quotes(plan.childViews, easyRead), { text: m.child_words_intro({}, o) }] : [{ text: m.child_words_empty({ lsw }, o) }],
		[...sentencesOf(intro, true).map((text) => ({ text })), ...(band === 'young' ? [] : [{ text: m.child_intro_ask({}, o) }])]
	]);

	const grownUps = current.filter((x) => x.role !== 'child' && x.role !== 'observer' && x.role !== 'minute-taker');
	section('people', 'others', m.child_people_heading({}, o), [
		[{ text: m.child_people_intro({}, o) }],
		...grownUps.map((x) => [{ key: `${x.name}:`, text: whoTheyAre(x, locale) }])
	]);

	section('safe', 'safe', m.child_safe_heading({}, o), [
		[{ text: plan.actions.length ? m.child_safe_intro({}, o) : m.child_safe_empty({ lsw }, o) }],
		...plan.actions
			.filter((a) => a.what.trim())
			.map((a) => {
				const owner = a.owner ? byId.get(a.owner) : undefined;
				return [{ ...(owner ? { key: `${owner.name}:` } : {}), text: a.what.trim(), quote: true }];
			})
	]);

	const next = source.nextMeeting;
	section('next', 'next', m.child_next_heading({}, o), [
		[
			...sentencesOf(m.child_next_visit({ lsw }, o), true).map((text) => ({ text })),
			...(next ? [{ text: (next.fixed ? m.child_next_date : m.child_next_due)({ date: formatDay(next.date, locale) }, o), strong: true }] : []),
			...sentencesOf(m.child_next_ask({}, o), true).map((text) => ({ text })),
			{ text: m.child_worried({}, o), strong: true }
		]
	]);

	return {
		kind: 'child',
		locale,
		lang: htmlLang(locale),
		easyRead,
		title: m.child_title({ child }, o),
		childName: child,
		reference: source.case.reference,
		meetingDate: day,
		intro: [],
		sections,
		footer: m.copy_footer_confidential({ child }, o)
	};
}
