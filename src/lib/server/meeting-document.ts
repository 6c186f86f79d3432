// The SvelteKit side's handle on a meeting's live document: the very room the websockets are in (shared
// through a process-wide registry), so what a form action records appears live in the room, and what the
// API reports is what the room holds.
import { error, isHttpError } from '@sveltejs/kit';
import type * as Y from 'yjs';
import type { Room } from '../../../server/collab/room';
import { openRoom, releaseRoom, roomChangesStored, withLoadedRoom } from '../../../server/collab/rooms';
import type { Db } from './db/client';

/** What a person is told when one meeting's stored document cannot be opened or read. */
export const UNREADABLE_MEETING =
	"This meeting's record could not be opened just now. Nothing in it has been lost, and every other meeting works as usual: ask an administrator to repair it (npm run meeting:repair).";

/**
 * Runs `use` with the meeting's live document loaded (and seeded, for a new meeting). A document that cannot
 * be opened or read is a 503 with words for that meeting alone, never a fault that takes others down.
 */
export async function withMeetingDocument<T>(db: Db, meetingId: string, use: (doc: Y.Doc) => T): Promise<T> {
	let room: Room;
	try {
		room = await openRoom(db, meetingId);
	} catch {
		error(503, { message: UNREADABLE_MEETING });
	}
	try {
		await room.settled();
		return use(room.doc);
	} catch (e) {
		if (isHttpError(e)) throw e;
		error(503, { message: UNREADABLE_MEETING });
	} finally {
		releaseRoom(meetingId);
	}
}

/**
 * Resolves once whatever the meeting's live room holds (if this process has it loaded) is stored: what is read
 * from the database then holds at least as much.
 */
export function meetingChangesStored(meetingId: string): Promise<void> {
	return roomChangesStored(meetingId);
}

/** Runs `use` with the meeting's room (for the server's own writes). */
export async function withRoom<T>(db: Db, meetingId: string, use: (room: Room) => Promise<T>): Promise<T> {
	const room = await openRoom(db, meetingId);
	try {
		return await use(room);
	} finally {
		releaseRoom(meetingId);
	}
}

/**
 * After a fact is recorded: the meeting's room, if loaded, is brought in line with the record, live for everyone.
 * A room not loaded is not loaded for it: every room mirrors the record as it loads, so it would only cost a
 * long closed meeting's whole document built on the event loop (and compacted on unloading) for each late fact.
 */
export async function mirrorMeetingRecord(db: Db, meetingId: string): Promise<void> {
	await withLoadedRoom(db, meetingId, (room) => room.mirrorRecord());
}
