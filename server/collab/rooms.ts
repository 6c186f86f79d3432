// The rooms of this process, one per meeting with people in it. The registry lives on globalThis: under
// `vite dev` the page modules and the websocket server are separate module instances, and a server-owned
// fact recorded by a form action must reach the very room the sockets are in.
import { appendAudit } from '../../src/lib/server/audit';
import type { Db } from '../../src/lib/server/db/client';
import { Room, type RoomConnection } from './room';

/** How long an empty room stays loaded, so a flaky connection does not reload it from the database. */
const UNLOAD_AFTER_MS = 10_000;

interface Entry {
	room: Promise<Room>;
	unloadTimer: ReturnType<typeof setTimeout> | null;
}

const registryKey = Symbol.for('core-group.rooms');
type Registry = { [registryKey]?: Map<string, Entry> };
function registry(): Map<string, Entry> {
	const g = globalThis as Registry;
	return (g[registryKey] ??= new Map());
}

function loadRoom(db: Db, meetingId: string, caseId: string | null): Promise<Room> {
	return Room.load(db, meetingId, {
		updateRefused(conn: RoomConnection, reason: string) {
			void appendAudit(db, {
				action: 'update-refused',
				actorUserId: conn.attendee.userId,
				caseId,
				meetingId,
				detail: { reason, role: conn.attendee.role, memberId: conn.attendee.memberId }
			}).catch(() => {});
		},
		saveFailed(error: unknown) {
			registry().delete(meetingId);
			// The cause names the database problem; it carries no plan content.
			console.error(`Meeting ${meetingId}: the update log could not be written (${error instanceof Error ? error.message : 'unknown error'}). The room was reset.`);
		}
	});
}

/** The room of a meeting, loading it on first use. */
export async function openRoom(db: Db, meetingId: string, caseId: string | null = null): Promise<Room> {
	const rooms = registry();
	let entry = rooms.get(meetingId);
	if (!entry) {
		entry = { room: loadRoom(db, meetingId, caseId), unloadTimer: null };
		rooms.set(meetingId, entry);
		entry.room.catch(() => rooms.delete(meetingId));
	}
	if (entry.unloadTimer) {
		clearTimeout(entry.unloadTimer);
		entry.unloadTimer = null;
	}
	const room = await entry.room;
	if (room.broken) {
		rooms.delete(meetingId);
		return openRoom(db, meetingId, caseId);
	}
	return room;
}

/** After a connection leaves: an empty room is unloaded once it has stayed empty a while (compacted first if worth it). */
export function releaseRoom(meetingId: string): void {
	const entry = registry().get(meetingId);
	if (!entry) return;
	void entry.room.then((room) => {
		if (room.connections.size > 0 || entry.unloadTimer) return;
		entry.unloadTimer = setTimeout(() => {
			entry.unloadTimer = null;
			if (room.connections.size > 0) return;
			void room.compactForUnload().finally(() => {
				if (room.connections.size > 0 || registry().get(meetingId) !== entry) return;
				registry().delete(meetingId);
				room.destroy();
			});
		}, UNLOAD_AFTER_MS);
		entry.unloadTimer.unref();
	});
}

/**
 * On a graceful stop: every loaded room compacts the log written since its last snapshot, so after a restart
 * (a deploy, say) each meeting opens from one snapshot. A room that cannot is simply opened from its log.
 */
export async function snapshotLoadedRooms(): Promise<void> {
	await Promise.all([...registry().values()].map((entry) => entry.room.then((room) => room.snapshot()).catch(() => {})));
}

/** After a stop: forget every room, so whatever opens a meeting next loads it from the database again. */
export function unloadRooms(): void {
	const rooms = registry();
	for (const [meetingId, entry] of rooms) {
		rooms.delete(meetingId);
		if (entry.unloadTimer) clearTimeout(entry.unloadTimer);
		void entry.room.then((room) => room.destroy()).catch(() => {});
	}
}

/**
 * Runs `use` with the meeting's room if this process has it loaded (or loading); otherwise does nothing and
 * resolves undefined. For the server's writes that only a loaded room needs: a room mirrors the record as it loads.
 */
export async function withLoadedRoom<T>(db: Db, meetingId: string, use: (room: Room) => Promise<T>): Promise<T | undefined> {
	if (!registry().has(meetingId)) return undefined;
	const room = await openRoom(db, meetingId);
	try {
		return await use(room);
	} finally {
		releaseRoom(meetingId);
	}
}

/**
 * Resolves once the meeting's room, if this process has it loaded, has stored every change it holds: what is
 * read from the database after this (by a PDF worker, say) holds at least what the room held.
 */
export async function roomChangesStored(meetingId: string): Promise<void> {
	const room = await registry().get(meetingId)?.room.catch(() => null);
	await room?.changesStored();
}

/** Rooms loaded now (for tests and the load benchmark). */
export function loadedRoomCount(): number {
	return registry().size;
}
