// The next meeting's review of progress starts from what was recorded between meetings: for a meeting, the
// progress entries on each action since the case's previous meeting closed (up to this one's close), shown
// beside each action on the meeting page and carried into the written record.
import { and, desc, eq, lt, ne } from 'drizzle-orm';
import { storedPlan } from '../collab-hooks/store';
import type { PlanJson } from '../../plan';
import type { Db } from '../db/client';
import { meetings, type Meeting } from '../db/schema';
import { progressByAction, type ProgressEntry } from './progress-entries';

/** Each action's progress entries recorded between the previous meeting's close and this meeting's close. */
export async function progressForReview(db: Db, meeting: Meeting): Promise<Record<string, ProgressEntry[]>> {
	const [previous] = await db
		.select({ closedAt: meetings.closedAt })
		.from(meetings)
		.where(and(eq(meetings.caseId, meeting.caseId), eq(meetings.status, 'closed'), ne(meetings.id, meeting.id), lt(meetings.closedAt, meeting.openedAt ?? meeting.closedAt ?? new Date())))
		.orderBy(desc(meetings.closedAt))
		.limit(1);
	const since = previous?.closedAt?.getTime() ?? -Infinity;
	const until = meeting.closedAt?.getTime() ?? Infinity;
	const review: Record<string, ProgressEntry[]> = {};
	for (const [actionId, entries] of await progressByAction(db, meeting.caseId)) {
		const within = entries.filter((p) => Date.parse(p.at) > since && Date.parse(p.at) <= until);
		if (within.length) review[actionId] = within;
	}
	return review;
}

export interface ReviewedAction {
	actionId: string;
	what: string;
	due: string | null;
	progress: ProgressEntry[];
}

/** The review of progress as the meeting page shows it: each action with its entries, named as the plan they were recorded against named it. */
export async function reviewOfProgress(db: Db, meeting: Meeting): Promise<ReviewedAction[]> {
	const review = await progressForReview(db, meeting);
	const plans = new Map<string, PlanJson | null>();
	const list: ReviewedAction[] = [];
	for (const [actionId, progress] of Object.entries(review)) {
		const planMeeting = progress.at(-1)!.meetingId;
		if (!plans.has(planMeeting)) plans.set(planMeeting, await storedPlan(db, planMeeting).catch(() => null));
		const action = plans.get(planMeeting)?.actions.find((a) => a.id === actionId);
		list.push({ actionId, what: action?.what ?? 'An action no longer in the plan', due: action?.due ?? null, progress });
	}
	return list;
}
