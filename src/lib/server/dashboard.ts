// What is due on each case, in words: the statutory timescales applied to the case's meetings.
import type { PlanJson } from '../plan';
import { addWorkingDays, describeDue, firstMeetingDueBy, londonDate, nextMeetingDueBy, reviewConferenceDue } from '../calendar';
import type { Role } from '../core-group';
import { formatDay } from '../format';
import { casesOf } from './cases';
import { circulationRecipients, type CirculationRecipient } from './circulation';
import type { Db } from './db/client';
import type { Case, Meeting } from './db/schema';
import { meetingsOfCase } from './meetings';
import { loadPolicy, type LocalPolicy } from './policy';
import { escalationKindLabels, escalationsOf } from './between/escalations';
import { currentPlanOfCase, planMeetingOf, statusNow } from './between/plan-at-work';
import { progressByAction } from './between/progress-entries';
import type { SessionUser } from './accounts/session';

export interface DueItem {
	label: string;
	text: string;
	state: 'due' | 'due-today' | 'overdue' | 'done';
}

export interface CaseSummary {
	id: string;
	reference: string;
	childName: string;
	role: Role | null;
	nextMeeting: { id: string; scheduledFor: string; place: string; status: Meeting['status'] } | null;
	due: DueItem[];
}

/** The timescales that apply to one case today. */
export function dueItems(c: Case, caseMeetings: Meeting[], now: Date, policy: LocalPolicy, plan: PlanJson | null = null): DueItem[] {
	const { timescales, closures } = policy;
	const today = londonDate(now);
	const items: DueItem[] = [];
	const held = caseMeetings.filter((m) => m.status === 'closed' && m.closedAt);
	const upcoming = caseMeetings.find((m) => m.status !== 'closed');
	const lastHeld = held.at(-1);
	const meetingDue = lastHeld
		? nextMeetingDueBy(londonDate(lastHeld.closedAt!), timescales)
		: firstMeetingDueBy(c.icpcDate, c.nation, timescales, closures);
	const label = lastHeld ? 'Next core group meeting' : 'First core group meeting';
	if (upcoming) {
		const on = londonDate(upcoming.scheduledFor);
		const late = on > meetingDue;
		items.push({
			label,
			text: late
				? `scheduled for ${formatDay(on)}, after the date it was due (${formatDay(meetingDue)})`
				: `scheduled for ${formatDay(on)}, within the timescale (due by ${formatDay(meetingDue)})`,
			state: late ? 'overdue' : 'done'
		});
	} else {
		const d = describeDue(meetingDue, today, c.nation, closures);
		items.push({ label, text: `not yet scheduled — ${d.text}`, state: d.state });
	}
	for (const m of held) {
		if (!m.circulateBy) continue;
		if (m.circulatedAt) {
			items.push({ label: `Minutes of ${formatDay(londonDate(m.closedAt!))}`, text: `circulated on ${formatDay(londonDate(m.circulatedAt))}`, state: 'done' });
			continue;
		}
		const d = describeDue(m.circulateBy, today, c.nation, closures);
		items.push({ label: `Minutes of ${formatDay(londonDate(m.closedAt!))}`, text: `circulation ${d.text}`, state: d.state });
	}
	// Actions of the current plan past their due date and not done: named, with how late they are.
	for (const action of plan?.actions ?? []) {
		if (!action.due || action.status === 'done' || action.due >= today) continue;
		const d = describeDue(action.due, today, c.nation, closures);
		const what = action.what.trim() || 'An action with no description';
		items.push({ label: `Action “${what.length > 80 ? what.slice(0, 79) + '…' : what}”`, text: `${d.text} (due ${formatDay(action.due)}, not marked done)`, state: 'overdue' });
	}
	const review = reviewConferenceDue(c.icpcDate, today, timescales);
	items.push({ label: 'Review conference', text: `due ${formatDay(review)}`, state: 'due' });
	return items;
}

/** Working days after an e-mail is sent by which its member is expected to have opened their receipt link. */
export const ACKNOWLEDGE_WITHIN_WORKING_DAYS = 5;

/** Members sent the record who have not acknowledged it within the working days allowed, as of `today`. */
export function unacknowledged(recipients: readonly CirculationRecipient[], today: string, nation: Case['nation'], closures: readonly string[]): CirculationRecipient[] {
	return recipients.filter(
		(r) => r.status === 'sent' && r.sentAt && !r.acknowledgedAt && addWorkingDays(londonDate(new Date(r.sentAt)), ACKNOWLEDGE_WITHIN_WORKING_DAYS, nation, closures) <= today
	);
}

