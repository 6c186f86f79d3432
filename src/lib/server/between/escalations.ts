// Escalations: a difficulty with the plan, a child not seen, an incident — told to the lead social worker and
// the chair at once (and the authority's conference-chair contact), shown on the case and the dashboard until
// the lead social worker acknowledges it with what was decided. Home visits live here too: two consecutive
// visits without seeing the child raise a no-access escalation by themselves.
import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import { isUuid } from '../../core-group';
import { appendAudit } from '../audit';
import { formatDay, formatInstant } from '../../format';
import { londonDate } from '../../calendar';
import type { CaseAccess } from '../cases';
import type { Db } from '../db/client';
import { authorityPolicy, cases, escalationAcknowledgements, escalations, homeVisits, memberships, users } from '../db/schema';
import { recordFact, type Tx } from '../record-fact';
import type { SessionUser } from '../accounts/session';
import { queueNotices, sendNotices, type Notice } from './notices';
import { baseLocale, type Locale } from '../../i18n/locale';
import { mailLocale } from '../accounts/account-mail';
import { localisedLabels } from '../../i18n/labels';
import { m } from '../../paraglide/messages.js';

export const ESCALATION_KINDS = ['difficulty', 'no-access', 'incident'] as const;
export type EscalationKind = (typeof ESCALATION_KINDS)[number];
const kindMessages: Record<EscalationKind, (inputs?: object, options?: { locale?: Locale }) => string> = {
	difficulty: m.pages_escalation_kind_difficulty,
	'no-access': m.pages_escalation_kind_no_access,
	incident: m.pages_escalation_kind_incident
};
/** The kind inside a sentence or after a colon ("Escalation: an incident"). */
const kindMessagesInSentence: Record<EscalationKind, (inputs?: object, options?: { locale?: Locale }) => string> = {
	difficulty: m.pages_escalation_kind_difficulty_lower,
	'no-access': m.pages_escalation_kind_no_access_lower,
	incident: m.pages_escalation_kind_incident_lower
};
/** What an escalation is, as people read it: "An incident"; `inSentence`: "an incident". */
export const escalationKindLabel = (kind: EscalationKind, locale?: Locale, inSentence = false): string =>
	(inSentence ? kindMessagesInSentence : kindMessages)[kind]({}, locale ? { locale } : {});
export const escalationKindLabels = localisedLabels(ESCALATION_KINDS, (kind) => escalationKindLabel(kind));

export const DECISIONS = ['core-group-discussion', 'strategy-discussion', 'early-review-conference'] as const;
export type Decision = (typeof DECISIONS)[number];
const decisionMessages: Record<Decision, () => string> = {
	'core-group-discussion': m.pages_decision_core_group_discussion,
	'strategy-discussion': m.pages_decision_strategy_discussion,
	'early-review-conference': m.pages_decision_early_review_conference
};
export const decisionLabels = localisedLabels(DECISIONS, (decision) => decisionMessages[decision]());

export const DETAILS_MAX = 10_000;
/** Who records home visits: the professionals who make them. */
export const VISITING_ROLES = ['lead-social-worker', 'professional'] as const;

export interface Escalation {
	id: string;
	kind: EscalationKind;
	details: string;
	at: string;
	/** Who raised it; null when the server raised it by rule. */
	raisedBy: { member: string; name: string } | null;
	acknowledgement: { decision: Decision; note: string; at: string; by: string } | null;
}

type Refusal = { ok: false; status: 400 | 403 | 404 | 409; message: string };

const isKind = (value: string): value is EscalationKind => (ESCALATION_KINDS as readonly string[]).includes(value);
const isDecision = (value: string): value is Decision => (DECISIONS as readonly string[]).includes(value);

/** The escalations of a case, newest first; `openOnly` leaves out those acknowledged. */
export async function escalationsOf(db: Db | Tx, caseId: string, options: { openOnly?: boolean } = {}): Promise<Escalation[]> {
	const raiser = db.$with('raiser').as(db.select({ id: memberships.id, name: users.name }).from(memberships).innerJoin(users, eq(users.id, memberships.userId)));
	const rows = await db
		.with(raiser)
		.select({ e: escalations, raiserName: raiser.name, ack: escalationAcknowledgements, ackBy: users.name })
		.from(escalations)
		.leftJoin(raiser, eq(raiser.id, escalations.raisedBy))
		.leftJoin(escalationAcknowledgements, eq(escalationAcknowledgements.escalationId, escalations.id))
		.leftJoin(users, eq(users.id, escalationAcknowledgements.userId))
		.where(and(eq(escalations.caseId, caseId), options.openOnly ? isNull(escalationAcknowledgements.escalationId) : undefined))
		.orderBy(desc(escalations.at));
	return rows.map((r) => ({
		id: r.e.id,
		kind: r.e.kind as EscalationKind,
		details: r.e.details,
		at: r.e.at.toISOString(),
		raisedBy: r.e.raisedBy ? { member: r.e.raisedBy, name: r.raiserName ?? '' } : null,
		acknowledgement: r.ack ? { decision: r.ack.decision as Decision, note: r.ack.note, at: r.ack.at.toISOString(), by: r.ackBy ?? '' } : null
	}));
}

