// A room's write-ahead log (DESIGN §4 rule 3): every change the document takes is handed to the store hook,
// and handed on to be relayed only once the store hook has resolved — so nothing another attendee (or
// another process) has seen can be lost by a crash. Group commit: whatever queues while one batch is being
// stored goes in the next.
import type { LoggedUpdate } from './hooks';

export interface PendingChange<From> extends LoggedUpdate {
	/** Where it came from (not sent back there); null for the server's own writes. */
	from: From | null;
}

export interface WriteAheadHooks<From> {
	/** Stores a batch durably; resolves with the sequence number of each. */
	store(batch: readonly LoggedUpdate[]): Promise<number[]>;
	/** Called for each change of a stored batch, in order: the only place a change is relayed from. */
	stored(change: PendingChange<From>): void;
	/** The store refused a batch: the room holds changes the record lacks. */
	failed(error: unknown): void;
}

export class WriteAhead<From> {
	private pending: PendingChange<From>[] = [];
	private flushing: Promise<void> | null = null;
	/** The sequence number of the last change stored. */
	lastSeq = 0;
	/** Changes stored since the last snapshot. */
	sinceSnapshot = 0;
	/** Set when a batch could not be stored: nothing more is taken. */
	broken = false;

	constructor(private readonly hooks: WriteAheadHooks<From>) {}

	push(change: PendingChange<From>): void {
		if (this.broken) return;
		this.pending.push(change);
		this.flushing ??= this.flush();
	}

	/** True when no change is waiting to be stored or being stored. */
	get idle(): boolean {
		return this.flushing === null && this.pending.length === 0;
	}

	/** Resolves once every change pushed so far is stored and relayed; rejects if the log could not be written. */
	async flushed(): Promise<void> {
		while (this.flushing) await this.flushing;
		if (this.broken) throw new Error('the meeting record could not be saved');
	}

	private async flush(): Promise<void> {
		try {
			while (this.pending.length && !this.broken) {
				const batch = this.pending;
				this.pending = [];
				let seqs: number[];
				try {
					seqs = await this.hooks.store(batch.map(({ update, memberId, userId }) => ({ update, memberId, userId })));
				} catch (error) {
					this.broken = true;
					this.pending = [];
					this.hooks.failed(error);
					return;
				}
				this.lastSeq = seqs.at(-1) ?? this.lastSeq;
				this.sinceSnapshot += batch.length;
				for (const change of batch) this.hooks.stored(change);
			}
		} finally {
			this.flushing = null;
		}
	}
}
