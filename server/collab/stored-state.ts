// Loading a room: a meeting's stored state (snapshot, then the log after it) is held as bytes until the
// document is first needed. Building a long meeting's document takes a while, so devices opening it are
// answered straight from these bytes, and nobody waits behind the building.
import * as Y from 'yjs';
import type { RoomConnection } from './presence';
import { syncStep2Message, updateMessage } from './protocol';

export class StoredState {
	private parts: Uint8Array[] | null = null;
	/** The building of the document, once started. */
	integration: Promise<void> | null = null;
	/** Set when the stored document could not be built: the room serves nobody. */
	failed = false;
	private resolveBuilt!: () => void;
	/** Resolves once the document is built, without being what starts the building. */
	readonly built = new Promise<void>((resolve) => (this.resolveBuilt = resolve));

	hold(parts: Uint8Array[]): void {
		this.parts = parts;
	}

	/** True while the document is not built yet. */
	get holding(): boolean {
		return this.parts !== null;
	}

	/** Builds the document once, with `build` applying the parts; later calls wait for the same building. */
	integrate(build: (parts: Uint8Array[]) => Promise<void>): Promise<void> {
		const parts = this.parts;
		if (!parts) return this.integration ?? Promise.resolve();
		this.integration ??= (async () => {
			this.parts = null;
			await build(parts);
			this.resolveBuilt();
		})().catch((error: unknown) => {
			// A stored document that cannot be built (a bug, an old document): this room serves nobody, and the
			// next to open the meeting loads it afresh — after a repair, say.
			this.failed = true;
			throw error;
		});
		return this.integration;
	}

	/**
	 * Answers a device's sync from the stored bytes if the document is not built yet: the snapshot as a plain
	 * update, then the log after it as the answer, so the device counts itself synced only once it has both.
	 * Returns false when the document is built (the room answers from it).
	 */
	answerSync(conn: RoomConnection, stateVector: Uint8Array): boolean {
		if (!this.parts) return false;
		const fresh = stateVector.length === 1 && stateVector[0] === 0;
		const parts = fresh ? this.parts : this.parts.map((part) => Y.diffUpdate(part, stateVector));
		for (const part of parts.slice(0, -1)) conn.send(updateMessage(part));
		conn.send(syncStep2Message(parts.at(-1)!));
		return true;
	}
}
