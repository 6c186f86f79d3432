// The update firewall (DESIGN §4 rule 2): decides, before an update is applied, relayed or stored, whether
// it stays inside what the sender may write. Pure decision over the room's document; no I/O.
//
// Every inserted item is placed by walking to the root it belongs to and the top-level key under it (for
// `plan.actions[3].what` that is plan/actions); every deleted range is placed the same way. The sender's
// role must have a write right for each (root, key). Clients never set a top-level key: the server seeded
// them all, so replacing one (which would wipe a whole section) or creating a new root is refused.
import * as Y from 'yjs';
import { MAX_DOCUMENT_BYTES, mayWrite, mayWriteAnything, type Role, type ShapeContext } from '../../src/lib/plan';
import type { ClientIdOwners } from '../../src/lib/plan/client-ids';
import { shapeRefusal, type DecodedItem } from './document-shape';

export interface Writer {
	role: Role;
	/** The member sending; client ids are owned per member. Null (a non-member administrator) writes nothing. */
	memberId: string | null;
}

export type FirewallDecision =
	| { ok: true; empty: boolean; clientIds: number[]; /** The roots it writes or deletes from. */ roots: string[] }
	| { ok: false; reason: string };

interface Placement {
	root: string;
	/** The top-level key (section) under the root; null for an entry in a root used as a sequence. */
	key: string | null;
}

/** What the firewall knows of the room beyond its document. */
export interface RoomFacts extends ShapeContext {
	owners: ClientIdOwners;
	/** Bytes of every update the document holds (its stored size, roughly): it may not pass MAX_DOCUMENT_BYTES. */
	documentBytes: number;
}

function storedStruct(doc: Y.Doc, id: Y.ID): Y.Item | Y.GC | null {
	if (Y.getState(doc.store, id.client) <= id.clock) return null;
	return Y.getItem(doc.store, id) as Y.Item | Y.GC;
}

/** Where an item already in the document sits, or null when it has been garbage-collected. */
function placementInDoc(doc: Y.Doc, item: Y.Item): Placement | null {
	let current: Y.Item = item;
	for (;;) {
		const parent = current.parent as Y.AbstractType<unknown> | null;
		if (!parent) return null;
		const holder = parent._item;
		if (!holder) {
			const root = Y.findRootTypeKey(parent);
			return { root, key: current.parentSub };
		}
		current = holder;
	}
}

/**
 * Decides on one incoming update. Structs the document already holds (history re-sent on reconnect) are
 * passed over: only what is new counts against the sender.
 */
