// What the copies of the plan for the family (family-copy.ts) and the child (child-copy.ts) are: a title and
// sections of short lines, shaped from what the written record is made from (read.ts's RecordSource), in the
// reader's language, and the small helpers both use. Pure — the page (CopyView.svelte) and the PDF
// (copies-pdf.ts) both render a CopyDocument, so they say the same thing.
import type { Role } from '../../core-group';
import type { Locale } from '../../i18n/locale';
import { m } from '../../paraglide/messages.js';
import type { CopyIconName } from '../../components/copies/icons/icons';
import { londonDate } from '../../calendar';
import { normalisePlan } from '../../plan';
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

export const FAMILY_ROLES: readonly Role[] = ['family'];

/** Free text, one sentence a line when the reader asked for one idea per line. */
export function sentencesOf(text: string, easyRead: boolean): string[] {
	const trimmed = text.trim();
	if (!trimmed) return [];
	if (!easyRead) return trimmed.split(/\n{2,}/).map((p) => p.trim()).filter(Boolean);
	return trimmed
		// Not after a title or a common abbreviation: "Dr. Ash" is one idea.
		.split(/\n+|(?<=[.!?])(?<!\b(?:Dr|Mr|Mrs|Ms|Mx|St|Prof|Rev|No|e\.g|i\.e)\.)\s+(?=[A-Z0-9"“‘'(ÂÊÎÔÛŴŶ])/u)
		.map((s) => s.trim())
		.filter(Boolean);
}

export const quotes = (text: string, easyRead: boolean): CopyLine[] => sentencesOf(text, easyRead).map((s) => ({ text: s, quote: true }));

export const excerpt = (text: string) => (text.length > 60 ? `${text.slice(0, 59).trimEnd()}…` : text);

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
export function whoTheyAre(member: RecordMember, locale: Locale): string {
	const first = member.relationship.trim() || roleWords(member.role, locale);
	const agency = member.agency.trim();
	return agency && agency !== first && member.role !== 'family' ? `${first}, ${agency}` : first;
}

/** Who interpreted at the meeting, as the signers' side gave it. */
export function interpretersOf(source: CopySource): string[] {
	return [...new Set(source.facts.signatures.map((s) => (s as { interpreter?: string | null }).interpreter?.trim() ?? '').filter(Boolean))];
}

/**
 * What both copies start from: the plan as the record holds it, the members still in the core group, everyone
 * by id, the lead social worker, the meeting's day, and the sections as they are added (an empty block dropped).
 */
export function startCopy(source: CopySource) {
	const current = source.members.filter((x) => !x.former);
	const sections: CopySection[] = [];
	return {
		plan: normalisePlan(source.facts.plan),
		child: source.case.childName,
		current,
		byId: new Map(source.members.map((x) => [x.id, x])),
		lead: current.find((x) => x.role === 'lead-social-worker') ?? null,
		day: meetingDayOf(source),
		sections,
		section: (id: string, icon: CopyIconName, heading: string, blocks: CopyLine[][]) => void sections.push({ id, icon, heading, blocks: blocks.filter((b) => b.length) })
	};
}

export function meetingDayOf(source: CopySource): string {
	return londonDate(source.meeting.openedAt ?? source.meeting.scheduledFor);
}

/** How old the child was on a day, in whole years; null without a date of birth. */
export function ageOn(dateOfBirth: string | null, day: string): number | null {
	if (!dateOfBirth) return null;
	const [by, bm, bd] = dateOfBirth.split('-').map(Number);
	const [y, mo, d] = day.split('-').map(Number);
	return y - by - (mo < bm || (mo === bm && d < bd) ? 1 : 0);
}
