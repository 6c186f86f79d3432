// The rooms of one engine, one per meeting with people in it (or a server write under way): loaded on first
// use, unloaded a while after the last person leaves. With many processes, a room joins its meeting's relay
// before it loads (so nothing stored meanwhile is missed), and the rooms that do not write their meeting's
// server-owned roots keep asking, so one takes over when the writer stops.
import type { CollabHooks, RelayMessage } from './hooks';
import type { MeetingRooms, RoomHandle } from './handle';
import { Room } from './room';

/** How long an empty room stays loaded, so a flaky connection does not reload it from the database. */
const UNLOAD_AFTER_MS = 10_000;
/** How often a room that does not write its server-owned roots asks whether it may now (the writer stopped). */
const TAKE_OVER_EVERY_MS = 1_000;

/**
 * How long a room being opened waits for the relay to the other processes (Redis) before it gives up. A room
 * that cannot hear the other processes is not opened at all — served here alone, its attendees and another
 * process's would edit the same meeting without seeing each other — so a device is refused with a 503 it
 * retries, in words that say nothing is lost; rooms already open carry on and catch up once the relay is back.
 */
const RELAY_WAIT_MS = 5_000;

/** The relay to the other processes did not answer in time: the room is not opened. */
export class RelayUnavailableError extends Error {
	constructor(meetingId: string, waitedMs: number) {
		super(`Meeting ${meetingId}: the relay to the other processes did not answer within ${waitedMs} ms`);
	}
}

export interface EngineOptions {
	/** How long opening a room waits for the relay (RELAY_WAIT_MS). */
	relayWaitMs?: number;
}

interface Entry {
	room: Promise<Room>;
	unloadTimer: ReturnType<typeof setTimeout> | null;
}

export interface RoomEngine extends MeetingRooms {
	/** The room of a meeting, loading it on first use. Pair with `release`. */
	open(meetingId: string, caseId?: string | null): Promise<Room>;
	/** After a use or a connection ends: an empty room is unloaded once it has stayed empty a while. */
	release(meetingId: string): void;
	/** On a graceful stop: every loaded room compacts its log, so each meeting opens from one snapshot next time. */
	snapshotLoaded(): Promise<void>;
	/** Forgets every room, so whatever opens a meeting next loads it from the store again. */
	unloadAll(): void;
	/** Rooms loaded now (for tests and the load benchmark). */
	loadedCount(): number;
	/** Stops the engine's timers and its relay (after the rooms were snapshotted and unloaded). */
	stop(): Promise<void>;
	readonly hooks: CollabHooks;
}

