// One meeting's live room: its document, the connections in it, and the one path every change takes —
// firewall → document → write-ahead log → relay. Nothing another attendee receives can be lost by a crash,
// because a change is relayed only after the database has it (DESIGN §4 rule 3).
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { MEETING, PLAN, mayPrepare, mirrorFacts, planHash, presenceRefusal, serverOrigin, seedMeetingDocument } from '../../src/lib/plan';
import { loadMeetingFacts } from '../../src/lib/server/meeting-facts-query';
import type { Db } from '../../src/lib/server/db/client';
import { CloseCode } from '../../src/lib/collab/close-codes';
import { checkUpdate } from './firewall';
import type { Attendee } from './identity';
import { logWriterFor } from './log-writer';
import { SERVER_OWNER, type ClientIdOwners } from './client-ids';
import { applyStored, carriedOverPlan, coreGroupMemberIds, loadStoredDocument, storeSnapshot, type LoggedUpdate } from './persistence';
import {
	MalformedMessage,
	awarenessMessage,
	decodeAwarenessUpdate,
	encodeAwarenessUpdate,
	syncStep1Message,
	syncStep2Message,
	updateMessage,
	type ClientMessage
} from './protocol';

/** A connection as the room sees it: who it is, and how to reach it. */
export interface RoomConnection {
	attendee: Attendee;
	send(message: Uint8Array): void;
	close(code: number, reason: string): void;
}

/** What the room reports for the audit log; the caller decides how it is recorded. */
export interface RoomEvents {
	updateRefused(conn: RoomConnection, reason: string): void;
	/** The log could not be written: the room is being reset from the database. */
	saveFailed(error: unknown): void;
}

/** An update with no structs and no deletions (Yjs encodes it as two zero counts). */
const isEmptyUpdate = (update: Uint8Array) => update.length === 2 && update[0] === 0 && update[1] === 0;

/** Log rows after which a snapshot is written in the background. */
const SNAPSHOT_EVERY = 500;
/**
 * Log rows after the last snapshot from which unloading a room compacts them. A shorter tail loads in moments
 * as it is, while compacting means building and encoding the whole document: for a long closed meeting that a
 * late fact or a record briefly loaded, a stall of a hundred milliseconds for every other room, to save nothing.
 */
const COMPACT_ON_UNLOAD = 100;

interface PendingChange extends LoggedUpdate {
	/** The connection it came from (not sent back to it); null for the server's own writes. */
	from: RoomConnection | null;
}

export class Room {
	readonly doc = new Y.Doc();
	readonly awareness = new awarenessProtocol.Awareness(this.doc);
	readonly connections = new Map<RoomConnection, Set<number>>();
	/**
	 * Which member first wrote under each Yjs client id: nobody may write under another's. Rebuilt from the
	 * attributed log when the room loads, so it holds across unloading and restarts.
	 */
	private readonly owners: ClientIdOwners = new Map();
	/** The core group's membership ids (refreshed as people join): the owners an action may be given. */
	private memberIds = new Set<string>();
	/** Bytes of every update the document holds; the firewall keeps it under its limit. */
	private documentBytes = 0;
	private pending: PendingChange[] = [];
	private flushing: Promise<void> | null = null;
	private lastSeq = 0;
	private sinceSnapshot = 0;
	private snapshotting = false;
	/** Set when the log could not be written: the room must not serve a document the database lacks. */
	broken = false;
	/**
	 * A meeting's stored state (snapshot, then the log after it), not yet integrated into `doc`: building a long
	 * meeting's document takes a while, so syncs are answered from these bytes until it is first needed.
	 */
	private unintegrated: Uint8Array[] | null = null;
	private integration: Promise<void> | null = null;
	/** Resolves once the document is built, without being what starts the building. */
	private readonly built = (() => {
		let resolve!: () => void;
		const promise = new Promise<void>((r) => (resolve = r));
		return { promise, resolve };
	})();

	private constructor(
		readonly meetingId: string,
		private readonly db: Db,
		private readonly events: RoomEvents
	) {
		this.awareness.setLocalState(null);
		this.owners.set(this.doc.clientID, SERVER_OWNER);
		this.awareness.on('update', (changes: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) =>
			this.relayAwareness(changes, origin)
		);
	}

