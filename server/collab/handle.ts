// The handle the application reaches a meeting's room through (as Hocuspocus's direct connection): the one
// type of the engine the application imports. The server's own writes, the close's stored freeze, mirroring the
// record, and reading the live document all go through it.
import type * as Y from 'yjs';

/** A meeting's loaded room, as the application may use it. */
export interface RoomHandle {
	/** The live document: read it; write only through `serverWrite`. */
	readonly doc: Y.Doc;
	/** Resolves when the document is built and every change made so far is stored and relayed. */
	settled(): Promise<void>;
	/** The server's own write (a stamp, a fact): stored, then relayed. */
	serverWrite(write: (doc: Y.Doc) => void): Promise<void>;
	/** Brings the server-owned roots in line with the record. */
	mirrorRecord(): Promise<void>;
	/** Compacts the log into a snapshot now. */
	snapshot(): Promise<void>;
}

/** The rooms of this process's engine. */
export interface MeetingRooms {
	/** Runs `use` with the meeting's room, loading it if needed; a room that cannot be loaded rejects. */
	withRoom<T>(meetingId: string, use: (room: RoomHandle) => Promise<T>): Promise<T>;
	/** Runs `use` only if this process has the meeting's room loaded (or loading); otherwise resolves undefined. */
	withLoadedRoom<T>(meetingId: string, use: (room: RoomHandle) => Promise<T>): Promise<T | undefined>;
	/**
	 * The record's facts changed: the room that writes the meeting's server-owned roots mirrors them, in this
	 * process or (with many processes) another. A room loaded nowhere owes nothing: it mirrors as it loads.
	 */
	mirror(meetingId: string): Promise<void>;
	/**
	 * An update the application has stored itself as the server's (the close's freeze): every process with the
	 * meeting's room loaded applies it and sends it to its connections. Resolves once this process's room has.
	 */
	deliverStored(meetingId: string, update: Uint8Array): Promise<void>;
	/** Resolves once the meeting's room, if loaded here, has stored every change it holds. */
	changesStored(meetingId: string): Promise<void>;
}
