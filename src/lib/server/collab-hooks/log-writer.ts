// Group commit for the update log: every room's pending changes, from every meeting, go to the database
// in one insert per round trip. While one insert is in flight the next batch gathers, so under load a
// commit (and its WAL flush) carries hundreds of edits, and at rest an edit waits for one round trip only.
import type { Db } from '../db/client';
import { appendUpdatesUnlessClosed, MeetingClosedError, type LoggedUpdate } from './store';

interface Waiting {
	meetingId: string;
	batch: readonly LoggedUpdate[];
	resolve(seqs: number[]): void;
	reject(error: unknown): void;
}

/** Rows in one insert at most: well inside PostgreSQL's limit of 65,535 parameters (4 per row). */
const MAX_ROWS = 4_000;

export interface LogWriter {
	/** Appends one room's changes in order; resolves with their sequence numbers once committed. */
	append(meetingId: string, batch: readonly LoggedUpdate[]): Promise<number[]>;
}

function createLogWriter(db: Db): LogWriter {
	let waiting: Waiting[] = [];
	let writing = false;

	async function drain(): Promise<void> {
		writing = true;
		while (waiting.length) {
			// Take whole rooms' batches up to the row limit; a room's batch is never split.
			let rows = 0;
			let take = 0;
			while (take < waiting.length && (take === 0 || rows + waiting[take].batch.length <= MAX_ROWS)) rows += waiting[take++].batch.length;
			const group = waiting.slice(0, take);
			waiting = waiting.slice(take);
			try {
				const seqs = await appendUpdatesUnlessClosed(db, group.flatMap((w) => w.batch.map((u) => ({ ...u, meetingId: w.meetingId }))));
				let at = 0;
				for (const w of group) {
					const mine = seqs.slice(at, at + w.batch.length);
					at += w.batch.length;
					// A room whose meeting closed under it: what it held after the close is not the record's.
					if (mine.some((seq) => seq === null)) w.reject(new MeetingClosedError(w.meetingId));
					else w.resolve(mine as number[]);
				}
			} catch (error) {
				for (const w of group) w.reject(error);
			}
		}
		writing = false;
	}

	return {
		append(meetingId, batch) {
			return new Promise((resolve, reject) => {
				waiting.push({ meetingId, batch, resolve, reject });
				if (!writing) void drain();
			});
		}
	};
}

const writers = new WeakMap<Db, LogWriter>();
/** The one log writer of a database handle, shared by all its rooms. */
export function logWriterFor(db: Db): LogWriter {
	let writer = writers.get(db);
	if (!writer) writers.set(db, (writer = createLogWriter(db)));
	return writer;
}
