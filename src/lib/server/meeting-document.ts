// The SvelteKit side's handle on a meeting's live document: the very room the websockets are in, reached
// through the handle the collaboration engine gives (the one thing of the engine the application knows), so
// what a form action records appears live in the room, and what the API reports is what the room holds.
// The handle is provided per database handle by whoever starts the engine (server/engine.ts), through a
// process-wide registry: under `vite dev` the pages and the websocket server are separate module instances.
import { error, isHttpError } from '@sveltejs/kit';
import type * as Y from 'yjs';
import type { MeetingRooms, RoomHandle } from '../../../server/collab/handle';
import type { Db } from './db/client';

const providerKey = Symbol.for('core-group.meeting-rooms');
type Registry = { [providerKey]?: (db: Db) => MeetingRooms };

/** Called by whoever starts the engine: how the application finds the rooms of a database handle. */
export function provideMeetingRooms(roomsOf: (db: Db) => MeetingRooms): void {
	(globalThis as Registry)[providerKey] = roomsOf;
}

/** The rooms of the engine serving `db`; null when no engine runs in this process (a script, a worker). */
function meetingRooms(db: Db): MeetingRooms | null {
	return (globalThis as Registry)[providerKey]?.(db) ?? null;
}

function requiredRooms(db: Db): MeetingRooms {
	const rooms = meetingRooms(db);
	if (!rooms) throw new Error('No collaboration engine runs in this process: start it with server/engine.ts before opening a meeting.');
	return rooms;
}

/** What a person is told when one meeting's stored document cannot be opened or read. */
export const UNREADABLE_MEETING =
	"This meeting's record could not be opened just now. Nothing in it has been lost, and every other meeting works as usual: ask an administrator to repair it (npm run meeting:repair).";

/**
 * Runs `use` with the meeting's live document loaded (and seeded, for a new meeting). A document that cannot
 * be opened or read is a 503 with words for that meeting alone, never a fault that takes others down.
 */
export async function withMeetingDocument<T>(db: Db, meetingId: string, use: (doc: Y.Doc) => T): Promise<T> {
	try {
		return await requiredRooms(db).withRoom(meetingId, async (room) => {
			await room.settled();
			return use(room.doc);
		});
	} catch (e) {
		if (isHttpError(e)) throw e;
		error(503, { message: UNREADABLE_MEETING });
	}
}

/**
 * Resolves once whatever the meeting's live room holds (if this process has it loaded) is stored: what is read
 * from the database then holds at least as much.
 */
export async function meetingChangesStored(db: Db, meetingId: string): Promise<void> {
	await meetingRooms(db)?.changesStored(meetingId);
}

/** An update the application stored as the server's (the close's freeze) reaches every process's room of the meeting. */
export async function deliverStoredUpdate(db: Db, meetingId: string, update: Uint8Array): Promise<void> {
	await meetingRooms(db)?.deliverStored(meetingId, update);
}

/** Runs `use` with the meeting's room (for the server's own writes). */
export function withRoom<T>(db: Db, meetingId: string, use: (room: RoomHandle) => Promise<T>): Promise<T> {
	return requiredRooms(db).withRoom(meetingId, use);
}

/**
 * After a fact is recorded: the meeting's room, if loaded, is brought in line with the record, live for everyone.
 * A room not loaded is not loaded for it: every room mirrors the record as it loads, so it would only cost a
 * long closed meeting's whole document built on the event loop (and compacted on unloading) for each late fact.
 */
export async function mirrorMeetingRecord(db: Db, meetingId: string): Promise<void> {
	await meetingRooms(db)?.mirror(meetingId);
}
