// The written agreement and minutes of a core group meeting, shaped from the meeting's record: every name
// resolved, every date in UK words, every plan item numbered, every fixed word in the record's language (the
// record kept as evidence is English). Pure — the PDF and the printable page both render exactly this, so they
// say the same thing.
import { londonDate, type Nation } from '../../calendar';
import { recordWordsIn } from '../../components/record/words';
import { formatDay, formatInstant } from '../../format';
import type { Locale } from '../../i18n/locale';
import { m } from '../../paraglide/messages.js';
import { normalisePlan, type ActionStatus, type AttendanceStatus, type DisagreementJson, type MinutesKey, type PlanKey, type SignatureJson, type ViewJson } from '../../plan';
import { personDirectory, personLine, type RecordMember, type RecordPerson } from './people';

/** The facts of a meeting the written record shows, as read.ts reads them. */
export interface MeetingFactsForRecord {
	attendance: Record<string, AttendanceStatus>;
	plan: unknown;
	planHash: string;
	minutes: { progress: string; notes: string };
	disagreements: DisagreementJson[];
	views: ViewJson[];
	signatures: (SignatureJson & { typedName: string | null; image: string | null; stale: boolean } & Partial<SignatureMeaning>)[];
	confirmations: { member: string; planHash: string; emailSentAt: string; emailText: string; at: string; stale: boolean }[];
	/** Progress recorded on each action (by id) between the previous meeting and this one's close. */
	progress?: Record<string, { at: string; by: string; status: ActionStatus; note: string }[]>;
}

/** What a signer meant by signing (DESIGN §5 "Signing what you read"); a signature without it agreed. */
export interface SignatureMeaning {
	agrees: boolean;
	/** Why they do not agree; null when they agree. */
	reason: string | null;
	/** The member who explained the plan to them. */
	explainedBy: string | null;
	/** Who interpreted, in which language, as given at signing. */
	interpreter: string | null;
}

export interface RecordSource {
	case: { childName: string; reference: string; nation: Nation; preferredLanguage: string };
	meeting: {
		scheduledFor: Date;
		place: string;
		openedAt: Date | null;
		closedAt: Date | null;
		circulateBy: string | null;
		finalPlanHash: string | null;
	};
	/** Everyone who is or was in the case's core group. */
	members: RecordMember[];
	facts: MeetingFactsForRecord;
}

export interface RecordField {
	label: string;
	value: string;
}

export interface RecordDisagreement {
	by: RecordPerson;
	about: string;
	position: string;
	reason: string;
	/** How the plan reflects it; null while nobody has recorded that yet. */
	reflected: string | null;
	recorded: string;
	/** A family member's disagreement that the plan did not accept: they must be told of their right to complain. */
	notAccepted: boolean;
	complaintNotice: string | null;
}

export interface RecordSignature {
	/** The signature's id: its picture travels to the PDF apart from the record, under this id. */
	id: string;
	by: RecordPerson;
	method: string;
	signed: string;
	typedName: string | null;
	witness: RecordPerson | null;
	planHash: string;
	/** The server's instant of signing (ISO), for the certificate of completion. */
	at: string;
	/** Signed an earlier version of the plan: shown as such, not counted as agreement. */
	stale: boolean;
	agrees: boolean;
	/** "Agrees with this plan." or "Has read the plan and does not agree, because …", beside the signature. */
	meaning: string;
	explainedBy: RecordPerson | null;
	interpreter: string | null;
	image: { format: 'png' | 'svg'; dataUrl: string } | null;
}

