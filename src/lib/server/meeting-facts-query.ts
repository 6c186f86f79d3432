// Reads a meeting's server-owned facts from the record, shaped as the document mirrors them (DESIGN §3).
import { asc, desc, eq } from 'drizzle-orm';
import type { MeetingFacts } from '../plan/facts';
import type { Db } from './db/client';
import { attendance, cases, disagreements, editingPauses, meetings, signatures, writtenViews } from './db/schema';

export async function loadMeetingFacts(db: Db, meetingId: string): Promise<MeetingFacts | null> {
	const [row] = await db
		.select({ meeting: meetings, nation: cases.nation })
		.from(meetings)
		.innerJoin(cases, eq(meetings.caseId, cases.id))
		.where(eq(meetings.id, meetingId));
	if (!row) return null;
	const { meeting } = row;
	const [present, said, viewed, signed, [pause]] = await Promise.all([
		db.select().from(attendance).where(eq(attendance.meetingId, meetingId)),
		db.select().from(disagreements).where(eq(disagreements.meetingId, meetingId)).orderBy(asc(disagreements.at)),
		db.select().from(writtenViews).where(eq(writtenViews.meetingId, meetingId)).orderBy(asc(writtenViews.at)),
		db.select().from(signatures).where(eq(signatures.meetingId, meetingId)).orderBy(asc(signatures.at)),
		// The latest pause or resume holds.
		db.select({ paused: editingPauses.paused }).from(editingPauses).where(eq(editingPauses.meetingId, meetingId)).orderBy(desc(editingPauses.at), desc(editingPauses.id)).limit(1)
	]);
	return {
		meeting: {
			status: meeting.status,
			openedAt: meeting.openedAt?.toISOString() ?? null,
			closedAt: meeting.closedAt?.toISOString() ?? null,
			circulateBy: meeting.circulateBy,
			region: row.nation,
			finalPlanHash: meeting.finalPlanHash,
			// A pause ends with the meeting: a closed plan is frozen anyway.
			editingPaused: meeting.status === 'open' && pause?.paused === true
		},
		attendance: Object.fromEntries(present.map((a) => [a.memberId, a.status])),
		disagreements: said.map((d) => ({
			id: d.id,
			member: d.memberId,
			about: d.about,
			position: d.position,
			reason: d.reason,
			reflected: d.reflected,
			accepted: d.accepted,
			at: d.at.toISOString()
		})),
		views: viewed.map((v) => ({ id: v.id, member: v.memberId, text: v.text, at: v.at.toISOString() })),
		signatures: signed.map((s) => ({
			id: s.id,
			member: s.memberId,
			planHash: s.planHash,
			method: s.method,
			witness: s.witnessMemberId,
			agrees: s.agrees,
			reason: s.reason,
			explainedBy: s.explainedById,
			interpreter: s.interpreter,
			at: s.at.toISOString()
		}))
	};
}