export function createRoomEngine(hooks: CollabHooks, options: EngineOptions = {}): RoomEngine {
	const rooms = new Map<string, Entry>();
	const relay = hooks.relay;

	async function load(meetingId: string, caseId: string | null): Promise<Room> {
		let room: Room | null = null;
		if (relay) {
			// Joined before loading: what another process stores from now on arrives here, even while loading.
			const early: RelayMessage[] = [];
			const joined = relay.join(meetingId, (message) => {
				if (room) void room.receiveRelayed(message).catch(() => {});
				else early.push(message);
			});
			const waitMs = options.relayWaitMs ?? RELAY_WAIT_MS;
			let timer: ReturnType<typeof setTimeout> | undefined;
			const gaveUp = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new RelayUnavailableError(meetingId, waitMs)), waitMs)));
			await Promise.race([joined, gaveUp]).finally(() => clearTimeout(timer));
			const writer = await relay.writesServerRoots(meetingId);
			room = await Room.load(meetingId, hooks, { caseId, writesServerRoots: writer, onBroken: () => forget(meetingId) });
			for (const message of early) void room.receiveRelayed(message).catch(() => {});
			return room;
		}
		room = await Room.load(meetingId, hooks, { caseId, onBroken: () => forget(meetingId) });
		return room;
	}

	function forget(meetingId: string): void {
		rooms.delete(meetingId);
		if (relay) {
			relay.leave(meetingId);
			void relay.release?.(meetingId).catch(() => {});
		}
	}

	async function open(meetingId: string, caseId: string | null = null): Promise<Room> {
		let entry = rooms.get(meetingId);
		if (!entry) {
			const created: Entry = { room: load(meetingId, caseId), unloadTimer: null };
			entry = created;
			rooms.set(meetingId, created);
			created.room.catch(() => rooms.get(meetingId) === created && forget(meetingId));
		}
		if (entry.unloadTimer) {
			clearTimeout(entry.unloadTimer);
			entry.unloadTimer = null;
		}
		const room = await entry.room;
		if (room.broken) {
			if (rooms.get(meetingId) === entry) forget(meetingId);
			return open(meetingId, caseId);
		}
		return room;
	}

	function release(meetingId: string): void {
		const entry = rooms.get(meetingId);
		if (!entry) return;
		void entry.room
			.then((room) => {
				if (room.connections.size > 0 || entry.unloadTimer) return;
				entry.unloadTimer = setTimeout(() => {
					entry.unloadTimer = null;
					if (room.connections.size > 0) return;
					void room.compactForUnload().finally(() => {
						if (room.connections.size > 0 || rooms.get(meetingId) !== entry) return;
						forget(meetingId);
						room.destroy();
					});
				}, UNLOAD_AFTER_MS);
				entry.unloadTimer.unref();
			})
			.catch(() => {});
	}

	async function withRoom<T>(meetingId: string, use: (room: RoomHandle) => Promise<T>): Promise<T> {
		const room = await open(meetingId);
		try {
			return await use(room);
		} finally {
			release(meetingId);
		}
	}

	// The writer of a meeting's server-owned roots holds it while its room is loaded; when it stops (or dies),
	// one of the other processes with the room loaded takes over and brings the roots in line with the record.
	// The writer asks too, so it stops writing once it has lost the lock (see Relay.writesServerRoots).
	const takeOver = relay
		? setInterval(() => {
				for (const [meetingId, entry] of rooms)
					void entry.room
						.then(async (room) => {
							if (room.broken) return;
							const writes = await relay.writesServerRoots(meetingId);
							if (writes && !room.writesServerRoots) await room.takeOverServerRoots();
							// Its lock went with its connection to the database (PostgreSQL restarted): another process writes now.
							else if (!writes && room.writesServerRoots) room.writesServerRoots = false;
						})
						.catch(() => {});
			}, TAKE_OVER_EVERY_MS)
		: null;
	takeOver?.unref();

	return {
		hooks,
		open,
		release,
		withRoom,
		async withLoadedRoom(meetingId, use) {
			if (!rooms.has(meetingId)) return undefined;
			return withRoom(meetingId, use);
		},
		async mirror(meetingId) {
			if (rooms.has(meetingId)) await withRoom(meetingId, (room) => room.mirrorRecord());
			// Loaded elsewhere, perhaps: the process writing its server-owned roots mirrors.
			else relay?.publish(meetingId, { kind: 'mirror' });
		},
		async deliverStored(meetingId, update) {
			relay?.publish(meetingId, { kind: 'update', update, memberId: null });
			const room = await rooms.get(meetingId)?.room.catch(() => null);
			await room?.applyStored(update);
		},
		async changesStored(meetingId) {
			const room = await rooms.get(meetingId)?.room.catch(() => null);
			await room?.changesStored();
		},
		async snapshotLoaded() {
			await Promise.all([...rooms.values()].map((entry) => entry.room.then((room) => room.snapshot()).catch(() => {})));
		},
		unloadAll() {
			for (const [meetingId, entry] of rooms) {
				forget(meetingId);
				if (entry.unloadTimer) clearTimeout(entry.unloadTimer);
				void entry.room.then((room) => room.destroy()).catch(() => {});
			}
		},
		loadedCount: () => rooms.size,
		async stop() {
			if (takeOver) clearInterval(takeOver);
			await relay?.close();
		}
	};
}