/** For each circulated meeting of the case: who has not acknowledged the record in time, by name. */
async function receiptsDue(db: Db, c: Case, caseMeetings: Meeting[], now: Date, policy: LocalPolicy): Promise<DueItem[]> {
	const today = londonDate(now);
	const items: DueItem[] = [];
	for (const m of caseMeetings.filter((meeting) => meeting.status === 'closed' && meeting.circulatedAt)) {
		const late = unacknowledged(await circulationRecipients(db, m.id, c.id), today, c.nation, policy.closures);
		if (!late.length) continue;
		items.push({
			label: `Receipt of the written record of ${formatDay(londonDate(m.closedAt!))}`,
			text: `not acknowledged ${ACKNOWLEDGE_WITHIN_WORKING_DAYS} working days after sending by ${late.map((r) => `${r.name} (sent ${formatDay(londonDate(new Date(r.sentAt!)))})`).join(', ')} — ask them whether they have it`,
			state: 'overdue'
		});
	}
	return items;
}

/** Everything due on one case today, under the authority's policy. */
/** Signs that a plan is not progressing (overdue actions, actions not done, escalations not acknowledged) at which the dashboard says so. */
export const NOT_PROGRESSING_SIGNS = 2;

/** The plan with each action's status as its latest progress since the plan was agreed makes it. */
async function planWithProgress(db: Db, caseId: string, caseMeetings: Meeting[], plan: PlanJson): Promise<PlanJson> {
	const planMeeting = planMeetingOf(caseMeetings)!;
	const progress = await progressByAction(db, caseId, plan.actions.map((a) => a.id));
	return { ...plan, actions: plan.actions.map((a) => ({ ...a, status: statusNow(a, progress.get(a.id) ?? [], planMeeting) })) };
}

export async function caseDue(db: Db, c: Case, caseMeetings: Meeting[], now: Date, policy?: LocalPolicy): Promise<DueItem[]> {
	const stored = await currentPlanOfCase(db, caseMeetings);
	const plan = stored && stored !== 'unreadable' ? await planWithProgress(db, c.id, caseMeetings, stored) : stored;
	const local = policy ?? (await loadPolicy(db));
	const items = dueItems(c, caseMeetings, now, local, plan === 'unreadable' ? null : plan);
	items.push(...(await receiptsDue(db, c, caseMeetings, now, local)));
	// Escalations stay here until the lead social worker acknowledges them.
	const open = await escalationsOf(db, c.id, { openOnly: true });
	for (const e of open) {
		items.push({ label: `Escalation: ${escalationKindLabels[e.kind].toLowerCase()}`, text: `raised ${formatDay(londonDate(new Date(e.at)))}, not yet acknowledged by the lead social worker`, state: 'overdue' });
	}
	if (plan && plan !== 'unreadable') {
		const today = londonDate(now);
		const overdue = plan.actions.filter((a) => a.due && a.status !== 'done' && a.due < today).length;
		const notDone = plan.actions.filter((a) => a.status === 'not-done').length;
		const signs = overdue + notDone + open.length;
		if (signs >= NOT_PROGRESSING_SIGNS) {
			const parts = [overdue && `${overdue} action${overdue === 1 ? '' : 's'} overdue`, notDone && `${notDone} marked not done`, open.length && `${open.length} escalation${open.length === 1 ? '' : 's'} not acknowledged`].filter(Boolean);
			items.unshift({ label: 'Plan not progressing', text: `${parts.join(', ')} — tell the conference chair and consider an early review conference`, state: 'overdue' });
		}
	}
	if (plan === 'unreadable') {
		const latest = planMeetingOf(caseMeetings)!;
		// Said in words, for this case alone: its actions cannot be checked until the record is repaired.
		items.unshift({
			label: `Plan of the meeting of ${formatDay(londonDate(latest.scheduledFor))}`,
			text: 'could not be read, so its actions are not listed here — ask an administrator to repair the meeting’s record',
			state: 'overdue'
		});
	}
	return items;
}

export async function caseSummaries(db: Db, user: SessionUser, now = new Date()): Promise<CaseSummary[]> {
	const list = await casesOf(db, user);
	const policy = await loadPolicy(db);
	return Promise.all(
		list.map(async ({ case: c, role }) => {
			const caseMeetings = await meetingsOfCase(db, c.id);
			const next = caseMeetings.find((m) => m.status !== 'closed');
			return {
				id: c.id,
				reference: c.reference,
				childName: c.childName,
				role,
				nextMeeting: next
					? { id: next.id, scheduledFor: next.scheduledFor.toISOString(), place: next.place, status: next.status }
					: null,
				due: await caseDue(db, c, caseMeetings, now, policy)
			};
		})
	);
}
