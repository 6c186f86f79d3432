// Core group meetings: which ones a person may see, scheduling them, and the record the API returns.
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { caseAccess, caseIdsOf, type CaseAccess } from './cases';
import type { Db } from './db/client';
import { recordFact } from './record-fact';
import { meetings, type Meeting } from './db/schema';
import type { SessionUser } from './accounts/session';

export interface MeetingAccess extends CaseAccess {
	meeting: Meeting;
}

/** The caller's access to a meeting, or null (answered 404, like a case they are not in). */
export async function meetingAccess(db: Db, user: SessionUser, meetingId: string): Promise<MeetingAccess | null> {
	const [meeting] = await db.select().from(meetings).where(eq(meetings.id, meetingId));
	if (!meeting) return null;
	const access = await caseAccess(db, user, meeting.caseId);
	return access && { ...access, meeting };
}

/** Meetings of every case the user is in (an administrator: every meeting), soonest first. */
export async function meetingsVisibleTo(db: Db, user: SessionUser): Promise<Meeting[]> {
	if (user.isAdmin) return db.select().from(meetings).orderBy(asc(meetings.scheduledFor));
	const caseIds = await caseIdsOf(db, user.id);
	if (caseIds.length === 0) return [];
	return db.select().from(meetings).where(inArray(meetings.caseId, caseIds)).orderBy(asc(meetings.scheduledFor));
}

export async function meetingsOfCase(db: Db, caseId: string): Promise<Meeting[]> {
	return db.select().from(meetings).where(eq(meetings.caseId, caseId)).orderBy(asc(meetings.scheduledFor));
}

/** The next meeting not yet closed, if any. */
export async function nextMeetingOfCase(db: Db, caseId: string): Promise<Meeting | undefined> {
	const [next] = await db
		.select()
		.from(meetings)
		.where(and(eq(meetings.caseId, caseId), inArray(meetings.status, ['scheduled', 'open']), isNull(meetings.closedAt)))
		.orderBy(asc(meetings.scheduledFor))
		.limit(1);
	return next;
}

export async function scheduleMeeting(
	db: Db,
	actor: SessionUser,
	caseId: string,
	input: { scheduledFor: Date; place: string }
): Promise<Meeting> {
	// The meeting and its audit row commit together; its room is made when it is first opened.
	const meeting = await recordFact(db, null, async (tx) => {
		const [made] = await tx
			.insert(meetings)
			.values({ caseId, scheduledFor: input.scheduledFor, place: input.place, createdBy: actor.id })
			.returning();
		return { value: made, audit: { action: 'meeting-scheduled', actorUserId: actor.id, caseId, meetingId: made.id, detail: { scheduledFor: input.scheduledFor.toISOString() } } };
	});
	return meeting!;
}

/** The public summary of a meeting (GET /api/meetings). */
export function meetingSummary(m: Meeting) {
	return {
		id: m.id,
		caseId: m.caseId,
		status: m.status,
		scheduledFor: m.scheduledFor.toISOString(),
		place: m.place,
		openedAt: m.openedAt?.toISOString() ?? null,
		closedAt: m.closedAt?.toISOString() ?? null,
		circulateBy: m.circulateBy
	};
}
