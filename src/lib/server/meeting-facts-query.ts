// Reads a meeting's server-owned facts from the record, shaped as the document mirrors them (DESIGN §3).
// Facts are appended: for attendance and a disagreement's reflection the latest row holds.
import { asc, desc, eq } from 'drizzle-orm';
import type { MeetingFacts } from '../plan/facts';
import type { Db } from './db/client';
import { agencyConfirmations, attendance, cases, disagreementReflections, disagreements, editingPauses, meetings, signatures, writtenViews } from './db/schema';

/** Whether editing the meeting's plan is paused now, by the record: the latest pause or resume holds. */
export async function isEditingPaused(db: Db, meetingId: string): Promise<boolean> {
	const [latest] = await db
		.select({ paused: editingPauses.paused })
		.from(editingPauses)
		.where(eq(editingPauses.meetingId, meetingId))
		.orderBy(desc(editingPauses.at), desc(editingPauses.id))
		.limit(1);
	return latest?.paused === true;
}

export async function loadMeetingFacts(db: Db, meetingId: string): Promise<MeetingFacts | null> {
	const [row] = await db
		.select({ meeting: meetings, nation: cases.nation })
		.from(meetings)
		.innerJoin(cases, eq(meetings.caseId, cases.id))
		.where(eq(meetings.id, meetingId));
	if (!row) return null;
	const { meeting } = row;
	const [present, said, reflections, viewed, signed, paused] = await Promise.all([
		db.select().from(attendance).where(eq(attendance.meetingId, meetingId)).orderBy(asc(attendance.seq)),
		db.select().from(disagreements).where(eq(disagreements.meetingId, meetingId)).orderBy(asc(disagreements.at)),
		db.select().from(disagreementReflections).where(eq(disagreementReflections.meetingId, meetingId)).orderBy(asc(disagreementReflections.seq)),
		db.select().from(writtenViews).where(eq(writtenViews.meetingId, meetingId)).orderBy(asc(writtenViews.at)),
		db.select().from(signatures).where(eq(signatures.meetingId, meetingId)).orderBy(asc(signatures.at)),
		isEditingPaused(db, meetingId)
	]);
	// In the order they were recorded, so a later row replaces an earlier one in the map.
	const reflectionOf = new Map(reflections.map((r) => [r.disagreementId, r]));
	return {
		meeting: {
			status: meeting.status,
			openedAt: meeting.openedAt?.toISOString() ?? null,
			closedAt: meeting.closedAt?.toISOString() ?? null,
			circulateBy: meeting.circulateBy,
			region: row.nation,
			finalPlanHash: meeting.finalPlanHash,
			// A pause ends with the meeting: a closed plan is frozen anyway.
			editingPaused: meeting.status === 'open' && paused
		},
		attendance: Object.fromEntries(present.map((a) => [a.memberId, a.status])),
		disagreements: said.map((d) => ({
			id: d.id,
			member: d.memberId,
			about: d.about,
			position: d.position,
			reason: d.reason,
			reflected: reflectionOf.get(d.id)?.reflected ?? null,
			accepted: reflectionOf.get(d.id)?.accepted ?? null,
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

/** The agencies' e-mail confirmations of the plan, oldest first. */
export async function agencyConfirmationsOf(db: Db, meetingId: string) {
	const rows = await db.select().from(agencyConfirmations).where(eq(agencyConfirmations.meetingId, meetingId)).orderBy(asc(agencyConfirmations.at));
	return rows.map((c) => ({ id: c.id, member: c.memberId, planHash: c.planHash, emailSentAt: c.emailSentAt, emailText: c.emailText, at: c.at.toISOString() }));
}
