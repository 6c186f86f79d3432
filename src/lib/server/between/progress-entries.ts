// The progress recorded on a case's actions between meetings, oldest first: a query alone, so the written record
// (shaped in the PDF worker on PostgreSQL) reads it without loading the rest of the app.
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { ActionStatus } from '../../plan/roots';
import type { Db } from '../db/client';
import { actionProgress, memberships, users } from '../db/schema';

export interface ProgressEntry {
	seq: number;
	meetingId: string;
	status: ActionStatus;
	note: string;
	/** Server clock, ISO. */
	at: string;
	memberId: string;
	by: string;
}

/** Every progress entry of the case's actions, oldest first, by action id. */
export async function progressByAction(db: Db, caseId: string, actionIds?: readonly string[]): Promise<Map<string, ProgressEntry[]>> {
	const byAction = new Map<string, ProgressEntry[]>();
	if (actionIds?.length === 0) return byAction;
	const rows = await db
		.select({
			seq: actionProgress.seq,
			actionId: actionProgress.actionId,
			meetingId: actionProgress.meetingId,
			status: actionProgress.status,
			note: actionProgress.note,
			at: actionProgress.at,
			memberId: actionProgress.memberId,
			by: users.name
		})
		.from(actionProgress)
		.innerJoin(memberships, eq(memberships.id, actionProgress.memberId))
		.innerJoin(users, eq(users.id, actionProgress.userId))
		.where(and(eq(actionProgress.caseId, caseId), actionIds ? inArray(actionProgress.actionId, [...actionIds]) : undefined))
		.orderBy(asc(actionProgress.seq));
	for (const r of rows) {
		const list = byAction.get(r.actionId) ?? [];
		list.push({ seq: r.seq, meetingId: r.meetingId, status: r.status as ActionStatus, note: r.note, at: r.at.toISOString(), memberId: r.memberId, by: r.by });
		byAction.set(r.actionId, list);
	}
	return byAction;
}