	/** Loads the room from its latest snapshot plus the log after it; seeds a new meeting's document. */
	static async load(db: Db, meetingId: string, events: RoomEvents): Promise<Room> {
		const room = new Room(meetingId, db, events);
		const [stored, memberIds] = await Promise.all([loadStoredDocument(db, meetingId), coreGroupMemberIds(db, meetingId)]);
		for (const [client, owner] of stored.owners) room.owners.set(client, owner);
		room.memberIds = memberIds;
		room.documentBytes = stored.parts.reduce((n, part) => n + part.byteLength, 0);
		room.lastSeq = stored.lastSeq;
		room.sinceSnapshot = stored.sinceSnapshot;
		if (stored.parts.length) {
			room.unintegrated = stored.parts;
			return room;
		}
		room.listen();
		// Seeding goes through the normal path, so it is logged (as the server's) like any other change.
		seedMeetingDocument(room.doc, await carriedOverPlan(db, meetingId));
		await room.mirrorNow();
		return room;
	}

	private listen(): void {
		this.doc.on('update', (update: Uint8Array, origin: unknown) => this.queue(update, origin));
	}

	/** Resolves once the document holds the stored state and the record's facts. */
	ready(): Promise<void> {
		if (!this.unintegrated) return this.integration ?? Promise.resolve();
		const parts = this.unintegrated;
		this.integration ??= (async () => {
			// Loading is not a change: the stored state is applied before the room listens for changes to store.
			applyStored(this.doc, parts, serverOrigin);
			this.unintegrated = null;
			this.listen();
			seedMeetingDocument(this.doc);
			await this.mirrorNow();
			this.built.resolve();
		})().catch((error: unknown) => {
			// A stored document that cannot be built (a bug, an old document): this room serves nobody, and the
			// next to open the meeting loads it afresh — after a repair, say.
			this.broken = true;
			throw error;
		});
		return this.integration;
	}

	get isClosed(): boolean {
		return this.doc.getMap(MEETING).get('status') === 'closed';
	}

	/** Not opened yet: the meeting is being prepared (a server-owned fact, mirrored from the record). */
	get isScheduled(): boolean {
		return this.doc.getMap(MEETING).get('status') === 'scheduled';
	}

	/** The chair has paused editing the plan while it is signed (a server-owned fact, mirrored from the record). */
	get isPlanPaused(): boolean {
		return this.doc.getMap(MEETING).get('editingPaused') === true;
	}

