// One meeting's live room: its document, and the one path every change takes — firewall → document →
// write-ahead log (the store hook) → relay, to this room's connections and to the other processes serving
// the meeting. Connections and presence live in presence.ts, the log in write-ahead.ts, the stored bytes a
// room answers from before its document is built in stored-state.ts.
import * as Y from 'yjs';
import { SERVER_OWNER, addLoggedOwners, mirrorFacts, remoteOrigin, seedMeetingDocument, serverOrigin, type ClientIdOwners } from '../../src/lib/plan';
import { CloseCode } from '../../src/lib/collab/close-codes';
import { admitUpdate } from './admission';
import type { CollabHooks, RelayMessage } from './hooks';
import { Presence, type RoomConnection } from './presence';
import { syncStep1Message, syncStep2Message, updateMessage, type ClientMessage } from './protocol';
import { StoredState } from './stored-state';
import { WriteAhead, type PendingChange } from './write-ahead';
import type { RoomHandle } from './handle';

export type { RoomConnection };

/** An update with no structs and no deletions (Yjs encodes it as two zero counts). */
const isEmptyUpdate = (update: Uint8Array) => update.length === 2 && update[0] === 0 && update[1] === 0;

/**
 * Log rows after which a snapshot is written in the background: at least this many, and up to half as many
 * again, drawn afresh for each snapshot. Rooms that started together (a restart, a morning of meetings) would
 * otherwise reach the same count together and all encode and store their documents in the same moment, a
 * stall every live room feels (several snapshots within 0.1 s in the records bench's database log).
 */
const SNAPSHOT_EVERY = 500;
const nextSnapshotAfter = () => SNAPSHOT_EVERY + Math.floor(Math.random() * (SNAPSHOT_EVERY / 2));
/**
 * Log rows after the last snapshot from which unloading a room compacts them. A shorter tail loads in moments
 * as it is, while compacting means building and encoding the whole document: for a long closed meeting that a
 * late fact or a record briefly loaded, a stall of a hundred milliseconds for every other room, to save nothing.
 */
const COMPACT_ON_UNLOAD = 100;

/** What a room needs beyond its hooks: the case (for the audit), and whether it writes the server-owned roots. */
export interface RoomOptions {
	caseId?: string | null;
	/** Exactly one process writes a meeting's server-owned roots (see Relay.writesServerRoots); with one process, this one. */
	writesServerRoots?: boolean;
	/** The store refused a change: the room is being discarded. */
	onBroken?: () => void;
}

export class Room implements RoomHandle {
	readonly doc = new Y.Doc();
	readonly presence: Presence;
	/**
	 * Which member first wrote under each Yjs client id: nobody may write under another's. Rebuilt from the
	 * attributed log when the room loads, so it holds across unloading and restarts.
	 */
	readonly owners: ClientIdOwners = new Map();
	/** The core group's membership ids (refreshed as people join): the owners an action may be given. */
	memberIds = new Set<string>();
	/** Bytes of every update the document holds; the firewall keeps it under its limit. */
	documentBytes = 0;
	private readonly log: WriteAhead<RoomConnection>;
	private readonly stored = new StoredState();
	private snapshotting = false;
	private snapshotAfter = nextSnapshotAfter();
	/**
	 * Every stored update up to this number is in the document (once built): what the store said was committed
	 * before the room loaded or last caught up. Catching up reads only the updates after it; null when the store
	 * cannot say what is committed, and catching up reads the whole document.
	 */
	private caughtUpTo: number | null = null;
	/**
	 * The updates this room stored itself since it last caught up, by sequence number: its document holds them
	 * already, so catching up skips them. Kept only where the room takes snapshots and catches up from a known
	 * point (each snapshot prunes it).
	 */
	private readonly storedHere = new Set<number>();
	writesServerRoots: boolean;

