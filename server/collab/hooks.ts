// What the engine needs from the application, as named hooks (as Hocuspocus's onAuthenticate /
// onLoadDocument / onStoreDocument, or the reference server's setPersistence): who is connecting, a meeting's
// stored document, storing updates and snapshots, the record's server-owned facts, the audit of a refusal,
// and the relay to other processes. The engine decides the order (firewall → store → relay); the hooks
// decide where things live. An in-memory implementation of these is all the engine's tests need.
import type { IncomingMessage } from 'node:http';
import type { ClientIdOwners, MeetingFacts, PlanJson, Role } from '../../src/lib/plan';

/** A member as the room knows them. Who they are is fixed for the connection; their role follows the record. */
export interface Attendee {
	readonly userId: string;
	/** The core-group membership id; null for an administrator who is not in the core group. */
	readonly memberId: string | null;
	readonly name: string;
	/** Write rights follow the role; a non-member administrator reads as an observer. */
	role: Role;
	readonly sessionId: string;
}

/** Where a connected person stands now, by the record. */
export type Standing = { kind: 'allowed'; role: Role } | { kind: 'signed-out' } | { kind: 'removed' };

export type UpgradeDecision =
	| { ok: true; meetingId: string; caseId: string; attendee: Attendee }
	| {
			ok: false;
			status: 400 | 401 | 403 | 404;
			reason: string;
			meetingId: string | null;
			/** The signed-in person refused, or null when nobody could be named (no or no valid session). */
			userId: string | null;
	  };

/** One update to store, and who sent it (both null for the server's own writes). */
export interface LoggedUpdate {
	update: Uint8Array;
	memberId: string | null;
	userId: string | null;
}

/** A meeting's document as stored: the parts to apply in order (latest snapshot, then the log after it). */
export interface StoredDocument {
	/** Empty when the meeting has no document yet. Each part can be sent or applied as it is. */
	parts: Uint8Array[];
	/** The last stored update included (the store's own numbering); 0 when none. */
	lastSeq: number;
	/** Updates stored after the latest snapshot (a hint for when to compact next). */
	sinceSnapshot: number;
	/** Who owns each Yjs client id written so far (DESIGN §4 rule 8: it survives unloading and restarts). */
	owners: ClientIdOwners;
}

/** The updates stored after a given one, in order: what a loaded room may still lack. */
export interface StoredTail {
	updates: { seq: number; update: Uint8Array; memberId: string | null }[];
}

/** What the engine reports for the audit log; the application decides how each is recorded. */
export type CollabEvent =
	| { kind: 'upgrade-refused'; meetingId: string | null; userId: string | null; status: number; reason: string; address: string | null }
	| { kind: 'upgrade-throttled'; address: string | null }
	| { kind: 'update-refused'; meetingId: string; caseId: string | null; attendee: Attendee; reason: string }
	| { kind: 'connection-ended'; meetingId: string; attendee: Attendee; reason: string }
	| { kind: 'save-failed'; meetingId: string; error: unknown };

/** A message between processes serving the same meeting (see relay.ts). */
export type RelayMessage =
	/** An update the sending process has stored, with its author (so every process knows who owns its client ids). */
	| { kind: 'update'; update: Uint8Array; memberId: string | null }
	/** Presence from the sending process's connections. */
	| { kind: 'awareness'; update: Uint8Array }
	/** The record's facts changed: the process that writes this meeting's server-owned roots mirrors them. */
	| { kind: 'mirror' }
	/** Never sent: the relay says it may have missed messages (it was cut off), so the room catches up from the store. */
	| { kind: 'resync' };

/** How this process reaches the others serving the same meetings (Redis pub/sub in production). */
export interface Relay {
	/** Starts receiving a meeting's messages from other processes (never this process's own). Resolves once subscribed. */
	join(meetingId: string, receive: (message: RelayMessage) => void): Promise<void>;
	leave(meetingId: string): void;
	publish(meetingId: string, message: RelayMessage): void;
	/**
	 * Whether this process writes the meeting's server-owned roots (mirrored facts, seeding): exactly one process
	 * does at a time, so a fact is mirrored once. Asked again every second while the room stays loaded, so
	 * another process takes over when the writer dies, and a writer that lost it (its database connection
	 * dropped) stops writing.
	 */
	writesServerRoots(meetingId: string): Promise<boolean>;
	/** This process stops serving the meeting: another may take over its server-owned roots. */
	release?(meetingId: string): Promise<void>;
	close(): Promise<void>;
}

export interface CollabHooks {
	/** Who is at the other end of an upgrade to /collab/<meetingId>; refuses before any document byte is sent. */
	authenticate(req: IncomingMessage, meetingId: string): Promise<UpgradeDecision>;
	/** Where each connected person stands now, in the order given (DESIGN §4 rule 8). */
	standing(attendees: readonly Attendee[]): Promise<Standing[]>;
	/** The meeting's stored document. */
	load(meetingId: string): Promise<StoredDocument>;
	/**
	 * The updates stored after `afterSeq`. A room that has caught up once reads only these to catch up again,
	 * not the whole document (see Room.catchUp). Absent: it loads the whole document each time.
	 */
	loadAfter?(meetingId: string, afterSeq: number): Promise<StoredTail>;
	/** The plan a meeting with no document yet starts from (the last closed meeting's), or null. */
	carriedOverPlan(meetingId: string): Promise<PlanJson | null>;
	/** The core group's membership ids now: the only owners an action may be given. */
	memberIds(meetingId: string): Promise<Set<string>>;
	/** Stores one room's updates, in order, durably; resolves with their sequence numbers. */
	storeUpdates(meetingId: string, batch: readonly LoggedUpdate[]): Promise<number[]>;
	/**
	 * The highest stored sequence number of the meeting below which no update can still be committed (a row
	 * another process numbered earlier but commits later). Absent: the store commits in the order it numbers.
	 */
	committedUpTo?(meetingId: string): Promise<number>;
	/** Stores a snapshot of the document covering every update up to `upToSeq`. */
	storeSnapshot(meetingId: string, upToSeq: number, state: Uint8Array, owners: ClientIdOwners): Promise<void>;
	/** The record's server-owned facts of the meeting (status, stamps, attendance, …), or null if there is no such meeting. */
	facts(meetingId: string): Promise<MeetingFacts | null>;
	/** Records a refusal or an ended connection. May be awaited (a refused upgrade is recorded before the answer). */
	audit(event: CollabEvent): void | Promise<void>;
	/** Called once as the engine stops: flush whatever the audit batches. */
	stop?(): Promise<void>;
	/** With many processes: how this one reaches the others. Absent: one process. */
	relay?: Relay;
}