	join(conn: RoomConnection): void {
		this.connections.set(conn, new Set());
		// Someone may have joined the core group since the room loaded: they can be given actions now.
		void coreGroupMemberIds(this.db, this.meetingId)
			.then((ids) => (this.memberIds = ids))
			.catch(() => {});
		// Our state vector asks the device for what it has that the record lacks. Reading it from stored bytes
		// means parsing them all, so a room not yet built asks once it is, after the device's own sync is answered.
		if (this.unintegrated) void this.built.promise.then(() => this.connections.has(conn) && conn.send(syncStep1Message(Y.encodeStateVector(this.doc))));
		else conn.send(syncStep1Message(Y.encodeStateVector(this.doc)));
		const states = [...this.awareness.getStates().keys()];
		if (states.length) conn.send(awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, states)));
	}

	leave(conn: RoomConnection): void {
		const controlled = this.connections.get(conn);
		this.connections.delete(conn);
		if (controlled?.size) awarenessProtocol.removeAwarenessStates(this.awareness, [...controlled], null);
	}

	/** Handles one parsed message from a connection in this room. */
	async receive(conn: RoomConnection, message: ClientMessage): Promise<void> {
		switch (message.kind) {
			case 'sync-step-1':
				return this.answerSync(conn, message.stateVector);
			case 'update':
				// A new device's answer to our sync holds nothing: no reason to build the document for it.
				if (isEmptyUpdate(message.update)) return;
				await this.ready();
				this.receiveUpdate(conn, message.update);
				return;
			// Presence does not need the document.
			case 'awareness':
				this.receiveAwareness(conn, message.update);
				return;
			case 'query-awareness':
				conn.send(awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.awareness.getStates().keys()])));
				return;
		}
	}

	/** Sends a device what the record holds and it lacks. */
	private async answerSync(conn: RoomConnection, stateVector: Uint8Array): Promise<void> {
		if (this.unintegrated) {
			// Straight from the stored bytes: the snapshot as a plain update, then the log after it as the answer,
			// so the device counts itself synced only once it has both. The document is built only when first
			// needed — a change to store, or a device that may hold changes made offline — so everyone opening a
			// long meeting after a restart is answered at once, and nobody waits behind the building.
			const fresh = stateVector.length === 1 && stateVector[0] === 0;
			const parts = fresh ? this.unintegrated : this.unintegrated.map((part) => Y.diffUpdate(part, stateVector));
			for (const part of parts.slice(0, -1)) conn.send(updateMessage(part));
			conn.send(syncStep2Message(parts.at(-1)!));
			if (!fresh) void this.ready().catch(() => {});
			return;
		}
		// Answer only with what the database already holds.
		await this.settled();
		conn.send(syncStep2Message(Y.encodeStateAsUpdate(this.doc, stateVector)));
	}

	private receiveUpdate(conn: RoomConnection, update: Uint8Array): void {
		// Only what the record lacks is judged, and only what changes the document is stored (the document's
		// own update event carries exactly that): history re-sent on reconnect is not a new write.
		const memberIds = this.memberIds;
		const decision = checkUpdate(this.doc, update, conn.attendee, {
			owners: this.owners,
			isMember: (id) => memberIds.has(id),
			documentBytes: this.documentBytes
		});
		if (!decision.ok) {
			this.refuse(conn, CloseCode.updateRefused, decision.reason);
			return;
		}
		if (decision.empty) return;
		if (this.isClosed) {
			this.refuse(conn, CloseCode.meetingClosed, 'the meeting is closed and its record is frozen');
			return;
		}
		// Before the meeting opens, the chair, minute-taker and lead social worker prepare it; everyone else reads.
		if (this.isScheduled && !mayPrepare(conn.attendee.role)) {
			this.refuse(conn, CloseCode.notOpenYet, 'until the meeting opens, only the chair, minute-taker and lead social worker prepare it');
			return;
		}
		// While the plan is being signed its words stand still; the minutes may still be taken.
		if (this.isPlanPaused && decision.roots.includes(PLAN)) {
			this.refuse(conn, CloseCode.editingPaused, 'editing the plan is paused while it is signed');
			return;
		}
		for (const id of decision.clientIds) this.owners.set(id, conn.attendee.memberId!);
		Y.applyUpdate(this.doc, update, conn);
	}

	private refuse(conn: RoomConnection, code: number, reason: string): void {
		this.events.updateRefused(conn, reason);
		conn.close(code, reason.slice(0, 120));
	}

	/**
	 * The server's own write (a stamp, a mirrored fact): applied with the server's origin, logged without a
	 * member, relayed to everyone. Resolves once it is stored and relayed.
	 */
	async serverWrite(write: (doc: Y.Doc) => void): Promise<void> {
		await this.ready();
		this.doc.transact(() => write(this.doc), serverOrigin);
		await this.settled();
	}

	private queue(update: Uint8Array, origin: unknown): void {
		const from = this.connections.has(origin as RoomConnection) ? (origin as RoomConnection) : null;
		const attendee = from?.attendee;
		this.pending.push({ update, from, memberId: attendee?.memberId ?? null, userId: attendee?.userId ?? null });
		this.documentBytes += update.byteLength;
		this.flushing ??= this.flush();
	}

	/**
	 * Closes the document to edits, in the same synchronous step as reading the final plan's hash, so no
	 * update can land between the two. Returns that hash; the caller records the close in the database.
	 */
	freeze(closedAt: string, circulateBy: string): string {
		if (this.unintegrated) throw new Error('freeze() before the room is ready: await settled() first');
		const finalPlanHash = planHash(this.doc);
		this.doc.transact(() => {
			const meeting = this.doc.getMap(MEETING);
			meeting.set('status', 'closed');
			meeting.set('closedAt', closedAt);
			meeting.set('circulateBy', circulateBy);
			meeting.set('finalPlanHash', finalPlanHash);
		}, serverOrigin);
		return finalPlanHash;
	}

	/**
	 * Brings the server-owned roots in line with the database's record of the meeting's facts (status and
	 * stamps, attendance, disagreements, written views, signatures), whichever path recorded them.
	 */
	async mirrorRecord(): Promise<void> {
		await this.ready();
		await this.mirrorNow();
	}

	private async mirrorNow(): Promise<void> {
		const facts = await loadMeetingFacts(this.db, this.meetingId);
		if (facts) this.doc.transact(() => mirrorFacts(this.doc, facts), serverOrigin);
		await this.flushed();
	}

	/**
	 * Resolves once every change the room holds is stored, without building a document not yet built (one that
	 * is not built holds nothing unstored). A room that could not store a change holds nothing more than the
	 * database: its changes are discarded, so this resolves then too.
	 */
	async changesStored(): Promise<void> {
		await this.integration?.catch(() => {});
		await this.flushed().catch(() => {});
	}

	/** Resolves when the document is built and every change made so far is stored and relayed. */
	async settled(): Promise<void> {
		await this.ready();
		await this.flushed();
	}

	private async flushed(): Promise<void> {
		while (this.flushing) await this.flushing;
		if (this.broken) throw new Error('the meeting record could not be saved');
	}

	// Group commit: whatever queued while the last batch was being written goes in the next single insert.
	private async flush(): Promise<void> {
		try {
			while (this.pending.length && !this.broken) {
				const batch = this.pending;
				this.pending = [];
				let seqs: number[];
				try {
					seqs = await logWriterFor(this.db).append(this.meetingId, batch);
				} catch (error) {
					this.breakRoom(error);
					return;
				}
				this.lastSeq = seqs.at(-1) ?? this.lastSeq;
				this.sinceSnapshot += batch.length;
				for (const change of batch) this.relay(change);
			}
		} finally {
			this.flushing = null;
		}
		if (this.sinceSnapshot >= SNAPSHOT_EVERY) void this.snapshot();
	}

	private relay(change: PendingChange): void {
		const message = updateMessage(change.update);
		for (const conn of this.connections.keys()) if (conn !== change.from) conn.send(message);
	}

	/**
	 * The document holds changes the database refused: everyone is disconnected and the room discarded, so the
	 * next connection loads what the database really holds. Clients keep their edits and resend them.
	 */
	private breakRoom(error: unknown): void {
		this.broken = true;
		this.pending = [];
		this.events.saveFailed(error);
		for (const conn of [...this.connections.keys()]) conn.close(CloseCode.saveFailed, 'the record could not be saved; reconnecting');
	}

	/** As the room is unloaded: compacts the log after the last snapshot if it is long enough to slow the next load. */
	async compactForUnload(): Promise<void> {
		if (this.sinceSnapshot >= COMPACT_ON_UNLOAD) await this.snapshot();
	}

	/** Compacts the log into a snapshot of the document as it is now (everything up to lastSeq). */
	async snapshot(): Promise<void> {
		if (this.snapshotting || this.broken || this.sinceSnapshot === 0) return;
		this.snapshotting = true;
		try {
			await this.settled();
			const upToSeq = this.lastSeq;
			const state = Y.encodeStateAsUpdate(this.doc);
			const owners = new Map(this.owners);
			const counted = this.sinceSnapshot;
			await storeSnapshot(this.db, this.meetingId, upToSeq, state, owners);
			this.sinceSnapshot -= counted;
		} catch (error) {
			// A missed snapshot loses nothing: the log still holds every update.
			void error;
		} finally {
			this.snapshotting = false;
		}
	}

	private receiveAwareness(conn: RoomConnection, update: Uint8Array): void {
		const controlled = this.connections.get(conn);
		if (!controlled) return;
		const { attendee } = conn;
		const user = { name: attendee.name, role: attendee.role, memberId: attendee.memberId };
		const decoded = decodeAwarenessUpdate(update);
		for (const entry of decoded) {
			const refusal = presenceRefusal(entry.state);
			if (refusal) throw new MalformedMessage(refusal);
		}
		const entries = decoded
			// A connection speaks only for awareness ids it introduced, never for another's.
			.filter((e) => controlled.has(e.clientId) || !this.controlledByOther(conn, e.clientId))
			// Who someone is comes from their session, never from what their page claims.
			.map((e) => ({ ...e, state: e.state === null ? null : { ...e.state, user } }));
		if (entries.length) awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessUpdate(entries), conn);
	}

	private controlledByOther(conn: RoomConnection, clientId: number): boolean {
		for (const [other, ids] of this.connections) if (other !== conn && ids.has(clientId)) return true;
		return false;
	}

	private relayAwareness(changes: { added: number[]; updated: number[]; removed: number[] }, origin: unknown): void {
		const controlled = this.connections.get(origin as RoomConnection);
		if (controlled) {
			for (const id of changes.added) controlled.add(id);
			for (const id of changes.removed) controlled.delete(id);
		}
		const changed = [...changes.added, ...changes.updated, ...changes.removed];
		const message = awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed));
		for (const conn of this.connections.keys()) conn.send(message);
	}

	destroy(): void {
		this.awareness.destroy();
		this.doc.destroy();
	}
}
