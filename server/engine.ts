// The collaboration engine wired to the application: one engine (its rooms) per database handle, with the
// application's hooks over that database and, when REDIS_URL is set, the relay to the other processes. The
// application finds the rooms through the handle registered here; the engines live on globalThis because
// under `vite dev` the pages and the websocket server are separate module instances.
import type { Db } from '../src/lib/server/db/client';
import { collabHooks } from '../src/lib/server/collab-hooks';
import { provideMeetingRooms } from '../src/lib/server/meeting-document';
import { createRoomEngine, type Relay, type RoomEngine } from './collab';
import { createRedisRelay } from './relay/redis-relay';
import { serverRootsLock } from '../src/lib/server/collab-hooks/server-roots-lock';

const enginesKey = Symbol.for('core-group.room-engines');
type Registry = { [enginesKey]?: Map<Db, RoomEngine> };
function engines(): Map<Db, RoomEngine> {
	return ((globalThis as Registry)[enginesKey] ??= new Map());
}

/** The relay to other processes when REDIS_URL names one; otherwise none (one process serves every meeting). */
function relayFor(db: Db): Relay | undefined {
	const url = process.env.REDIS_URL?.trim();
	if (!url) return undefined;
	return createRedisRelay(url, serverRootsLock(db));
}

/** The engine serving `db`'s meetings, made on first use. */
export function roomEngineFor(db: Db): RoomEngine {
	let engine = engines().get(db);
	if (!engine) engines().set(db, (engine = createRoomEngine({ ...collabHooks(db), relay: relayFor(db) })));
	return engine;
}

/** Makes the engines reachable from the application (form actions, the API, the record). */
export function installRoomEngines(): void {
	provideMeetingRooms(roomEngineFor);
}

/** Stops an engine for good (its relay's connections too): after its servers closed. */
export async function stopRoomEngine(db: Db): Promise<void> {
	const engine = engines().get(db);
	if (!engine) return;
	engines().delete(db);
	engine.unloadAll();
	await engine.stop();
}

/** Forgets every loaded room of every engine (tests: the next use loads from the database). */
export function unloadRooms(): void {
	for (const engine of engines().values()) engine.unloadAll();
}

/** Rooms loaded now in this process (tests and the load benchmark). */
export function loadedRoomCount(): number {
	let count = 0;
	for (const engine of engines().values()) count += engine.loadedCount();
	return count;
}

/** The room of a meeting in `db`'s engine, loading it if needed (tests). */
export function openRoom(db: Db, meetingId: string) {
	return roomEngineFor(db).open(meetingId);
}
