// The room follows the record, never the other way round: each fact writes a mirror job in its own
// transaction, and the job is removed only once the meeting's loaded room has been brought in line with the
// committed rows (a room not loaded owes nothing: it mirrors the record as it loads). Mirroring rebuilds the
// room's server-owned part from the rows, so doing it twice is harmless; what could not be mirrored now (a room
// that cannot store its writes, say) is retried by the server until it is.
import { and, eq, lte, max } from 'drizzle-orm';
import type { Db } from './db/client';
import { mirrorJobs } from './db/schema';
import { mirrorMeetingRecord } from './meeting-document';

type Writer = Pick<Db, 'insert'>;

/** Inside the fact's transaction: this meeting's room must show what is about to be committed. */
export async function queueMirror(tx: Writer, meetingId: string): Promise<void> {
	await tx.insert(mirrorJobs).values({ meetingId });
}

/**
 * Mirrors the meeting's record into its room and clears the jobs that this mirror covers (those written
 * before it read the rows). Never throws: a failure leaves the jobs for the retry, and says so in the log
 * without anything from the record.
 */
export async function mirrorQueued(db: Db, meetingId: string): Promise<boolean> {
	const [{ upTo }] = await db.select({ upTo: max(mirrorJobs.seq) }).from(mirrorJobs).where(eq(mirrorJobs.meetingId, meetingId));
	if (upTo === null) return true;
	try {
		await mirrorMeetingRecord(db, meetingId);
	} catch (error) {
		console.error(`Meeting ${meetingId}: its live room could not be brought in line with the record yet (${error instanceof Error ? error.message : 'unknown error'}). The record is kept; mirroring is retried.`);
		return false;
	}
	await db.delete(mirrorJobs).where(and(eq(mirrorJobs.meetingId, meetingId), lte(mirrorJobs.seq, Number(upTo))));
	return true;
}

/** Every meeting with a mirror job left over (a failure, or a restart in between): mirrored now. */
export async function retryMirrors(db: Db): Promise<{ mirrored: number; failed: number }> {
	const waiting = await db.selectDistinct({ meetingId: mirrorJobs.meetingId }).from(mirrorJobs);
	let mirrored = 0;
	for (const { meetingId } of waiting) if (await mirrorQueued(db, meetingId)) mirrored++;
	return { mirrored, failed: waiting.length - mirrored };
}
