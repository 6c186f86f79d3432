// The plan at work between meetings: the current plan of a case (the one its latest started meeting holds),
// each action's progress as recorded since, and what that makes its status now. Read by "My actions", the
// case page, the dashboard, the reminders and the next meeting's review of progress.
import { londonDate } from '../../calendar';
import type { ActionJson, PlanJson } from '../../plan';
import type { ActionStatus } from '../../plan/roots';
import { storedPlan } from '../collab-hooks/store';
import type { Db } from '../db/client';
import type { Meeting } from '../db/schema';
import { progressByAction, type ProgressEntry } from './progress-entries';
import { meetingsOfCase } from '../meetings';

/**
 * The meeting whose plan is in force: the one opened last (a meeting may be held earlier than one scheduled
 * before it was moved), or undefined before any has started.
 */
export function planMeetingOf(caseMeetings: readonly Meeting[]): Meeting | undefined {
	const started = caseMeetings.filter((m) => m.status !== 'scheduled');
	const when = (m: Meeting) => (m.openedAt ?? m.scheduledFor).getTime();
	return started.reduce<Meeting | undefined>((latest, m) => (!latest || when(m) >= when(latest) ? m : latest), undefined);
}

/**
 * The plan as it stands in the case's latest meeting that has started (its record in the database), or
 * 'unreadable' when that meeting's stored document cannot be read.
 */
export async function currentPlanOfCase(db: Db, caseMeetings: Meeting[]): Promise<PlanJson | null | 'unreadable'> {
	const latest = planMeetingOf(caseMeetings);
	if (!latest) return null;
	try {
		return await storedPlan(db, latest.id);
	} catch {
		return 'unreadable';
	}
}

export interface CurrentPlan {
	meeting: Meeting;
	plan: PlanJson;
}

/** The case's current plan and the meeting that holds it, or null when no meeting has started (or it cannot be read). */
export async function currentPlan(db: Db, caseId: string, caseMeetings?: Meeting[]): Promise<CurrentPlan | null> {
	const list = caseMeetings ?? (await meetingsOfCase(db, caseId));
	const meeting = planMeetingOf(list);
	if (!meeting) return null;
	const plan = await currentPlanOfCase(db, list);
	if (!plan || plan === 'unreadable') return null;
	return { meeting, plan };
}

/**
 * The action's status now: the latest progress recorded since the meeting that agreed the current plan was
 * opened, else what the plan says (the meeting itself may have changed it).
 */
export function statusNow(action: ActionJson, progress: readonly ProgressEntry[], planMeeting: Meeting): ActionStatus {
	const since = planMeeting.openedAt?.getTime() ?? 0;
	const latest = progress.filter((p) => Date.parse(p.at) >= since).at(-1);
	return latest?.status ?? action.status;
}

/** Past its due date (London) and not done. */
export function isOverdue(action: ActionJson, status: ActionStatus, now: Date): boolean {
	return action.due !== null && status !== 'done' && action.due < londonDate(now);
}

export interface ActionAtWork {
	id: string;
	what: string;
	owner: string | null;
	due: string | null;
	status: ActionStatus;
	overdue: boolean;
	progress: ProgressEntry[];
}

/** Every action of the case's current plan with its progress: what the lead social worker watches. */
export async function planAtWork(db: Db, caseId: string, caseMeetings?: Meeting[], now = new Date()): Promise<{ meetingId: string; actions: ActionAtWork[] } | null> {
	const current = await currentPlan(db, caseId, caseMeetings);
	if (!current) return null;
	const progress = await progressByAction(db, caseId, current.plan.actions.map((a) => a.id));
	return {
		meetingId: current.meeting.id,
		actions: current.plan.actions.map((a) => {
			const entries = progress.get(a.id) ?? [];
			const status = statusNow(a, entries, current.meeting);
			return { id: a.id, what: a.what, owner: a.owner, due: a.due, status, overdue: isOverdue(a, status, now), progress: entries };
		})
	};
}
