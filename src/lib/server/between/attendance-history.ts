// Attendance and contribution across a case's meetings, per member and per agency: attended, sent written
// views, sent apologies, absent — so drift and agencies that stop coming show.
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client';
import { attendance, memberships, users, writtenViews, type Meeting } from '../db/schema';

export type Contribution = 'attended' | 'written-views' | 'apologies' | 'absent' | 'not-recorded';
export const contributionLabels: Record<Contribution, string> = {
	attended: 'Attended',
	'written-views': 'Sent written views',
	apologies: 'Sent apologies',
	absent: 'Absent',
	'not-recorded': 'Not recorded'
};

export interface MemberAttendance {
	memberId: string;
	name: string;
	agency: string;
	role: string;
	/** One entry per held meeting, in order; null where the person was not yet (or no longer) a member. */
	meetings: (Contribution | null)[];
	missed: number;
}

/** The held (closed) meetings of the case, oldest first, with each member's contribution to each. */
export async function attendanceAcrossMeetings(db: Db, caseMeetings: readonly Meeting[]): Promise<{ meetings: { id: string; closedAt: string }[]; members: MemberAttendance[] }> {
	const held = caseMeetings.filter((m) => m.status === 'closed' && m.closedAt);
	if (held.length === 0) return { meetings: [], members: [] };
	const ids = held.map((m) => m.id);
	const caseId = held[0].caseId;
	const [marks, views, people] = await Promise.all([
		db.select().from(attendance).where(inArray(attendance.meetingId, ids)).orderBy(asc(attendance.seq)),
		db.select({ meetingId: writtenViews.meetingId, memberId: writtenViews.memberId }).from(writtenViews).where(inArray(writtenViews.meetingId, ids)),
		db
			.select({ id: memberships.id, name: users.name, agency: memberships.agency, role: memberships.role, createdAt: memberships.createdAt, removedAt: memberships.removedAt })
			.from(memberships)
			.innerJoin(users, eq(users.id, memberships.userId))
			.where(and(eq(memberships.caseId, caseId)))
	]);
	// The latest mark of each member at each meeting holds (attendance is appended, never changed).
	const latest = new Map<string, string>();
	for (const m of marks) latest.set(`${m.meetingId}:${m.memberId}`, m.status);
	const sentViews = new Set(views.map((v) => `${v.meetingId}:${v.memberId}`));
	const members = people
		.filter((p) => p.role !== 'observer')
		.map((p) => {
			const row = held.map((meeting): Contribution | null => {
				const wasMember = p.createdAt <= meeting.closedAt! && (!p.removedAt || p.removedAt >= (meeting.openedAt ?? meeting.scheduledFor));
				const key = `${meeting.id}:${p.id}`;
				const mark = latest.get(key);
				if (mark === 'present') return 'attended';
				if (sentViews.has(key)) return 'written-views';
				if (mark === 'apologies') return 'apologies';
				if (mark === 'absent') return 'absent';
				return wasMember ? 'not-recorded' : null;
			});
			return { memberId: p.id, name: p.name, agency: p.agency, role: p.role, meetings: row, missed: row.filter((c) => c === 'absent' || c === 'apologies').length };
		})
		.sort((a, b) => a.agency.localeCompare(b.agency) || a.name.localeCompare(b.name));
	return { meetings: held.map((m) => ({ id: m.id, closedAt: m.closedAt!.toISOString() })), members };
}