export interface WrittenRecord {
	/** The language of its fixed words. */
	locale: Locale;
	title: string;
	childName: string;
	reference: string;
	preferredLanguage: string;
	/** The day the meeting was held (or scheduled): 'YYYY-MM-DD' for file names, and in words. */
	meetingDate: string;
	meetingDay: string;
	details: RecordField[];
	leadSocialWorker: RecordPerson | null;
	attendance: { label: string; people: RecordPerson[] }[];
	writtenViews: { by: RecordPerson; received: string; text: string }[];
	plan: {
		titles: Record<PlanKey, { title: string }>;
		concerns: string;
		needs: { number: number; text: string }[];
		outcomes: { number: number; fields: RecordField[] }[];
		actions: { number: number; fields: RecordField[] }[];
		nonNegotiables: string;
		contingency: string;
		review: string;
		childViews: string;
		familyViews: string;
	};
	minutes: { title: string; text: string }[];
	disagreements: RecordDisagreement[];
	/** Said once under the disagreements whenever a family member disagreed. */
	familyComplaintNotice: string | null;
	signatures: RecordSignature[];
	/** Members (other than observers) with neither a signature nor an e-mail confirmation of this version. */
	notSigned: RecordPerson[];
	confirmations: { by: RecordPerson; emailSent: string; recorded: string; at: string; text: string; planHash: string; stale: boolean }[];
	finalPlanHash: string | null;
	planHash: string;
}

/** What an empty section or field says, in the PDF and on the page alike (in English; recordWordsIn for others). */
export const NOTHING_RECORDED = recordWordsIn('en').nothingRecorded;

const excerpt = (text: string) => (text.length > 60 ? `${text.slice(0, 59).trimEnd()}…` : text);

/** The plan's and the minutes' section titles in the record's language. */
function sectionTitles(locale: Locale): Record<PlanKey | MinutesKey, string> {
	const o = { locale };
	return {
		concerns: m.record_section_concerns({}, o),
		needs: m.record_section_needs({}, o),
		outcomes: m.record_section_outcomes({}, o),
		actions: m.record_section_actions({}, o),
		nonNegotiables: m.record_section_non_negotiables({}, o),
		contingency: m.record_section_contingency({}, o),
		review: m.record_section_review({}, o),
		childViews: m.record_section_child_views({}, o),
		familyViews: m.record_section_family_views({}, o),
		progress: m.record_section_progress({}, o),
		notes: m.record_section_notes({}, o)
	};
}

const nationWords = {
	'england-wales': m.record_nation_england_wales,
	scotland: m.record_nation_scotland,
	'northern-ireland': m.record_nation_northern_ireland,
	'isle-of-man': m.record_nation_isle_of_man
} as const;

const statusWords = {
	'not-started': m.record_status_not_started,
	'in-progress': m.record_status_in_progress,
	done: m.record_status_done,
	'not-done': m.record_status_not_done
} as const;

