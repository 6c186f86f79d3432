// The meeting document in the database (the collaboration engine's load, store and snapshot hooks): an append-only log of every accepted update (who, when) and
// snapshots that compact it. A room loads its latest snapshot plus the log after it; the log is never
// trimmed, because it is the evidence of who changed what.
import { and, asc, desc, eq, gt, inArray, isNull, lte, max, ne } from 'drizzle-orm';
import type postgres from 'postgres';
import * as Y from 'yjs';
import { postgresClientOf, type Db } from '../db/client';
import { meetings, meetingSnapshots, meetingUpdates, memberships } from '../db/schema';
import { addLoggedOwners, ownersFromJson, ownersToJson, readPlan, seedMeetingDocument, type ClientIdOwners, type PlanJson } from '../../plan';

/** One update to append, and who sent it (both null for the server's own writes). */
export interface LoggedUpdate {
	update: Uint8Array;
	memberId: string | null;
	userId: string | null;
}

/**
 * Appends the rows in one statement; returns the sequence number of each, in the order given, or null for a
 * member's row refused because its meeting is closed. (Rows of a multi-row insert take their serial numbers
 * in order, so a room's updates keep their order in the log.)
 *
 * A closed meeting's log takes the server's rows only. The check and the insert are one statement, under a
 * key-share lock on the meeting's row: the close takes that row FOR UPDATE before it marks the meeting closed
 * and reads the final plan from the log (closeMeeting), so an insert either commits before the close reads the
 * log or waits for the close and is refused — whichever process stores it. No edit lands after the close.
 * Every row takes that lock before it takes its sequence number, the server's too: so a reader holding the row
 * FOR UPDATE sees every row numbered so far committed (committedUpTo).
 *
 * Every edit waits for this before it is relayed, so on PostgreSQL it is written straight to postgres.js:
 * through Drizzle's query builder the insert took about twice as long under load (`npm run bench`).
 */
export async function appendUpdatesUnlessClosed(db: Db, rows: readonly (LoggedUpdate & { meetingId: string })[]): Promise<(number | null)[]> {
	const sql = postgresClientOf(db);
	if (sql) return insertUnlessClosed(sql, rows);
	// The embedded database serves one connection at a time: the check and the insert cannot be split by a close.
	const memberMeetings = [...new Set(rows.filter((u) => u.memberId !== null).map((u) => u.meetingId))];
	const closed = new Set(
		memberMeetings.length
			? (await db.select({ id: meetings.id }).from(meetings).where(and(inArray(meetings.id, memberMeetings), eq(meetings.status, 'closed')))).map((m) => m.id)
			: []
	);
	const allowed = rows.filter((u) => u.memberId === null || !closed.has(u.meetingId));
	const inserted = allowed.length
		? await db
				.insert(meetingUpdates)
				.values(allowed.map((u) => ({ meetingId: u.meetingId, memberId: u.memberId, userId: u.userId, update: u.update })))
				.returning({ seq: meetingUpdates.seq })
		: [];
	const seqs = inserted.map((r) => r.seq).sort((a, b) => a - b);
	let next = 0;
	return rows.map((u) => (u.memberId === null || !closed.has(u.meetingId) ? seqs[next++] : null));
}

/**
 * The highest sequence number of the meeting's log below which every row is committed: no insert under way
 * can still commit a lower one. (Sequence numbers are taken in one order and committed in another: a row from
 * another process may hold a number below one already committed.) A snapshot covers the rows up to this
 * number, once its document holds them all.
 */
export async function committedUpTo(db: Db, meetingId: string): Promise<number> {
	const sql = postgresClientOf(db);
	// The embedded database serves one connection at a time: what it holds is committed.
	if (!sql) {
		const [row] = await db.select({ seq: max(meetingUpdates.seq) }).from(meetingUpdates).where(eq(meetingUpdates.meetingId, meetingId));
		return Number(row?.seq ?? 0);
	}
	// FOR UPDATE waits for every insert that holds a share of the meeting's row (it took its number under it)
	// and holds back new ones until the maximum is read: a moment, one index lookup.
	const [row] = await sql.begin(async (tx) => {
		await tx`select 1 from meetings where id = ${meetingId} for update`;
		return tx<{ seq: string }[]>`select coalesce(max(seq), 0) as seq from meeting_updates where meeting_id = ${meetingId}`;
	});
	return Number(row.seq);
}