	private constructor(
		readonly meetingId: string,
		private readonly hooks: CollabHooks,
		private readonly options: RoomOptions
	) {
		this.writesServerRoots = options.writesServerRoots ?? true;
		const relay = hooks.relay;
		this.presence = new Presence(this.doc, relay ? (update) => relay.publish(meetingId, { kind: 'awareness', update }) : null);
		this.owners.set(this.doc.clientID, SERVER_OWNER);
		this.log = new WriteAhead<RoomConnection>({
			store: async (batch) => {
				const seqs = await hooks.storeUpdates(meetingId, batch);
				if (this.writesServerRoots && this.caughtUpTo !== null) for (const seq of seqs) this.storedHere.add(seq);
				return seqs;
			},
			stored: (change) => this.relay(change),
			failed: (error) => this.breakRoom(error)
		});
	}

	get connections(): Map<RoomConnection, Set<number>> {
		return this.presence.connections;
	}

	/** Set when the log could not be written: the room must not serve a document the database lacks. */
	get broken(): boolean {
		return this.log.broken || this.stored.failed;
	}

	/** Loads the room from its stored document; the process that writes the server-owned roots seeds a new meeting's. */
	static async load(meetingId: string, hooks: CollabHooks, options: RoomOptions = {}): Promise<Room> {
		const room = new Room(meetingId, hooks, options);
		// Read first: every update up to it is committed, so the document loaded next holds them all, and the
		// room's snapshots catch up from there rather than from the whole document again.
		const committed = hooks.loadAfter && hooks.committedUpTo ? await hooks.committedUpTo(meetingId) : null;
		const [stored, memberIds] = await Promise.all([hooks.load(meetingId), hooks.memberIds(meetingId)]);
		room.caughtUpTo = committed;
		for (const [client, owner] of stored.owners) room.owners.set(client, owner);
		room.memberIds = memberIds;
		room.documentBytes = stored.parts.reduce((n, part) => n + part.byteLength, 0);
		room.log.lastSeq = stored.lastSeq;
		room.log.sinceSnapshot = stored.sinceSnapshot;
		if (stored.parts.length) {
			room.stored.hold(stored.parts);
			return room;
		}
		room.listen();
		if (room.writesServerRoots) {
			// Seeding goes through the normal path, so it is logged (as the server's) like any other change.
			seedMeetingDocument(room.doc, await hooks.carriedOverPlan(meetingId));
			await room.mirrorNow();
		}
		return room;
	}

	private listen(): void {
		this.doc.on('update', (update: Uint8Array, origin: unknown) => this.queue(update, origin));
	}

	/** Resolves once the document holds the stored state (and, in the writing process, the record's facts). */
	ready(): Promise<void> {
		return this.stored.integrate(async (parts) => {
			// Loading is not a change: the stored state is applied before the room listens for changes to store.
			this.doc.transact(() => {
				for (const part of parts) Y.applyUpdate(this.doc, part);
			}, serverOrigin);
			this.listen();
			if (this.writesServerRoots) {
				seedMeetingDocument(this.doc);
				await this.mirrorNow();
			}
		});
	}

	join(conn: RoomConnection): void {
		// Someone may have joined the core group since the room loaded: they can be given actions now.
		void this.hooks
			.memberIds(this.meetingId)
			.then((ids) => (this.memberIds = ids))
			.catch(() => {});
		this.presence.add(conn);
		// Our state vector asks the device for what it has that the record lacks. Reading it from stored bytes
		// means parsing them all, so a room not yet built asks once it is, after the device's own sync is answered.
		if (this.stored.holding) void this.stored.built.then(() => this.connections.has(conn) && conn.send(syncStep1Message(Y.encodeStateVector(this.doc))));
		else conn.send(syncStep1Message(Y.encodeStateVector(this.doc)));
	}

