// Rescue for a meeting whose stored document cannot be opened or read (a bug, or a document written before
// today's firewall). Its log is replayed, update by update, through today's firewall with each update's own
// author, so the report names every update that would be refused now; the repair then builds the document
// from the log without the named updates and stores it as a new snapshot — a new row, nothing deleted, the
// log kept whole as the evidence of what was sent.
import { asc, eq } from 'drizzle-orm';
import * as Y from 'yjs';
import { addLoggedOwners, ownersToJson, seedMeetingDocument, SERVER_OWNER, type ClientIdOwners, type Role } from '../src/lib/plan';
import type { Db } from '../src/lib/server/db/client';
import { meetings, meetingSnapshots, meetingUpdates, memberships } from '../src/lib/server/db/schema';
import { appendAudit } from '../src/lib/server/audit';
import { appendUpdates, coreGroupMemberIds } from '../src/lib/server/collab-hooks/store';
import { checkUpdate } from './collab/firewall';

export interface LoggedUpdateReport {
	seq: number;
	memberId: string | null;
	at: Date;
	bytes: number;
	/** Why today's firewall would refuse it; null when it would take it (or when the server wrote it). */
	refusal: string | null;
}

interface LogRow {
	seq: number;
	memberId: string | null;
	at: Date;
	update: Uint8Array;
}

async function logOf(db: Db, meetingId: string): Promise<LogRow[]> {
	return db
		.select({ seq: meetingUpdates.seq, memberId: meetingUpdates.memberId, at: meetingUpdates.at, update: meetingUpdates.update })
		.from(meetingUpdates)
		.where(eq(meetingUpdates.meetingId, meetingId))
		.orderBy(asc(meetingUpdates.seq));
}

/** Replays the whole log through today's firewall, skipping `exclude`: what each update would meet now, and the document that results. */
async function replay(db: Db, meetingId: string, exclude: ReadonlySet<number>) {
	const [log, memberIds, roles] = await Promise.all([
		logOf(db, meetingId),
		coreGroupMemberIds(db, meetingId),
		// Everyone ever in the case's core group, with the role they have now (the log does not keep roles).
		db
			.select({ id: memberships.id, role: memberships.role })
			.from(memberships)
			.innerJoin(meetings, eq(meetings.caseId, memberships.caseId))
			.where(eq(meetings.id, meetingId))
	]);
	const roleOf = new Map(roles.map((r) => [r.id, r.role as Role]));
	const doc = new Y.Doc({ gc: false });
	const owners: ClientIdOwners = new Map();
	const report: LoggedUpdateReport[] = [];
	const kept: LogRow[] = [];
	for (const row of log) {
		if (exclude.has(row.seq)) continue;
		let refusal: string | null = null;
		// The server's own writes (seeding, stamps, facts) are not a member's to be judged.
		if (row.memberId !== null) {
			try {
				const decision = checkUpdate(doc, row.update, { role: roleOf.get(row.memberId) ?? 'observer', memberId: row.memberId }, {
					owners,
					// Anyone who was ever in the core group may have been an action's owner when it was written.
					isMember: (id) => memberIds.has(id) || roleOf.has(id),
					documentBytes: 0
				});
				if (!decision.ok) refusal = decision.reason;
			} catch (error) {
				refusal = `could not be judged (${error instanceof Error ? error.name : 'error'})`;
			}
		}
		report.push({ seq: row.seq, memberId: row.memberId, at: row.at, bytes: row.update.byteLength, refusal });
		try {
			Y.applyUpdate(doc, row.update);
			kept.push(row);
			addLoggedOwners(owners, [row]);
		} catch {
			report.at(-1)!.refusal ??= 'could not be applied';
		}
		if (row.memberId === null) for (const client of Y.parseUpdateMeta(row.update).from.keys()) owners.set(client, SERVER_OWNER);
	}
	return { report, doc, owners, lastSeq: log.at(-1)?.seq ?? 0 };
}

/** Every logged update of the meeting, and whether today's firewall would take it. */
export async function inspectMeetingLog(db: Db, meetingId: string): Promise<LoggedUpdateReport[]> {
	const { report, doc } = await replay(db, meetingId, new Set());
	doc.destroy();
	return report;
}

/**
 * Rebuilds the meeting's document from its log without the `exclude`d updates and stores it as a new
 * snapshot covering the whole log, so the meeting opens from it. Run it while nobody is in the meeting
 * (a room already open keeps its own copy until it empties and unloads).
 */
export async function repairMeeting(db: Db, meetingId: string, exclude: ReadonlySet<number>): Promise<{ snapshotId: number; upToSeq: number; excluded: number[] }> {
	const { doc, owners, lastSeq } = await replay(db, meetingId, exclude);
	// Sections an excluded update had created come back empty rather than missing: a write of the server's,
	// logged like any other, so the snapshot holds nothing the log does not.
	owners.set(doc.clientID, SERVER_OWNER);
	const seeding: Uint8Array[] = [];
	doc.on('update', (update: Uint8Array) => seeding.push(update));
	seedMeetingDocument(doc);
	let upToSeq = lastSeq;
	if (seeding.length) [upToSeq] = (await appendUpdates(db, [{ meetingId, memberId: null, userId: null, update: Y.mergeUpdates(seeding) }])).slice(-1);
	const state = Y.encodeStateAsUpdate(doc);
	doc.destroy();
	const excluded = [...exclude].sort((a, b) => a - b);
	// The snapshot that opens the meeting from now on and the audit row that says why commit together: a repair
	// is never in force unrecorded. (The seeding above is an ordinary write of the server's, harmless alone.)
	const snapshotId = await db.transaction(async (tx) => {
		const [row] = await tx
			.insert(meetingSnapshots)
			.values({ meetingId, upToSeq, state, clientOwners: ownersToJson(owners) })
			.returning({ id: meetingSnapshots.id });
		await appendAudit(tx, { action: 'meeting-repaired', meetingId, detail: { excluded, snapshotId: row.id, upToSeq } });
		return row.id;
	});
	return { snapshotId, upToSeq, excluded };
}