/** The same, for rows that must all be stored: a refused row (its meeting closed) rejects. */
export async function appendUpdates(db: Db, rows: readonly (LoggedUpdate & { meetingId: string })[]): Promise<number[]> {
	const seqs = await appendUpdatesUnlessClosed(db, rows);
	const refusedAt = seqs.indexOf(null);
	if (refusedAt >= 0) throw new MeetingClosedError(rows[refusedAt].meetingId);
	return seqs as number[];
}

/** The insert of appendUpdatesUnlessClosed on PostgreSQL, through a client or inside a transaction. */
export async function insertUnlessClosed(sql: postgres.Sql | postgres.TransactionSql, rows: readonly (LoggedUpdate & { meetingId: string })[]): Promise<(number | null)[]> {
	// One statement whatever the batch's size (four arrays, unnested): PostgreSQL plans it once and
	// postgres.js keeps it prepared, where a VALUES list of as many rows as the batch was a new statement
	// to parse and plan for every size. (The foreign key takes the same key-share lock on the meeting's row.)
	const bytes = rows.map((u) => Buffer.from(u.update.buffer, u.update.byteOffset, u.update.byteLength));
	const [result] = await sql<{ refused: string[]; seqs: string[] }[]>`with rows as (
			select u.*, exists (select 1 from meetings m where m.id = u.meeting_id and (u.member_id is null or m.status <> 'closed') for key share) as allowed
			from unnest(${sql.array(rows.map((u) => u.meetingId))}::uuid[], ${sql.array(rows.map((u) => u.memberId))}::uuid[], ${sql.array(rows.map((u) => u.userId))}::uuid[], ${sql.array(bytes, 17)}::bytea[])
				with ordinality as u(meeting_id, member_id, user_id, update, ord)
		), inserted as (
			insert into meeting_updates (meeting_id, member_id, user_id, update)
			select meeting_id, member_id, user_id, update from rows where allowed order by ord
			returning seq
		)
		select (select coalesce(array_agg(ord order by ord), '{}') from rows where not allowed) as refused,
			(select coalesce(array_agg(seq order by seq), '{}') from inserted) as seqs`;
	const refusedRows = new Set(result.refused.map((ord) => Number(ord) - 1));
	const seqs = result.seqs.map(Number);
	let next = 0;
	return rows.map((_, i) => (refusedRows.has(i) ? null : seqs[next++]));
}

/** A member's update refused by the store: the meeting was closed before it could be stored. */
export class MeetingClosedError extends Error {
	constructor(meetingId: string) {
		super(`Meeting ${meetingId} is closed: an update that reached the server after the close was not stored`);
	}
}

export interface StoredDocument {
	/**
	 * What the database holds, as updates to apply in order: the latest snapshot, then the log after it merged
	 * into one. Empty when the meeting has no document yet. Kept apart because merging a long meeting's
	 * snapshot with anything re-encodes all of it (tens of milliseconds), while each part can be sent or
	 * applied as it is.
	 */
	parts: Uint8Array[];
	/** The last log row included; 0 when none. */
	lastSeq: number;
	/** Log rows after the latest snapshot (a hint for when to compact next). */
	sinceSnapshot: number;
	/** Who owns each client id written so far (DESIGN §4 rule 8: it survives unloading and restarts). */
	owners: ClientIdOwners;
}

export async function loadStoredDocument(db: Db, meetingId: string): Promise<StoredDocument> {
	const [snapshot] = await db
		.select({ upToSeq: meetingSnapshots.upToSeq, state: meetingSnapshots.state, clientOwners: meetingSnapshots.clientOwners })
		.from(meetingSnapshots)
		.where(eq(meetingSnapshots.meetingId, meetingId))
		// Of two snapshots up to the same row, the later one (a repair) counts.
		.orderBy(desc(meetingSnapshots.upToSeq), desc(meetingSnapshots.id))
		.limit(1);
	const after = snapshot?.upToSeq ?? 0;
	const { updates: log } = await loadStoredAfter(db, meetingId, after);
	const owners: ClientIdOwners = snapshot?.clientOwners ? ownersFromJson(snapshot.clientOwners) : new Map();
	// A snapshot from before owners were kept with it: read them from the log it compacted, once.
	if (snapshot && !snapshot.clientOwners) addLoggedOwners(owners, await loggedUpTo(db, meetingId, after));
	addLoggedOwners(owners, log);
	// The log after a snapshot is short (see SNAPSHOT_EVERY), and merging its small updates is cheap.
	const tail = log.length > 1 ? Y.mergeUpdates(log.map((r) => r.update)) : log[0]?.update;
	return {
		parts: [snapshot?.state, tail].filter((part): part is Uint8Array => part !== undefined),
		lastSeq: log.at(-1)?.seq ?? after,
		sinceSnapshot: log.length,
		owners
	};
}