/** The e-mails an escalation sends: the lead social worker(s), the chair, and the authority's conference-chair contact. */
async function escalationNotices(tx: Tx, caseId: string, escalation: { id: string; kind: EscalationKind; details: string; at: Date }, raisedBy: string | null): Promise<Notice[]> {
	const [c] = await tx.select().from(cases).where(eq(cases.id, caseId));
	const people = await tx
		.select({ userId: users.id, name: users.name, address: users.email, language: memberships.language })
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.where(and(eq(memberships.caseId, caseId), isNull(memberships.removedAt), inArray(memberships.role, ['lead-social-worker', 'chair'])));
	const [policy] = await tx.select({ conferenceChair: authorityPolicy.conferenceChairEmail }).from(authorityPolicy).where(eq(authorityPolicy.id, 1));
	// Each in the reader's language; the authority's contact, who has no membership, in the base language.
	const recipients: (Notice['to'] & { locale: Locale })[] = people.map((p) => ({ userId: p.userId, name: p.name, address: p.address, locale: mailLocale(p.language) }));
	const chairContact = policy?.conferenceChair.trim();
	if (chairContact && !recipients.some((r) => r.address === chairContact.toLowerCase())) recipients.push({ userId: null, name: m.mail_conference_chair({}, { locale: baseLocale }), address: chairContact, locale: baseLocale });
	const letter = (locale: Locale) => {
		const options = { locale };
		const at = formatInstant(escalation.at.toISOString(), locale);
		const kind = escalationKindLabel(escalation.kind, locale);
		return {
			subject: m.mail_escalation_subject({ kind: escalationKindLabel(escalation.kind, locale, true), reference: c.reference }, options),
			text: [
				raisedBy ? m.mail_escalation_reported_by({ kind, reference: c.reference, at, by: raisedBy }, options) : m.mail_escalation_reported({ kind, reference: c.reference, at }, options),
				escalation.details,
				m.mail_escalation_acknowledge({}, options),
				m.mail_sign_off({}, options)
			].join('\n\n')
		};
	};
	return recipients.map(({ locale, ...to }) => {
		const { subject, text } = letter(locale);
		return { key: `escalation:${escalation.id}:${to.address.toLowerCase()}`, caseId, to, subject, text: text + '\n' };
	});
}

/**
 * Records an escalation inside the caller's transaction, with its audit row and its e-mails queued. A rule's
 * escalation passes `triggerKey`: raised once, whichever process gets there first (null when already raised).
 */
export async function raiseEscalationIn(
	tx: Tx,
	input: { caseId: string; kind: EscalationKind; details: string; raisedBy: { memberId: string; userId: string; name: string } | null; triggerKey?: string; rule?: string }
): Promise<{ id: string; noticeIds: number[] } | null> {
	const [row] = await tx
		.insert(escalations)
		.values({ caseId: input.caseId, kind: input.kind, details: input.details, raisedBy: input.raisedBy?.memberId ?? null, raisedByUser: input.raisedBy?.userId ?? null, triggerKey: input.triggerKey ?? null })
		.onConflictDoNothing({ target: escalations.triggerKey })
		.returning();
	if (!row) return null;
	const noticeIds = await queueNotices(tx, await escalationNotices(tx, input.caseId, { id: row.id, kind: input.kind, details: input.details, at: row.at }, input.raisedBy?.name ?? null));
	await appendAudit(tx, {
		action: 'escalation-raised',
		actorUserId: input.raisedBy?.userId ?? null,
		caseId: input.caseId,
		detail: { escalationId: row.id, kind: input.kind, ...(input.rule ? { rule: input.rule } : {}) }
	});
	return { id: row.id, noticeIds };
}

/** Any member but an observer reports a difficulty, a child not seen, or an incident. */
export async function raiseEscalation(db: Db, user: SessionUser, access: CaseAccess, input: { kind: string; details: string }): Promise<{ ok: true; id: string } | Refusal> {
	const member = access.membership;
	if (!member || member.role === 'observer') return { ok: false, status: 403, message: m.pages_escalate_observer() };
	if (!isKind(input.kind)) return { ok: false, status: 400, message: m.pages_escalate_choose_kind() };
	const details = input.details.trim();
	if (!details) return { ok: false, status: 400, message: m.pages_escalate_say_what() };
	if (details.length > DETAILS_MAX) return { ok: false, status: 400, message: m.pages_escalate_too_long({ max: DETAILS_MAX.toLocaleString('en-GB') }) };
	const kind = input.kind;
	const raised = await db.transaction((tx) =>
		raiseEscalationIn(tx, { caseId: access.case.id, kind, details, raisedBy: { memberId: member.id, userId: user.id, name: user.name } })
	);
	// At once, for the person waiting: the e-mails are already in the table, so a failure here is retried.
	await sendNotices(db, raised!.noticeIds);
	return { ok: true, id: raised!.id };
}

