// The written agreement and minutes of a core group meeting, shaped from the meeting's record: every name
// resolved, every date in UK words, every plan item numbered. Pure — the PDF and the printable page both
// render exactly this, so they say the same thing.
import { londonDate, type Nation } from '../../calendar';
import { nationLabels } from '../../core-group';
import { recordWords } from '../../components/record/words';
import { actionStatusWords, itemNouns, minutesSections, planSections } from '../../components/plan/words';
import { formatDay, formatInstant } from '../../format';
import { normalisePlan, type AttendanceStatus, type DisagreementJson, type SignatureJson, type ViewJson } from '../../plan';
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
	progress?: Record<string, { at: string; by: string; status: keyof typeof actionStatusWords; note: string }[]>;
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
		titles: typeof planSections;
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

/** What an empty section or field says, in the PDF and on the page alike. */
export const NOTHING_RECORDED = recordWords.nothingRecorded;

const orNothing = (text: string) => text.trim() || NOTHING_RECORDED;
const excerpt = (text: string) => (text.length > 60 ? `${text.slice(0, 59).trimEnd()}…` : text);

export function shapeWrittenRecord(source: RecordSource): WrittenRecord {
	const { meeting, facts } = source;
	const person = personDirectory(source.members);
	const current = source.members.filter((m) => !m.former);
	const withRole = (role: RecordMember['role']) => current.filter((m) => m.role === role).map((m) => person(m.id));
	const names = (people: RecordPerson[]) => (people.length ? people.map((p) => p.name).join(', ') : 'Not recorded');
	const [leadSocialWorker = null] = withRole('lead-social-worker');
	const plan = normalisePlan(facts.plan);

	const held = meeting.openedAt ?? meeting.scheduledFor;
	const details: RecordField[] = [
		{ label: 'Child', value: source.case.childName },
		{ label: 'Case reference', value: source.case.reference },
		{ label: 'Meeting', value: `Core group meeting, ${formatInstant(held.toISOString())}` },
		{ label: 'Place', value: meeting.place.trim() || 'Not recorded' },
		{ label: 'Chair', value: names(withRole('chair')) },
		{ label: 'Minutes taken by', value: names(withRole('minute-taker')) },
		{ label: 'Lead social worker', value: leadSocialWorker?.name ?? 'Not recorded' },
		{ label: 'Opened', value: meeting.openedAt ? formatInstant(meeting.openedAt.toISOString()) : 'Not recorded' },
		{ label: 'Closed', value: meeting.closedAt ? formatInstant(meeting.closedAt.toISOString()) : 'Not closed yet' },
		{ label: 'To be circulated by', value: meeting.circulateBy ? `${formatDay(meeting.circulateBy)} (working days of ${nationLabels[source.case.nation]})` : 'Set when the meeting closes' },
		{ label: "Child's preferred language", value: source.case.preferredLanguage }
	];

	const byStatus = (status: AttendanceStatus | undefined) =>
		current.filter((m) => facts.attendance[m.id] === status).map((m) => person(m.id));
	const attendance = [
		{ label: 'Present', people: byStatus('present') },
		{ label: 'Apologies', people: byStatus('apologies') },
		{ label: 'Absent', people: byStatus('absent') },
		{ label: 'Attendance not recorded', people: byStatus(undefined) }
	].filter((group) => group.people.length > 0);

	const outcomeNumber = new Map(plan.outcomes.map((o, i) => [o.id, i + 1]));
	const itemLabel = new Map<string, string>([
		...plan.needs.map((n, i) => [n.id, `${itemNouns.needs} ${i + 1}: ${excerpt(n.text)}`] as const),
		...plan.outcomes.map((o, i) => [o.id, `${itemNouns.outcomes} ${i + 1}: ${excerpt(o.text)}`] as const),
		...plan.actions.map((a, i) => [a.id, `${itemNouns.actions} ${i + 1}: ${excerpt(a.what)}`] as const)
	]);
	const sectionLabel: Record<string, string> = {
		...Object.fromEntries(Object.entries(planSections).map(([k, w]) => [k, w.title])),
		...Object.fromEntries(Object.entries(minutesSections).map(([k, w]) => [k, w.title]))
	};
	const about = (a: string) => itemLabel.get(a) ?? sectionLabel[a] ?? a;
	const lsw = leadSocialWorker ? `the lead social worker, ${leadSocialWorker.name},` : 'the lead social worker';

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
			recorded: formatInstant(d.at),
			notAccepted,
			complaintNotice: notAccepted
				? `This was not accepted in the plan. ${by.name} has the right to complain and to make representations about it; ${lsw} will explain how to do so.`
				: null
		};
	});
	const familyDisagreed = disagreements.some((d) => d.by.role === 'family' || d.by.role === 'child');

	const currentlySigned = new Set([
		...facts.signatures.filter((s) => !s.stale).map((s) => s.member),
		...facts.confirmations.filter((c) => !c.stale).map((c) => c.member)
	]);

	return {
		title: recordWords.title,
		childName: source.case.childName,
		reference: source.case.reference,
		preferredLanguage: source.case.preferredLanguage,
		meetingDate: londonDate(held),
		meetingDay: formatDay(londonDate(held)),
		details,
		leadSocialWorker,
		attendance,
		writtenViews: facts.views.map((v) => ({ by: person(v.member), received: formatInstant(v.at), text: v.text })),
		plan: {
			titles: planSections,
			concerns: orNothing(plan.concerns),
			needs: plan.needs.map((n, i) => ({ number: i + 1, text: orNothing(n.text) })),
			outcomes: plan.outcomes.map((o, i) => ({
				number: i + 1,
				fields: [
					{ label: 'What needs to change', value: orNothing(o.text) },
					{ label: 'How we will know', value: orNothing(o.measure) },
					{ label: 'Target date', value: o.by ? formatDay(o.by) : 'No target date set' }
				]
			})),
			actions: plan.actions.map((a, i) => ({
				number: i + 1,
				fields: [
					{ label: 'What will be done', value: orNothing(a.what) },
					{ label: 'Why', value: orNothing(a.why) },
					{ label: 'Who will do it', value: a.owner ? personLine(person(a.owner)) : 'No one named yet' },
					{ label: 'Due date', value: a.due ? formatDay(a.due) : 'No due date set' },
					{ label: 'Contact: what kind, and how often', value: orNothing(a.contact) },
					{ label: 'Outcome it works towards', value: a.outcome && outcomeNumber.has(a.outcome) ? `${itemNouns.outcomes} ${outcomeNumber.get(a.outcome)}` : 'Not linked to an outcome' },
					{ label: 'Progress', value: actionStatusWords[a.status] },
					// The review of progress starts from what the core group recorded between meetings.
					...(facts.progress
						? [
								{
									label: 'Progress recorded since the last meeting',
									value: (facts.progress[a.id] ?? []).map((p) => `${formatInstant(p.at)} — ${p.by}: ${actionStatusWords[p.status]}${p.note ? `. ${p.note}` : ''}`).join('\n') || 'None recorded'
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
			{ title: minutesSections.progress.title, text: orNothing(facts.minutes.progress) },
			{ title: minutesSections.notes.title, text: orNothing(facts.minutes.notes) }
		],
		disagreements,
		familyComplaintNotice: familyDisagreed
			? `Where a parent's or family member's view was not accepted in the plan, the reasons are given above. They have the right to complain and to make representations; ${lsw} will explain how to do so.`
			: null,
		signatures: facts.signatures.map((s) => ({
			id: s.id,
			by: person(s.member),
			method: { drawn: 'Drawn signature', typed: 'Typed name', witnessed: 'Signed in person, witnessed' }[s.method],
			signed: formatInstant(s.at),
			typedName: s.typedName,
			witness: s.witness ? person(s.witness) : null,
			planHash: s.planHash,
			at: s.at,
			stale: s.stale,
			agrees: s.agrees ?? true,
			meaning: signatureMeaning(s.agrees ?? true, s.reason ?? null),
			explainedBy: s.explainedBy ? person(s.explainedBy) : null,
			interpreter: s.interpreter?.trim() || null,
			image: signatureImage(s.image)
		})),
		notSigned: current.filter((m) => m.role !== 'observer' && !currentlySigned.has(m.id)).map((m) => person(m.id)),
		confirmations: facts.confirmations.map((c) => ({
			by: person(c.member),
			emailSent: formatInstant(c.emailSentAt),
			recorded: formatInstant(c.at),
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
function signatureMeaning(agrees: boolean, reason: string | null): string {
	if (agrees) return recordWords.agrees;
	return recordWords.doesNotAgree(reason?.trim() || recordWords.noReasonGiven);
}

/** Only the two picture formats signing accepts; anything else is not shown as a picture. */
function signatureImage(image: string | null): RecordSignature['image'] {
	if (image?.startsWith('data:image/png;base64,')) return { format: 'png', dataUrl: image };
	if (image?.startsWith('data:image/svg+xml')) return { format: 'svg', dataUrl: image };
	return null;
}