/** Updates stored after a given one, in order, with their writers. */
export interface StoredTail {
	updates: { seq: number; update: Uint8Array; memberId: string | null }[];
}

/** The updates stored after `afterSeq` (a room catching up: Room.catchUp). */
export async function loadStoredAfter(db: Db, meetingId: string, afterSeq: number): Promise<StoredTail> {
	const updates = await db
		.select({ seq: meetingUpdates.seq, memberId: meetingUpdates.memberId, update: meetingUpdates.update })
		.from(meetingUpdates)
		.where(and(eq(meetingUpdates.meetingId, meetingId), gt(meetingUpdates.seq, afterSeq)))
		.orderBy(asc(meetingUpdates.seq));
	return { updates };
}

function loggedUpTo(db: Db, meetingId: string, upToSeq: number) {
	return db
		.select({ memberId: meetingUpdates.memberId, update: meetingUpdates.update })
		.from(meetingUpdates)
		.where(and(eq(meetingUpdates.meetingId, meetingId), lte(meetingUpdates.seq, upToSeq)))
		.orderBy(asc(meetingUpdates.seq));
}

/** Applies stored parts to a document in one transaction. */
export function applyStored(doc: Y.Doc, parts: readonly Uint8Array[], origin?: unknown): void {
	doc.transact(() => {
		for (const part of parts) Y.applyUpdate(doc, part);
	}, origin);
}

export async function storeSnapshot(db: Db, meetingId: string, upToSeq: number, state: Uint8Array, owners: ClientIdOwners): Promise<void> {
	await db.insert(meetingSnapshots).values({ meetingId, upToSeq, state, clientOwners: ownersToJson(owners) });
}

/**
 * The plan a new meeting starts from: the final plan of the case's latest closed meeting, if there is one
 * (the plan carries over; the minutes start empty).
 */
export async function carriedOverPlan(db: Db, meetingId: string): Promise<PlanJson | null> {
	const [meeting] = await db.select({ caseId: meetings.caseId }).from(meetings).where(eq(meetings.id, meetingId));
	if (!meeting) return null;
	const [previous] = await db
		.select({ id: meetings.id })
		.from(meetings)
		.where(and(eq(meetings.caseId, meeting.caseId), eq(meetings.status, 'closed'), ne(meetings.id, meetingId)))
		.orderBy(desc(meetings.closedAt))
		.limit(1);
	return previous ? storedPlan(db, previous.id) : null;
}

/** The meeting document as the database holds it (null when the meeting has no document yet). */
export async function storedDocument(db: Db, meetingId: string): Promise<Y.Doc | null> {
	const stored = await loadStoredDocument(db, meetingId);
	if (stored.parts.length === 0) return null;
	const doc = new Y.Doc();
	applyStored(doc, stored.parts);
	return doc;
}

/**
 * The meeting document as the database holds it; for a meeting whose document has not been made yet (nobody has
 * opened its room: a fact recorded on it does not load one), the document it will be seeded with. `storedState`
 * is the state vector of what the database holds, so a caller can take what the seeding added as an update.
 * The caller destroys the document.
 */
export async function storedOrSeededDocument(db: Db, meetingId: string): Promise<{ doc: Y.Doc; storedState: Uint8Array }> {
	const stored = await loadStoredDocument(db, meetingId);
	const doc = new Y.Doc();
	applyStored(doc, stored.parts);
	const storedState = Y.encodeStateVector(doc);
	if (stored.parts.length === 0) seedMeetingDocument(doc, await carriedOverPlan(db, meetingId));
	return { doc, storedState };
}

/** The plan as the database holds it for a meeting (or will seed it with: storedOrSeededDocument). */
export async function storedPlan(db: Db, meetingId: string): Promise<PlanJson> {
	const { doc } = await storedOrSeededDocument(db, meetingId);
	try {
		return readPlan(doc);
	} finally {
		doc.destroy();
	}
}

/** The membership ids of the meeting's core group now: the only owners an action may be given. */
export async function coreGroupMemberIds(db: Db, meetingId: string): Promise<Set<string>> {
	const rows = await db
		.select({ id: memberships.id })
		.from(memberships)
		.innerJoin(meetings, eq(meetings.caseId, memberships.caseId))
		.where(and(eq(meetings.id, meetingId), isNull(memberships.removedAt)));
	return new Set(rows.map((r) => r.id));
}