	leave(conn: RoomConnection): void {
		this.presence.remove(conn);
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
				this.presence.receive(conn, message.update);
				return;
			case 'query-awareness':
				conn.send(this.presence.everyone());
				return;
		}
	}

	/** Sends a device what the record holds and it lacks. */
	private async answerSync(conn: RoomConnection, stateVector: Uint8Array): Promise<void> {
		if (this.stored.answerSync(conn, stateVector)) {
			// A device that may hold changes made offline needs the document built to take them.
			if (!(stateVector.length === 1 && stateVector[0] === 0)) void this.ready().catch(() => {});
			return;
		}
		// Answer only with what the database already holds.
		await this.settled();
		conn.send(syncStep2Message(Y.encodeStateAsUpdate(this.doc, stateVector)));
	}

	private receiveUpdate(conn: RoomConnection, update: Uint8Array): void {
		// Only what changes the document is stored (the document's own update event carries exactly that).
		const admission = admitUpdate(this.doc, update, conn.attendee, this);
		if (!admission.ok) return this.refuse(conn, admission.code, admission.reason);
		if (admission.empty) return;
		for (const id of admission.clientIds) this.owners.set(id, conn.attendee.memberId!);
		Y.applyUpdate(this.doc, update, conn);
	}

	private refuse(conn: RoomConnection, code: number, reason: string): void {
		void Promise.resolve(
			this.hooks.audit({ kind: 'update-refused', meetingId: this.meetingId, caseId: this.options.caseId ?? null, attendee: conn.attendee, reason })
		).catch(() => {});
		conn.close(code, reason.slice(0, 120));
	}

	/** A message another process serving this meeting relayed. */
	async receiveRelayed(message: RelayMessage): Promise<void> {
		if (message.kind === 'awareness') return this.presence.receiveRelayed(message.update);
		await this.ready();
		if (message.kind === 'mirror') {
			if (this.writesServerRoots) await this.mirrorNow();
			return;
		}
		if (message.kind === 'resync') {
			await this.catchUp();
			return;
		}
		// Already stored by the process that relays it: applied, then sent on to this room's connections.
		addLoggedOwners(this.owners, [message]);
		Y.applyUpdate(this.doc, message.update, remoteOrigin);
	}

	/**
	 * Applies everything stored, as if relayed: only what this room lacked changes it (and goes to its
	 * connections). Returns the last stored sequence number the document now holds everything up to.
	 *
	 * Only the updates stored after the point the room last caught up to (or loaded at) are read, and of those
	 * only the ones stored elsewhere are applied. Reading and applying the whole document again for each
	 * background snapshot held the event loop for tens of milliseconds, and applying again the several hundred
	 * updates the room had stored itself for about twenty: a stall every live room felt (`npm run bench:records`).
	 */
	private async catchUp(): Promise<number> {
		const from = this.caughtUpTo;
		if (from !== null && this.hooks.loadAfter) {
			const { updates } = await this.hooks.loadAfter(this.meetingId, from);
			const storedElsewhere = updates.filter(({ seq }) => !this.storedHere.has(seq));
			addLoggedOwners(this.owners, storedElsewhere);
			this.doc.transact(() => {
				for (const { update } of storedElsewhere) Y.applyUpdate(this.doc, update);
			}, remoteOrigin);
			return updates.at(-1)?.seq ?? from;
		}
		const stored = await this.hooks.load(this.meetingId);
		for (const [client, owner] of stored.owners) if (!this.owners.has(client)) this.owners.set(client, owner);
		this.doc.transact(() => {
			for (const part of stored.parts) Y.applyUpdate(this.doc, part);
		}, remoteOrigin);
		return stored.lastSeq;
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
		this.documentBytes += update.byteLength;
		if (origin === remoteOrigin) {
			// Stored by the process it came from: this room only passes it on.
			const message = updateMessage(update);
			for (const conn of this.connections.keys()) conn.send(message);
			return;
		}
		const from = this.connections.has(origin as RoomConnection) ? (origin as RoomConnection) : null;
		const attendee = from?.attendee;
		this.log.push({ update, from, memberId: attendee?.memberId ?? null, userId: attendee?.userId ?? null });
	}

	private relay(change: PendingChange<RoomConnection>): void {
		const message = updateMessage(change.update);
		for (const conn of this.connections.keys()) if (conn !== change.from) conn.send(message);
		this.hooks.relay?.publish(this.meetingId, { kind: 'update', update: change.update, memberId: change.memberId });
		if (this.log.sinceSnapshot >= this.snapshotAfter && !this.snapshotting) queueMicrotask(() => void this.snapshot());
	}

	/**
	 * An update the application stored itself, as the server's (the close's freeze, written in one transaction
	 * with reading the final plan from the log): applied here and sent on to this room's connections, as if
	 * relayed. The caller relays it to the other processes.
	 */
	async applyStored(update: Uint8Array): Promise<void> {
		await this.receiveRelayed({ kind: 'update', update, memberId: null });
	}

	/**
	 * Brings the server-owned roots in line with the record of the meeting's facts (status and stamps,
	 * attendance, disagreements, written views, signatures), whichever path recorded them. With many processes
	 * only the one that writes this meeting's server-owned roots does; any other asks it to.
	 */
	async mirrorRecord(): Promise<void> {
		await this.ready();
		if (this.writesServerRoots) return this.mirrorNow();
		this.hooks.relay?.publish(this.meetingId, { kind: 'mirror' });
	}

	private async mirrorNow(): Promise<void> {
		const facts = await this.hooks.facts(this.meetingId);
		if (facts) this.doc.transact(() => mirrorFacts(this.doc, facts), serverOrigin);
		await this.log.flushed();
	}

	/** This process has become the one that writes the meeting's server-owned roots (the last one stopped). */
	async takeOverServerRoots(): Promise<void> {
		this.writesServerRoots = true;
		await this.ready();
		seedMeetingDocument(this.doc);
		await this.mirrorNow();
	}

	/**
	 * Resolves once every change the room holds is stored, without building a document not yet built (one that
	 * is not built holds nothing unstored). A room that could not store a change holds nothing more than the
	 * database: its changes are discarded, so this resolves then too.
	 */
	async changesStored(): Promise<void> {
		await this.stored.integration?.catch(() => {});
		await this.log.flushed().catch(() => {});
	}

	/** Resolves when the document is built and every change made so far is stored and relayed. */
	async settled(): Promise<void> {
		await this.ready();
		await this.log.flushed();
	}

	/**
	 * The document holds changes the database refused: everyone is disconnected and the room discarded, so the
	 * next connection loads what the database really holds. Clients keep their edits and resend them.
	 */
	private breakRoom(error: unknown): void {
		void Promise.resolve(this.hooks.audit({ kind: 'save-failed', meetingId: this.meetingId, error })).catch(() => {});
		this.options.onBroken?.();
		for (const conn of [...this.connections.keys()]) conn.close(CloseCode.saveFailed, 'the record could not be saved; reconnecting');
	}

	/** As the room is unloaded: compacts the log after the last snapshot if it is long enough to slow the next load. */
	async compactForUnload(): Promise<void> {
		if (this.log.sinceSnapshot >= COMPACT_ON_UNLOAD) await this.snapshot();
	}

	/** Compacts the log into a snapshot of the document as it is now. With many processes, only the writer of server roots does. */
	async snapshot(): Promise<void> {
		if (this.snapshotting || this.broken || this.log.sinceSnapshot === 0 || !this.writesServerRoots) return;
		this.snapshotting = true;
		try {
			await this.settled();
			// The log holds updates stored elsewhere too (other processes, the close's freeze), some perhaps
			// numbered before others yet committed after them: the snapshot covers exactly the rows every one of
			// which is committed (committedUpTo), once the document has caught up with them from the store.
			let upToSeq: number;
			if (this.hooks.committedUpTo) {
				upToSeq = await this.hooks.committedUpTo(this.meetingId);
				await this.catchUp();
				// Every update up to it was committed before the catch-up read, so the document holds them all.
				this.caughtUpTo = Math.max(this.caughtUpTo ?? 0, upToSeq);
				for (const seq of this.storedHere) if (seq <= this.caughtUpTo) this.storedHere.delete(seq);
			} else upToSeq = this.hooks.relay ? Math.max(this.log.lastSeq, await this.catchUp()) : this.log.lastSeq;
			await this.log.flushed();
			// A change taken meanwhile and not yet stored might never be (the store may refuse it): no snapshot now.
			if (!this.log.idle || this.broken) return;
			const state = Y.encodeStateAsUpdate(this.doc);
			const owners = new Map(this.owners);
			const counted = this.log.sinceSnapshot;
			await this.hooks.storeSnapshot(this.meetingId, upToSeq, state, owners);
			this.log.sinceSnapshot -= counted;
			this.snapshotAfter = nextSnapshotAfter();
		} catch {
			// A missed snapshot loses nothing: the log still holds every update.
		} finally {
			this.snapshotting = false;
		}
	}

	destroy(): void {
		this.presence.destroy();
		this.doc.destroy();
	}
}
