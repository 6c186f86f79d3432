// Reads what the written record of a meeting is made from — the case, the meeting, everyone who is or was in
// the core group, and the meeting's facts — and shapes it. The only module here that queries for the record.
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { coreGroup } from '../cases';
import type { Db } from '../db/client';
import { cases, meetings, memberships, signatures, users, type Case, type Meeting } from '../db/schema';
import { meetingRecord } from '../meeting-record';
import type { RecordMember } from './people';
import { shapeWrittenRecord, type SignatureMeaning, type WrittenRecord } from './shape';

/** Current members from the core group, plus those who have left: the record still names who signed or spoke. */
export async function recordMembers(db: Db, caseId: string): Promise<RecordMember[]> {
	const current = await coreGroup(db, caseId);
	const former = await db
		.select({ id: memberships.id, name: users.name, role: memberships.role, agency: memberships.agency, relationship: memberships.relationship })
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.where(and(eq(memberships.caseId, caseId), isNotNull(memberships.removedAt)));
	return [
		...current.map((m) => ({ id: m.id, name: m.name, role: m.role, agency: m.agency, relationship: m.relationship, former: false })),
		...former.map((m) => ({ ...m, former: true }))
	];
}

export interface RecordContext {
	case: Case;
	meeting: Meeting;
	/**
	 * The database's clock when the meeting was read, as the database writes it (to the microsecond, which a
	 * JavaScript Date would round away): a record made from this context is as of then.
	 */
	readAt: string;
}

/** The meeting with its case, or null for an unknown meeting id. */
export async function recordContext(db: Db, meetingId: string): Promise<RecordContext | null> {
	const [row] = await db
		.select({ meeting: meetings, case: cases, readAt: sql<string>`now()::text` })
		.from(meetings)
		.innerJoin(cases, eq(cases.id, meetings.caseId))
		.where(eq(meetings.id, meetingId));
	return row ?? null;
}

/** The written record of the meeting as it stands now (its live facts; a closed meeting's plan is frozen). */
export async function readWrittenRecord(db: Db, context: Pick<RecordContext, 'case' | 'meeting'>): Promise<WrittenRecord> {
	const [facts, members, meanings] = await Promise.all([meetingRecord(db, context.meeting), recordMembers(db, context.case.id), signatureMeanings(db, context.meeting.id)]);
	const signed = facts.signatures.map((s) => ({ ...s, ...meanings.get(s.id) }));
	return shapeWrittenRecord({ case: context.case, meeting: context.meeting, members, facts: { ...facts, signatures: signed } });
}

/** What each signer meant: agrees or not and why, who explained the plan, who interpreted. Kept in the signature's row. */
async function signatureMeanings(db: Db, meetingId: string): Promise<Map<string, SignatureMeaning>> {
	const rows = await db
		.select({ id: signatures.id, agrees: signatures.agrees, reason: signatures.reason, explainedBy: signatures.explainedById, interpreter: signatures.interpreter })
		.from(signatures)
		.where(eq(signatures.meetingId, meetingId));
	return new Map(rows.map(({ id, ...meaning }) => [id, meaning]));
}
