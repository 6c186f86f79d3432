// Every version of the plan that a signature, an e-mail confirmation or a close refers to, kept under its
// hash as the canonical JSON the hash was computed over (DESIGN §5 "Plan versions"). Appended only: a
// version is written once and never changed, so what anyone signed can always be shown again.
import { and, eq } from 'drizzle-orm';
import type { Db } from './db/client';
import { meetings, planVersions, type Meeting } from './db/schema';
import { storedOrSeededDocument } from './collab-hooks/store';
import { withMeetingDocument } from './meeting-document';
import { serverPlanVersion } from './plan-hash';
import type { Tx } from './record-fact';

export interface PlanVersion {
	planHash: string;
	/** The canonical JSON text, byte for byte what was hashed. */
	plan: string;
}

const HASH = /^[0-9a-f]{64}$/;
export const isPlanHash = (value: unknown): value is string => typeof value === 'string' && HASH.test(value);

/** Keeps a version (once: a second store of the same hash changes nothing). Runs inside the caller's transaction. */
export async function storePlanVersion(db: Pick<Db, 'insert'>, meetingId: string, version: PlanVersion): Promise<void> {
	await db.insert(planVersions).values({ meetingId, planHash: version.planHash, plan: version.plan }).onConflictDoNothing();
}

/** The plan as the live document holds it now, as a version. */
export function livePlanVersion(db: Db, meetingId: string): Promise<PlanVersion> {
	return withMeetingDocument(db, meetingId, serverPlanVersion);
}

/**
 * The plan as the stored log holds it, read with the meeting's row locked FOR UPDATE: for an opening, a signature
 * or an e-mail confirmation, bound to the version the record holds at that moment. With many processes this
 * process's room may lag the log by a relay (an edit stored through another process, not yet arrived), so the
 * room is not asked. Every insert of a member's update takes a share of this row lock before its sequence
 * number (insertUnlessClosed), so no edit can be stored between this read and the caller's commit: what is
 * bound is still the plan in force when it commits. Run it first in the caller's transaction (lock order:
 * the meeting's row, then anything else), and store this process's own pending edits before it
 * (meetingChangesStored). A meeting with nothing stored yet holds the plan it will be seeded with.
 */
export async function lockedPlanVersion(tx: Tx, meetingId: string): Promise<PlanVersion> {
	const db = tx as unknown as Db;
	await db.select({ id: meetings.id }).from(meetings).where(eq(meetings.id, meetingId)).for('update');
	const { doc } = await storedOrSeededDocument(db, meetingId);
	try {
		return serverPlanVersion(doc);
	} finally {
		doc.destroy();
	}
}

/** Keeps the final plan of a closed meeting: its document is frozen, so what it holds is that version. */
export async function storeFinalPlanVersion(db: Db, meeting: Meeting): Promise<void> {
	if (meeting.status !== 'closed' || !meeting.finalPlanHash) return;
	const version = await livePlanVersion(db, meeting.id);
	if (version.planHash === meeting.finalPlanHash) await storePlanVersion(db, meeting.id, version);
}

/** One stored version of this meeting's plan, or null (also for another meeting's hash). */
export async function planVersionOf(db: Db, meeting: Meeting, planHash: string): Promise<{ planHash: string; plan: string; at: Date } | null> {
	if (!isPlanHash(planHash)) return null;
	const find = async () => (await db.select().from(planVersions).where(and(eq(planVersions.meetingId, meeting.id), eq(planVersions.planHash, planHash))))[0];
	let row = await find();
	// A close made before versions were kept (or whose version was not yet written) still refers to its hash.
	if (!row && planHash === meeting.finalPlanHash) {
		await storeFinalPlanVersion(db, meeting);
		row = await find();
	}
	return row ? { planHash: row.planHash, plan: row.plan, at: row.at } : null;
}

/** Every stored version of the meeting's plan, oldest first: the versions one can compare. */
export async function planVersionsOf(db: Db, meetingId: string): Promise<{ planHash: string; at: Date }[]> {
	const rows = await db.select({ planHash: planVersions.planHash, at: planVersions.at }).from(planVersions).where(eq(planVersions.meetingId, meetingId));
	return rows.sort((a, b) => a.at.getTime() - b.at.getTime());
}
