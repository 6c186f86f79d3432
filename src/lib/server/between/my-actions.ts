// "My actions": the actions a person (or, for a professional, their agency) owns in the current plan of each
// of their cases, and recording progress on one — server-stamped, attributed, audit-logged, appended.
import { and, eq, isNull } from 'drizzle-orm';
import type { ActionJson } from '../../plan';
import { isActionStatus, type ActionStatus } from '../../plan/roots';
import { casesOf, coreGroup, type CoreGroupMember } from '../cases';
import type { Db } from '../db/client';
import { actionProgress, memberships, type Membership } from '../db/schema';
import type { MeetingAccess } from '../meetings';
import { recordFact } from '../record-fact';
import type { SessionUser } from '../accounts/session';
import { currentPlan, isOverdue, statusNow } from './plan-at-work';
import { progressByAction, type ProgressEntry } from './progress-entries';
import { m } from '../../paraglide/messages.js';

export interface MyAction {
	caseId: string;
	childName: string;
	meetingId: string;
	actionId: string;
	what: string;
	why: string;
	contact: string;
	due: string | null;
	status: ActionStatus;
	overdue: boolean;
	owner: { id: string; name: string; agency: string } | null;
	progress: ProgressEntry[];
}

/** Whether `member` owns the action: named as its owner, or a professional of the owner's agency. */
export function ownsAction(action: Pick<ActionJson, 'owner'>, member: Pick<Membership, 'id' | 'role' | 'agency'>, group: readonly Pick<CoreGroupMember, 'id' | 'agency'>[]): boolean {
	if (!action.owner) return false;
	if (action.owner === member.id) return true;
	if (member.role !== 'professional' || !member.agency.trim()) return false;
	const owner = group.find((member) => member.id === action.owner);
	return owner !== undefined && owner.agency.trim().toLowerCase() === member.agency.trim().toLowerCase();
}

/** The caller's actions across their cases, soonest due first (no date last). */
export async function myActions(db: Db, user: SessionUser, now = new Date()): Promise<MyAction[]> {
	const list: MyAction[] = [];
	for (const { case: c } of await casesOf(db, user)) {
		const [membership] = await db
			.select()
			.from(memberships)
			.where(and(eq(memberships.caseId, c.id), eq(memberships.userId, user.id), isNull(memberships.removedAt)));
		if (!membership) continue;
		const current = await currentPlan(db, c.id);
		if (!current) continue;
		const group = await coreGroup(db, c.id);
		const mine = current.plan.actions.filter((a) => ownsAction(a, membership, group));
		const progress = await progressByAction(db, c.id, mine.map((a) => a.id));
		for (const a of mine) {
			const entries = progress.get(a.id) ?? [];
			const status = statusNow(a, entries, current.meeting);
			const owner = group.find((member) => member.id === a.owner);
			list.push({
				caseId: c.id,
				childName: c.childName,
				meetingId: current.meeting.id,
				actionId: a.id,
				what: a.what,
				why: a.why,
				contact: a.contact,
				due: a.due,
				status,
				overdue: isOverdue(a, status, now),
				owner: owner ? { id: owner.id, name: owner.name, agency: owner.agency } : null,
				progress: entries
			});
		}
	}
	return list.sort((a, b) => (a.due ?? '9999') .localeCompare(b.due ?? '9999'));
}

export const NOTE_MAX = 4_000;

export type ProgressResult = { ok: true; entry: ProgressEntry & { actionId: string } } | { ok: false; status: 400 | 403 | 404 | 409; message: string };

/**
 * Records progress on an action of the case's current plan: its owner (or a professional of the owner's
 * agency), the lead social worker or the chair. The server stamps the time; the entry is evidence.
 */
export async function recordProgress(db: Db, user: SessionUser, access: MeetingAccess, actionId: string, input: { status: string; note: string }): Promise<ProgressResult> {
	const member = access.membership;
	if (!member) return { ok: false, status: 403, message: m.pages_progress_members_only() };
	if (!isActionStatus(input.status)) return { ok: false, status: 400, message: m.pages_progress_choose_status() };
	const note = input.note.trim();
	if (input.status === 'not-done' && !note) return { ok: false, status: 400, message: m.pages_progress_say_why() };
	const current = await currentPlan(db, access.case.id);
	if (!current) return { ok: false, status: 404, message: m.pages_progress_no_plan() };
	if (current.meeting.id !== access.meeting.id) {
		return { ok: false, status: 409, message: m.pages_progress_moved_on() };
	}
	const action = current.plan.actions.find((a) => a.id === actionId);
	if (!action) return { ok: false, status: 404, message: m.pages_progress_not_in_plan() };
	const group = await coreGroup(db, access.case.id);
	const runsCase = member.role === 'lead-social-worker' || member.role === 'chair';
	if (!runsCase && !ownsAction(action, member, group)) {
		return { ok: false, status: 403, message: m.pages_progress_who() };
	}
	const entry = await recordFact(db, null, async (tx) => {
		const [row] = await tx
			.insert(actionProgress)
			.values({ caseId: access.case.id, meetingId: current.meeting.id, actionId, memberId: member.id, userId: user.id, status: input.status, note })
			.returning();
		return {
			value: { seq: row.seq, actionId, meetingId: row.meetingId, status: row.status as ActionStatus, note: row.note, at: row.at.toISOString(), memberId: member.id, by: user.name },
			// The note stays out of the audit log, as the plan's content does.
			audit: { action: 'action-progress-recorded', actorUserId: user.id, caseId: access.case.id, meetingId: current.meeting.id, detail: { actionId, status: input.status, progressSeq: row.seq } }
		};
	});
	return { ok: true, entry: entry! };
}
