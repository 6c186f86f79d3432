// One way for a fact to enter the record: the fact's rows, its audit row and its mirror job commit in one
// transaction, so none can exist without the others (DESIGN §4 rule 12). The live room is brought in line
// after the commit, from the committed rows; if that fails the fact still stands and the server retries.
import { appendAudit, type AuditEntry } from './audit';
import type { Db } from './db/client';
import { mirrorQueued, queueMirror } from './mirror-queue';

/** The transaction a fact is written in. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface Recorded<T> {
	value: T;
	audit: AuditEntry;
}

/**
 * Runs `write` in a transaction; when it returns what was recorded, its audit row and (for a meeting's fact)
 * a mirror job are written in the same transaction, then the room is mirrored. When `write` returns null
 * nothing was recorded and nothing else is written.
 */
export async function recordFact<T>(db: Db, meetingId: string | null, write: (tx: Tx) => Promise<Recorded<T> | null>): Promise<T | null> {
	const recorded = await db.transaction(async (tx) => {
		const done = await write(tx);
		if (!done) return null;
		await appendAudit(tx, done.audit);
		if (meetingId) await queueMirror(tx, meetingId);
		return done;
	});
	if (recorded && meetingId) await mirrorQueued(db, meetingId);
	return recorded ? recorded.value : null;
}