export function checkUpdate(doc: Y.Doc, update: Uint8Array, writer: Writer, room: RoomFacts): FirewallDecision {
	const { owners } = room;
	let decoded: { structs: Array<Y.Item | Y.GC | Y.Skip>; ds: { clients: Map<number, { clock: number; len: number }[]> } };
	try {
		decoded = Y.decodeUpdate(update) as typeof decoded;
	} catch {
		return { ok: false, reason: 'the update could not be read' };
	}
	const isNew = (s: Y.Item | Y.GC | Y.Skip) => s.id.clock + s.length > Y.getState(doc.store, s.id.client);
	// A placeholder for deleted content still claims its client id's clocks: it is owned like an item.
	const claims = decoded.structs.filter((s) => !(s instanceof Y.Skip) && isNew(s));
	const items = claims.filter((s): s is DecodedItem => s instanceof Y.Item);
	const deletes = [...decoded.ds.clients.entries()].flatMap(([client, ranges]) => ranges.map((r) => ({ client, clock: r.clock, len: r.len })));
	if (claims.length === 0 && deletes.length === 0) return { ok: true, empty: true, clientIds: [], roots: [] };
	if (writer.memberId === null) return { ok: false, reason: 'only core-group members may edit' };
	// Someone who may write nothing may not claim a client id either (not even with a placeholder).
	if (!mayWriteAnything(writer.role)) return { ok: false, reason: `a ${writer.role} may not write` };

	// Every item this update creates, by client, so items (and deletes) can find a parent created here —
	// in whatever order the update lists its clients.
	const created = new Map<number, DecodedItem[]>();
	for (const item of items) {
		const list = created.get(item.id.client) ?? [];
		list.push(item);
		created.set(item.id.client, list);
	}
	const createdAt = (id: Y.ID): DecodedItem | undefined =>
		created.get(id.client)?.find((i) => i.id.clock <= id.clock && id.clock < i.id.clock + i.length);

	const placements = new Map<DecodedItem, Placement | 'unknown'>();
	const placeById = (id: Y.ID): Placement | null | 'unknown' => {
		const own = createdAt(id);
		if (own) return placeCreated(own);
		const stored = storedStruct(doc, id);
		if (!stored) return 'unknown';
		if (!(stored instanceof Y.Item)) return null;
		return placementInDoc(doc, stored);
	};
	function placeCreated(item: DecodedItem): Placement | 'unknown' {
		const known = placements.get(item);
		if (known) return known;
		placements.set(item, 'unknown'); // a cycle of references places nowhere
		let found: Placement | null | 'unknown';
		if (typeof item.parent === 'string') found = { root: item.parent, key: item.parentSub };
		else if (item.parent instanceof Y.ID) found = placeById(item.parent);
		else {
			// No parent written: the item sits beside its left or right neighbour.
			const neighbour = item.origin ?? item.rightOrigin;
			found = neighbour ? placeById(neighbour) : 'unknown';
		}
		const placement = found === null ? 'unknown' : found;
		placements.set(item, placement);
		return placement;
	}

	for (const struct of claims) {
		const owner = owners.get(struct.id.client);
		if (owner !== undefined && owner !== writer.memberId) {
			return { ok: false, reason: `client id ${struct.id.client} belongs to someone else` };
		}
	}
	const roots = new Set<string>();
	for (const item of items) {
		if (typeof item.parent === 'string') {
			// Directly under a root: a new root type, or a whole section replaced.
			return { ok: false, reason: item.parentSub ? `replaces the section ${item.parent}.${item.parentSub}` : `writes the root ${item.parent} directly` };
		}
		const placement = placeCreated(item);
		if (placement === 'unknown' || placement.key === null) return { ok: false, reason: 'inserts where no known section is' };
		roots.add(placement.root);
		if (!mayWrite(writer.role, placement.root, placement.key)) {
			return { ok: false, reason: `a ${writer.role} may not write ${placement.root}.${placement.key}` };
		}
	}

	for (const range of deletes) {
		for (let clock = range.clock; clock < range.clock + range.len; ) {
			const id = Y.createID(range.client, clock);
			const own = createdAt(id);
			let length: number;
			let placement: Placement | null | 'unknown';
			if (own) {
				length = own.id.clock + own.length - clock;
				placement = placeCreated(own);
			} else {
				const stored = storedStruct(doc, id);
				if (!stored) return { ok: false, reason: 'deletes something the record does not hold' };
				length = stored.id.clock + stored.length - clock;
				// Deleting what is already deleted (history re-sent on reconnect) changes nothing.
				placement = stored instanceof Y.Item && !stored.deleted ? placementInDoc(doc, stored) : null;
			}
			if (placement === 'unknown') return { ok: false, reason: 'deletes where no known section is' };
			if (placement !== null) {
				if (placement.key === null) return { ok: false, reason: `deletes from the root ${placement.root}` };
				roots.add(placement.root);
				if (!mayWrite(writer.role, placement.root, placement.key)) {
					return { ok: false, reason: `a ${writer.role} may not delete from ${placement.root}.${placement.key}` };
				}
				const stored = own ? null : storedStruct(doc, id);
				if (stored instanceof Y.Item && !(stored.parent as Y.AbstractType<unknown>)._item) {
					return { ok: false, reason: `deletes the whole section ${placement.root}.${placement.key}` };
				}
			}
			clock += Math.max(1, length);
		}
	}
	// Where it writes is allowed; now what it writes.
	if (room.documentBytes + update.byteLength > MAX_DOCUMENT_BYTES) return { ok: false, reason: 'the meeting document would grow past its limit' };
	const refusal = shapeRefusal({ items, created: createdAt, stored: (id) => storedStruct(doc, id), deletes }, room);
	if (refusal) return { ok: false, reason: refusal };
	return { ok: true, empty: false, clientIds: [...new Set(claims.map((s) => s.id.client))], roots: [...roots] };
}
