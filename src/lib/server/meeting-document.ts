// The SvelteKit side's handle on a meeting's live document: the very room the websockets are in (shared
// through a process-wide registry), so what a form action records appears live in the room, and what the
// API reports is what the room holds.
import type * as Y from 'yjs';
import type { Room } from '../../../server/collab/room';
import { openRoom, releaseRoom } from '../../../server/collab/rooms';
import type { Db } from './db/client';

/** Runs `use` with the meeting's live document loaded (and seeded, for a new meeting). */
export async function withMeetingDocument<T>(db: Db, meetingId: string, use: (doc: Y.Doc) => T): Promise<T> {
	const room = await openRoom(db, meetingId);
	try {
		await room.settled();
		return use(room.doc);
	} finally {
		releaseRoom(meetingId);
	}
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

/** After a fact is recorded: the room's document is brought in line with the record, live for everyone. */
export function mirrorMeetingRecord(db: Db, meetingId: string): Promise<void> {
	return withRoom(db, meetingId, (room) => room.mirrorRecord());
}
