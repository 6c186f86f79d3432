// With many processes, exactly one writes a meeting's server-owned roots (mirrored facts, seeding,
// snapshots): the one holding the meeting's PostgreSQL advisory lock. The lock is held on a connection of its
// own for as long as the process has the room loaded; when the process dies its connection closes, the
// database drops the lock, and the next process to ask takes it — so a fact is mirrored once, by one writer.
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
	let connection: Promise<postgres.ReservedSql> | null = null;
	const held = new Set<string>();
	const reserved = () => (connection ??= sql.reserve());
	return {
		async hold(meetingId) {
			if (held.has(meetingId)) return true;
			const conn = await reserved();
			const [row] = await conn<{ taken: boolean }[]>`select pg_try_advisory_lock(hashtextextended(${'core-group.server-roots:' + meetingId}, 0)) as taken`;
			if (row.taken) held.add(meetingId);
			return row.taken;
		},
		async release(meetingId) {
			if (!held.delete(meetingId)) return;
			const conn = await reserved();
			await conn`select pg_advisory_unlock(hashtextextended(${'core-group.server-roots:' + meetingId}, 0))`;
		},
		async close() {
			held.clear();
			const conn = connection;
			connection = null;
			if (conn) (await conn).release();
		}
	};
}
