// Edit-to-peer latency without touching the wire format: every edit is known by (clientID, clock of its
// first character). When a peer applies an update, its state vector before and after the transaction says
// which clock range of which client arrived (what Y.parseUpdateMeta would say, without decoding the update
// again); the edits whose first clock falls in that range have been delivered to that peer.
import { performance } from 'node:perf_hooks';
import { createLatencyHistogram, recordMs } from './stats';

interface SenderLog {
	/** First clock of each edit, ascending (a client's clock only grows). */
	clocks: number[];
	/** performance.now() of each edit, NaN when it was made outside the measurement window. */
	sentAt: number[];
	/** Which server process the sender is connected to (several with the two-processes target). */
	process: number;
}

export interface DeliveryTracker {
	/**
	 * Notes an edit just made; `peers` is how many other attendees should receive it, `madeAt` the
	 * performance.now() just before it was made, or null when it falls outside the measurement window.
	 */
	edited(clientID: number, clock: number, peers: number, madeAt: number | null, process?: number): void;
	/** Call after a peer applied an update from the server, with its state vectors around the transaction. */
	applied(before: Map<number, number>, after: Map<number, number>, process?: number): void;
	/** Latencies (µs) of deliveries of edits made in the measurement window. */
	readonly latency: ReturnType<typeof createLatencyHistogram>;
	/** The same, of deliveries from a sender on one server process to a peer on another. */
	readonly crossProcessLatency: ReturnType<typeof createLatencyHistogram>;
	readonly measuredEdits: number;
	readonly measuredDeliveries: number;
	/** Every (edit, peer) delivery so far, and how many there must be once all edits have arrived. */
	readonly delivered: number;
	readonly expected: number;
}

/** Index of the first element ≥ value in an ascending array. */
function lowerBound(values: number[], value: number): number {
	let low = 0;
	let high = values.length;
	while (low < high) {
		const middle = (low + high) >>> 1;
		if (values[middle] < value) low = middle + 1;
		else high = middle;
	}
	return low;
}

export function createDeliveryTracker(): DeliveryTracker {
	const senders = new Map<number, SenderLog>();
	const latency = createLatencyHistogram();
	const crossProcessLatency = createLatencyHistogram();
	let measuredEdits = 0;
	let measuredDeliveries = 0;
	let delivered = 0;
	let expected = 0;

	return {
		edited(clientID, clock, peers, madeAt, process = 0) {
			let log = senders.get(clientID);
			if (!log) senders.set(clientID, (log = { clocks: [], sentAt: [], process }));
			log.clocks.push(clock);
			log.sentAt.push(madeAt ?? NaN);
			expected += peers;
			if (madeAt !== null) measuredEdits++;
		},
		applied(before, after, process = 0) {
			const now = performance.now();
			for (const [clientID, toClock] of after) {
				const fromClock = before.get(clientID) ?? 0;
				if (toClock === fromClock) continue;
				const log = senders.get(clientID);
				if (!log) continue; // the server's own writes, or the room's seeding
				for (let i = lowerBound(log.clocks, fromClock); i < log.clocks.length && log.clocks[i] < toClock; i++) {
					delivered++;
					const sentAt = log.sentAt[i];
					if (Number.isNaN(sentAt)) continue;
					measuredDeliveries++;
					recordMs(latency, now - sentAt);
					if (log.process !== process) recordMs(crossProcessLatency, now - sentAt);
				}
			}
		},
		latency,
		crossProcessLatency,
		get measuredEdits() {
			return measuredEdits;
		},
		get measuredDeliveries() {
			return measuredDeliveries;
		},
		get delivered() {
			return delivered;
		},
		get expected() {
			return expected;
		}
	};
}