export function shapeWrittenRecord(source: RecordSource, locale: Locale = 'en'): WrittenRecord {
	const o = { locale };
	const words = recordWordsIn(locale);
	const orNothing = (text: string) => text.trim() || words.nothingRecorded;
	const day = (iso: string) => formatDay(iso, locale);
	const instant = (iso: string) => formatInstant(iso, locale);
	const status = (s: ActionStatus) => statusWords[s]({}, o);
	const { meeting, facts } = source;
	const person = personDirectory(source.members, locale);
	const current = source.members.filter((x) => !x.former);
	const withRole = (role: RecordMember['role']) => current.filter((x) => x.role === role).map((x) => person(x.id));
	const notRecorded = m.record_not_recorded({}, o);
	const names = (people: RecordPerson[]) => (people.length ? people.map((p) => p.name).join(', ') : notRecorded);
	const titles = sectionTitles(locale);
	const [leadSocialWorker = null] = withRole('lead-social-worker');
	const plan = normalisePlan(facts.plan);

	const held = meeting.openedAt ?? meeting.scheduledFor;
	const details: RecordField[] = [
		{ label: m.record_field_child({}, o), value: source.case.childName },
		{ label: m.record_field_case_reference({}, o), value: source.case.reference },
		{ label: m.record_field_meeting({}, o), value: m.record_meeting_value({ when: instant(held.toISOString()) }, o) },
		{ label: m.record_field_place({}, o), value: meeting.place.trim() || notRecorded },
		{ label: m.record_field_chair({}, o), value: names(withRole('chair')) },
		{ label: m.record_field_minutes_by({}, o), value: names(withRole('minute-taker')) },
		{ label: m.record_field_lsw({}, o), value: leadSocialWorker?.name ?? notRecorded },
		{ label: m.record_field_opened({}, o), value: meeting.openedAt ? instant(meeting.openedAt.toISOString()) : notRecorded },
		{ label: m.record_field_closed({}, o), value: meeting.closedAt ? instant(meeting.closedAt.toISOString()) : m.record_not_closed_yet({}, o) },
		{
			label: m.record_field_circulate_by({}, o),
			value: meeting.circulateBy ? m.record_circulate_by_value({ day: day(meeting.circulateBy), nation: nationWords[source.case.nation]({}, o) }, o) : m.record_circulate_unset({}, o)
		},
		{ label: m.record_field_child_language({}, o), value: source.case.preferredLanguage }
	];

	const byStatus = (status: AttendanceStatus | undefined) =>
		current.filter((x) => facts.attendance[x.id] === status).map((x) => person(x.id));
	const attendance = [
		{ label: m.record_present({}, o), people: byStatus('present') },
		{ label: m.record_apologies({}, o), people: byStatus('apologies') },
		{ label: m.record_absent({}, o), people: byStatus('absent') },
		{ label: m.record_attendance_unknown({}, o), people: byStatus(undefined) }
	].filter((group) => group.people.length > 0);

	const outcomeNumber = new Map(plan.outcomes.map((o, i) => [o.id, i + 1]));
	const itemLabel = new Map<string, string>([
		...plan.needs.map((n, i) => [n.id, m.record_item_need({ number: i + 1, text: excerpt(n.text) }, o)] as const),
		...plan.outcomes.map((x, i) => [x.id, m.record_item_outcome({ number: i + 1, text: excerpt(x.text) }, o)] as const),
		...plan.actions.map((a, i) => [a.id, m.record_item_action({ number: i + 1, text: excerpt(a.what) }, o)] as const)
	]);
	const sectionLabel: Record<string, string> = titles;
	const about = (a: string) => itemLabel.get(a) ?? sectionLabel[a] ?? a;
	const lsw = leadSocialWorker ? m.record_lsw_named({ name: leadSocialWorker.name }, o) : m.record_lsw_unnamed({}, o);

	const disagreements = facts.disagreements.map((d): RecordDisagreement => {
		const by = person(d.member);
		const family = by.role === 'family' || by.role === 'child';
		const reflected = d.reflected?.trim() || null;
		const notAccepted = family && d.accepted === false;
		return {
			by,
			about: about(d.about),
			position: d.position,
			reason: d.reason,
			reflected,
			recorded: instant(d.at),
			notAccepted,
			complaintNotice: notAccepted ? m.record_complaint_notice({ name: by.name, lsw }, o) : null
		};
	});
	const familyDisagreed = disagreements.some((d) => d.by.role === 'family' || d.by.role === 'child');

	const currentlySigned = new Set([
		...facts.signatures.filter((s) => !s.stale).map((s) => s.member),
		...facts.confirmations.filter((c) => !c.stale).map((c) => c.member)
	]);

	return {
		locale,
		title: words.title,
		childName: source.case.childName,
		reference: source.case.reference,
		preferredLanguage: source.case.preferredLanguage,
		meetingDate: londonDate(held),
		meetingDay: day(londonDate(held)),
		details,
		leadSocialWorker,
		attendance,
		writtenViews: facts.views.map((v) => ({ by: person(v.member), received: instant(v.at), text: v.text })),
		plan: {
			titles: Object.fromEntries(Object.entries(titles).map(([k, title]) => [k, { title }])) as Record<PlanKey, { title: string }>,
			concerns: orNothing(plan.concerns),
			needs: plan.needs.map((n, i) => ({ number: i + 1, text: orNothing(n.text) })),
			outcomes: plan.outcomes.map((outcome, i) => ({
				number: i + 1,
				fields: [
					{ label: m.record_outcome_what({}, o), value: orNothing(outcome.text) },
					{ label: m.record_outcome_measure({}, o), value: orNothing(outcome.measure) },
					{ label: m.record_outcome_by({}, o), value: outcome.by ? day(outcome.by) : m.record_no_target_date({}, o) }
				]
			})),
			actions: plan.actions.map((a, i) => ({
				number: i + 1,
				fields: [
					{ label: m.record_action_what({}, o), value: orNothing(a.what) },
					{ label: m.record_action_why({}, o), value: orNothing(a.why) },
					{ label: m.record_action_owner({}, o), value: a.owner ? personLine(person(a.owner)) : m.record_no_owner({}, o) },
					{ label: m.record_action_due({}, o), value: a.due ? day(a.due) : m.record_no_due({}, o) },
					{ label: m.record_action_contact({}, o), value: orNothing(a.contact) },
					{
						label: m.record_action_outcome({}, o),
						value: a.outcome && outcomeNumber.has(a.outcome) ? m.record_outcome_number({ number: outcomeNumber.get(a.outcome)! }, o) : m.record_not_linked({}, o)
					},
					{ label: m.record_action_progress({}, o), value: status(a.status) },
					// The review of progress starts from what the core group recorded between meetings.
					...(facts.progress
						? [
								{
									label: m.record_progress_since({}, o),
									value:
										(facts.progress[a.id] ?? []).map((p) => `${instant(p.at)} — ${p.by}: ${status(p.status)}${p.note ? `. ${p.note}` : ''}`).join('\n') ||
										m.record_none_recorded({}, o)
								}
							]
						: [])
				]
			})),
			nonNegotiables: orNothing(plan.nonNegotiables),
			contingency: orNothing(plan.contingency),
			review: orNothing(plan.review),
			childViews: orNothing(plan.childViews),
			familyViews: orNothing(plan.familyViews)
		},
		minutes: [
			{ title: titles.progress, text: orNothing(facts.minutes.progress) },
			{ title: titles.notes, text: orNothing(facts.minutes.notes) }
		],
		disagreements,
		familyComplaintNotice: familyDisagreed ? m.record_family_complaint_notice({ lsw }, o) : null,
		signatures: facts.signatures.map((s) => ({
			id: s.id,
			by: person(s.member),
			method: { drawn: m.record_method_drawn, typed: m.record_method_typed, witnessed: m.record_method_witnessed }[s.method]({}, o),
			signed: instant(s.at),
			typedName: s.typedName,
			witness: s.witness ? person(s.witness) : null,
			planHash: s.planHash,
			at: s.at,
			stale: s.stale,
			agrees: s.agrees ?? true,
			meaning: signatureMeaning(s.agrees ?? true, s.reason ?? null, words),
			explainedBy: s.explainedBy ? person(s.explainedBy) : null,
			interpreter: s.interpreter?.trim() || null,
			image: signatureImage(s.image)
		})),
		notSigned: current.filter((x) => x.role !== 'observer' && !currentlySigned.has(x.id)).map((x) => person(x.id)),
		confirmations: facts.confirmations.map((c) => ({
			by: person(c.member),
			emailSent: instant(c.emailSentAt),
			recorded: instant(c.at),
			at: c.at,
			text: c.emailText,
			planHash: c.planHash,
			stale: c.stale
		})),
		finalPlanHash: meeting.finalPlanHash,
		planHash: facts.planHash
	};
}

/** What the signature says, in the words the signer chose between (DESIGN §5 "Signing what you read"). */
function signatureMeaning(agrees: boolean, reason: string | null, words: ReturnType<typeof recordWordsIn>): string {
	if (agrees) return words.agrees;
	return words.doesNotAgree(reason?.trim() || words.noReasonGiven);
}

/** Only the two picture formats signing accepts; anything else is not shown as a picture. */
function signatureImage(image: string | null): RecordSignature['image'] {
	if (image?.startsWith('data:image/png;base64,')) return { format: 'png', dataUrl: image };
	if (image?.startsWith('data:image/svg+xml')) return { format: 'svg', dataUrl: image };
	return null;
}
