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
import { escalationKindLabel, escalationsOf } from './between/escalations';
import { m } from '../paraglide/messages.js';
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
	const label = lastHeld ? m.pages_due_next_meeting() : m.pages_due_first_meeting();
	if (upcoming) {
		const on = londonDate(upcoming.scheduledFor);
		const late = on > meetingDue;
		items.push({
			label,
			text: late
				? m.pages_due_scheduled_late({ on: formatDay(on), due: formatDay(meetingDue) })
				: m.pages_due_scheduled_in_time({ on: formatDay(on), due: formatDay(meetingDue) }),
			state: late ? 'overdue' : 'done'
		});
	} else {
		const d = describeDue(meetingDue, today, c.nation, closures);
		items.push({ label, text: m.pages_due_not_scheduled({ due: d.text }), state: d.state });
	}
	for (const meeting of held) {
		if (!meeting.circulateBy) continue;
		if (meeting.circulatedAt) {
			items.push({ label: m.pages_due_minutes_of({ date: formatDay(londonDate(meeting.closedAt!)) }), text: m.pages_circulated_on({ date: formatDay(londonDate(meeting.circulatedAt)) }), state: 'done' });
			continue;
		}
		const d = describeDue(meeting.circulateBy, today, c.nation, closures);
		items.push({ label: m.pages_due_minutes_of({ date: formatDay(londonDate(meeting.closedAt!)) }), text: m.pages_due_circulation({ due: d.text }), state: d.state });
	}
	// Actions of the current plan past their due date and not done: named, with how late they are.
	for (const action of plan?.actions ?? []) {
		if (!action.due || action.status === 'done' || action.due >= today) continue;
		const d = describeDue(action.due, today, c.nation, closures);
		const what = action.what.trim() || m.pages_action_no_description();
		items.push({ label: m.pages_due_action({ what: what.length > 80 ? what.slice(0, 79) + '…' : what }), text: m.pages_due_action_late({ due: d.text, date: formatDay(action.due) }), state: 'overdue' });
	}
	const review = reviewConferenceDue(c.icpcDate, today, timescales);
	items.push({ label: m.pages_due_review(), text: m.pages_action_due({ date: formatDay(review) }), state: 'due' });
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
	for (const meeting of caseMeetings.filter((held) => held.status === 'closed' && held.circulatedAt)) {
		const late = unacknowledged(await circulationRecipients(db, meeting.id, c.id), today, c.nation, policy.closures);
		if (!late.length) continue;
		const names = late.map((r) => m.pages_due_receipt_sent({ name: r.name, date: formatDay(londonDate(new Date(r.sentAt!))) })).join(', ');
		items.push({
			label: m.pages_due_receipt({ date: formatDay(londonDate(meeting.closedAt!)) }),
			text: m.pages_due_receipt_late({ days: ACKNOWLEDGE_WITHIN_WORKING_DAYS, names }),
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
		items.push({ label: m.pages_due_escalation({ kind: escalationKindLabel(e.kind, undefined, true) }), text: m.pages_due_escalation_open({ date: formatDay(londonDate(new Date(e.at))) }), state: 'overdue' });
	}
	if (plan && plan !== 'unreadable') {
		const today = londonDate(now);
		const overdue = plan.actions.filter((a) => a.due && a.status !== 'done' && a.due < today).length;
		const notDone = plan.actions.filter((a) => a.status === 'not-done').length;
		const signs = overdue + notDone + open.length;
		if (signs >= NOT_PROGRESSING_SIGNS) {
			const parts = [
				overdue && (overdue === 1 ? m.pages_due_sign_overdue_one() : m.pages_due_sign_overdue_other({ count: overdue })),
				notDone && m.pages_due_sign_not_done({ count: notDone }),
				open.length && (open.length === 1 ? m.pages_due_sign_escalations_one() : m.pages_due_sign_escalations_other({ count: open.length }))
			].filter(Boolean);
			items.unshift({ label: m.pages_due_not_progressing(), text: m.pages_due_not_progressing_text({ signs: parts.join(', ') }), state: 'overdue' });
		}
	}
	if (plan === 'unreadable') {
		const latest = planMeetingOf(caseMeetings)!;
		// Said in words, for this case alone: its actions cannot be checked until the record is repaired.
		items.unshift({
			label: m.pages_due_unreadable({ date: formatDay(londonDate(latest.scheduledFor)) }),
			text: m.pages_due_unreadable_text(),
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
