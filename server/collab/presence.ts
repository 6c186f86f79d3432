// A room's connections and their presence (y-protocols awareness): who is here, which awareness ids each
// connection speaks for, and presence relayed to everyone in the room — and, with many processes, to the
// other processes' rooms of the same meeting. Presence received from another process is renewed by its
// sender every few seconds; the awareness protocol's own time-out (30 s) removes it if the sender dies.
import type * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { presenceRefusal } from '../../src/lib/plan';
import type { Attendee } from './hooks';
import { MalformedMessage, awarenessMessage, decodeAwarenessUpdate, encodeAwarenessUpdate } from './protocol';

/** A connection as the room sees it: who it is, and how to reach it. */
export interface RoomConnection {
	attendee: Attendee;
	send(message: Uint8Array): void;
	close(code: number, reason: string): void;
}

/** The origin of presence applied from another process: relayed to this room's connections, never back. */
const relayedPresence = Symbol('relayed presence');

type AwarenessChanges = { added: number[]; updated: number[]; removed: number[] };

export class Presence {
	readonly awareness: awarenessProtocol.Awareness;
	/** Every connection in the room, with the awareness ids it introduced. */
	readonly connections = new Map<RoomConnection, Set<number>>();

	/** `publish` passes presence of this process's connections on to the other processes (absent: one process). */
	constructor(
		doc: Y.Doc,
		private readonly publish: ((awarenessUpdate: Uint8Array) => void) | null
	) {
		this.awareness = new awarenessProtocol.Awareness(doc);
		this.awareness.setLocalState(null);
		this.awareness.on('update', (changes: AwarenessChanges, origin: unknown) => this.relay(changes, origin));
	}

	add(conn: RoomConnection): void {
		this.connections.set(conn, new Set());
		const states = [...this.awareness.getStates().keys()];
		if (states.length) conn.send(awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, states)));
	}

	remove(conn: RoomConnection): void {
		const controlled = this.connections.get(conn);
		this.connections.delete(conn);
		if (controlled?.size) awarenessProtocol.removeAwarenessStates(this.awareness, [...controlled], null);
	}

	/** Everyone's presence, for a device that asks. */
	everyone(): Uint8Array {
		return awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.awareness.getStates().keys()]));
	}

	receive(conn: RoomConnection, update: Uint8Array): void {
		const controlled = this.connections.get(conn);
		if (!controlled) return;
		const { attendee } = conn;
		const user = { name: attendee.name, role: attendee.role, memberId: attendee.memberId };
		const decoded = decodeAwarenessUpdate(update);
		for (const entry of decoded) {
			const refusal = presenceRefusal(entry.state);
			if (refusal) throw new MalformedMessage(refusal);
		}
		const entries = decoded
			// A connection speaks only for awareness ids it introduced, never for another's.
			.filter((e) => controlled.has(e.clientId) || !this.controlledByOther(conn, e.clientId))
			// Who someone is comes from their session, never from what their page claims.
			.map((e) => ({ ...e, state: e.state === null ? null : { ...e.state, user } }));
		if (entries.length) awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessUpdate(entries), conn);
	}

	/** Presence another process relayed (already checked there). */
	receiveRelayed(update: Uint8Array): void {
		awarenessProtocol.applyAwarenessUpdate(this.awareness, update, relayedPresence);
	}

	private controlledByOther(conn: RoomConnection, clientId: number): boolean {
		for (const [other, ids] of this.connections) if (other !== conn && ids.has(clientId)) return true;
		return false;
	}

	private relay(changes: AwarenessChanges, origin: unknown): void {
		const controlled = this.connections.get(origin as RoomConnection);
		if (controlled) {
			for (const id of changes.added) controlled.add(id);
			for (const id of changes.removed) controlled.delete(id);
		}
		const changed = [...changes.added, ...changes.updated, ...changes.removed];
		const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed);
		const message = awarenessMessage(update);
		for (const conn of this.connections.keys()) conn.send(message);
		// Time-outs of relayed states are each process's own to make; only this process's presence goes out.
		if (this.publish && origin !== relayedPresence && (controlled || origin === null)) this.publish(update);
	}

	destroy(): void {
		this.awareness.destroy();
	}
}
