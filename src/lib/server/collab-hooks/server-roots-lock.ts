// With many processes, exactly one writes a meeting's server-owned roots (mirrored facts, seeding,
// snapshots): the one holding the meeting's PostgreSQL advisory lock. The lock is held on a connection of its
// own for as long as the process has the room loaded; when the process dies its connection closes, the
// database drops the lock, and the next process to ask takes it — so a fact is mirrored once, by one writer.
// The same holds when only the connection drops (PostgreSQL restarted): the holder notices within a second.
import type postgres from 'postgres';
import { postgresClientOf, type Db } from '../db/client';

export interface ServerRootsLock {
	/** True if this process holds the meeting's lock (taking it if free). */
	hold(meetingId: string): Promise<boolean>;
	release(meetingId: string): Promise<void>;
	close(): Promise<void>;
}

export function serverRootsLock(db: Db): ServerRootsLock {
	const sql = postgresClientOf(db);
	// The embedded database serves one process only: that process writes everything.
	if (!sql) return { hold: async () => true, release: async () => {}, close: async () => {} };
	const pool = sql;
	let connection: Promise<{ conn: postgres.ReservedSql; pid: number }> | null = null;
	const held = new Set<string>();
	const reserved = () =>
		(connection ??= (async () => {
			const conn = await sql.reserve();
			const [{ pid }] = await conn<{ pid: number }[]>`select pg_backend_pid() as pid`;
			return { conn, pid };
		})());
	/** Forget a lock connection that is gone: its locks went with it. It is not queried again (a query on a
	 * reserved connection whose server side was cut can fail inside the driver, outside any promise), nor given
	 * back to the pool: one connection slot is lost for each time PostgreSQL restarts under a running process. */
	function forget(current: typeof connection): void {
		if (connection !== current) return;
		held.clear();
		connection = null;
		checked = null;
	}
	// The locks live as long as their connection. When it drops (PostgreSQL restarted, the connection was cut),
	// every lock on it is gone, and another process may already have taken them: this process must stop
	// writing. A held lock is re-checked at most once a second whatever the number of rooms, by asking — on
	// another connection of the pool — which advisory locks the lock connection's server process still holds.
	let checked: { at: number; alive: Promise<void> } | null = null;
	function checkConnection(): Promise<void> {
		if (checked && Date.now() - checked.at < 1_000) return checked.alive;
		const current = connection;
		const alive = (async () => {
			if (!current) return;
			try {
				const { pid } = await current;
				const [row] = await pool<{ locks: number }[]>`select count(*)::int as locks from pg_locks where locktype = 'advisory' and granted and pid = ${pid}`;
				if (row.locks === 0) forget(current);
				else if (row.locks < held.size && connection === current) held.clear();
			} catch {
				forget(current);
			}
		})();
		checked = { at: Date.now(), alive };
		return alive;
	}
	return {
		async hold(meetingId) {
			if (held.has(meetingId)) {
				await checkConnection();
				if (held.has(meetingId)) return true;
			}
			const { conn } = await reserved();
			const [row] = await conn<{ taken: boolean }[]>`select pg_try_advisory_lock(hashtextextended(${'core-group.server-roots:' + meetingId}, 0)) as taken`;
			if (row.taken) held.add(meetingId);
			return row.taken;
		},
		async release(meetingId) {
			if (!held.delete(meetingId)) return;
			const { conn } = await reserved();
			await conn`select pg_advisory_unlock(hashtextextended(${'core-group.server-roots:' + meetingId}, 0))`;
		},
		async close() {
			held.clear();
			const conn = connection;
			connection = null;
			if (conn) (await conn).conn.release();
		}
	};
}