/** The lead social worker acknowledges an escalation with what was decided. Once. */
export async function acknowledgeEscalation(db: Db, user: SessionUser, access: CaseAccess, input: { escalation: string; decision: string; note: string }): Promise<{ ok: true } | Refusal> {
	const member = access.membership;
	if (!member || member.role !== 'lead-social-worker') return { ok: false, status: 403, message: m.pages_escalate_only_lead() };
	if (!isDecision(input.decision)) return { ok: false, status: 400, message: m.pages_escalate_choose_decision() };
	if (!isUuid(input.escalation)) return { ok: false, status: 404, message: m.pages_escalate_not_on_case() };
	const [escalation] = await db.select().from(escalations).where(and(eq(escalations.id, input.escalation), eq(escalations.caseId, access.case.id)));
	if (!escalation) return { ok: false, status: 404, message: m.pages_escalate_not_on_case() };
	const decision = input.decision;
	const done = await recordFact(db, null, async (tx) => {
		const [row] = await tx
			.insert(escalationAcknowledgements)
			.values({ escalationId: escalation.id, memberId: member.id, userId: user.id, decision, note: input.note.trim() })
			.onConflictDoNothing()
			.returning();
		if (!row) return null;
		return { value: true, audit: { action: 'escalation-acknowledged', actorUserId: user.id, caseId: access.case.id, detail: { escalationId: escalation.id, decision } } };
	});
	if (!done) return { ok: false, status: 409, message: m.pages_escalate_already() };
	return { ok: true };
}

/**
 * A professional records a home visit. Two consecutive visits without seeing the child raise a no-access
 * escalation by themselves (each further visit without seeing the child raises another).
 */
export async function recordVisit(db: Db, user: SessionUser, access: CaseAccess, input: { seen: string; note: string; visitedOn?: string }): Promise<{ ok: true; escalationId: string | null } | Refusal> {
	const member = access.membership;
	if (!member || !(VISITING_ROLES as readonly string[]).includes(member.role)) return { ok: false, status: 403, message: m.pages_visit_who() };
	if (input.seen !== 'yes' && input.seen !== 'no') return { ok: false, status: 400, message: m.pages_visit_say_seen() };
	const note = input.note.trim();
	if (note.length > DETAILS_MAX) return { ok: false, status: 400, message: m.pages_visit_note_too_long({ max: DETAILS_MAX.toLocaleString('en-GB') }) };
	const seen = input.seen === 'yes';
	const result = await db.transaction(async (tx) => {
		// One visit at a time per case, so two visits recorded at once still see each other.
		await tx.select({ id: cases.id }).from(cases).where(eq(cases.id, access.case.id)).for('update');
		const [visit] = await tx.insert(homeVisits).values({ caseId: access.case.id, memberId: member.id, userId: user.id, childSeen: seen, note }).returning();
		await appendAudit(tx, { action: 'home-visit-recorded', actorUserId: user.id, caseId: access.case.id, detail: { visitSeq: visit.seq, childSeen: seen } });
		if (seen) return { escalation: null };
		const [, previous] = await tx.select().from(homeVisits).where(eq(homeVisits.caseId, access.case.id)).orderBy(desc(homeVisits.seq)).limit(2);
		if (!previous || previous.childSeen) return { escalation: null };
		const details = `The child was not seen on two consecutive home visits: ${formatDay(londonDate(previous.at))} and ${formatDay(londonDate(visit.at))}.${note ? `\n\nNote from the latest visit: ${note}` : ''}`;
		const raised = await raiseEscalationIn(tx, { caseId: access.case.id, kind: 'no-access', details, raisedBy: null, triggerKey: `no-access:${visit.seq}`, rule: 'two-consecutive-visits-child-not-seen' });
		return { escalation: raised };
	});
	if (result.escalation) await sendNotices(db, result.escalation.noticeIds);
	return { ok: true, escalationId: result.escalation?.id ?? null };
}

/** The case's home visits, newest first, with who made them. */
export async function visitsOf(db: Db, caseId: string) {
	return db
		.select({ seq: homeVisits.seq, childSeen: homeVisits.childSeen, note: homeVisits.note, at: homeVisits.at, by: users.name })
		.from(homeVisits)
		.innerJoin(users, eq(users.id, homeVisits.userId))
		.where(eq(homeVisits.caseId, caseId))
		.orderBy(desc(homeVisits.seq));
}

/**
 * What a member may read: professionals (and administrators) every escalation of the case; family and the
 * child only those they raised themselves — another's report may be about them.
 */
export function visibleEscalations(list: Escalation[], access: CaseAccess): Escalation[] {
	const role = access.membership?.role ?? null;
	if (role === 'family' || role === 'child') return list.filter((e) => e.raisedBy?.member === access.membership!.id);
	return list;
}
