// Mirrors the server-owned facts of a meeting (the database's record) into the document's server-owned
// roots. Idempotent: it writes only what differs, so it can run after every recorded fact and on every
// room load, and the document always ends up saying what the record says. Server only (serverOrigin).
import * as Y from 'yjs';
import { ATTENDANCE, DISAGREEMENTS, MEETING, MEETING_KEYS, SIGNATURES, VIEWS } from './roots';
import type { AttendanceJson, DisagreementJson, MeetingJson, SignatureJson, ViewJson } from './types';

export interface MeetingFacts {
	meeting: MeetingJson;
	attendance: AttendanceJson;
	disagreements: DisagreementJson[];
	views: ViewJson[];
	signatures: SignatureJson[];
}

function mirrorMap(map: Y.Map<unknown>, values: Record<string, unknown>, keys: readonly string[]): void {
	for (const key of keys) {
		const value = values[key] ?? null;
		if (map.get(key) !== value) map.set(key, value);
	}
}

/** Keeps an array of facts (each with an id) equal to the record: appends new ones, updates changed fields. */
function mirrorList<T extends { id: string }>(array: Y.Array<Y.Map<unknown>>, facts: readonly T[]): void {
	const byId = new Map<string, Y.Map<unknown>>();
	for (const entry of array) byId.set(String(entry.get('id')), entry);
	const added: Y.Map<unknown>[] = [];
	for (const fact of facts) {
		const entry = byId.get(fact.id);
		if (entry) mirrorMap(entry, fact as unknown as Record<string, unknown>, Object.keys(fact));
		else added.push(new Y.Map(Object.entries(fact)));
	}
	if (added.length) array.push(added);
}

/** Call inside a server transaction (`doc.transact(..., serverOrigin)`) or through the room's serverWrite. */
export function mirrorFacts(doc: Y.Doc, facts: MeetingFacts): void {
	mirrorMap(doc.getMap(MEETING), facts.meeting as unknown as Record<string, unknown>, MEETING_KEYS);
	const attendance = doc.getMap<string>(ATTENDANCE);
	mirrorMap(attendance as Y.Map<unknown>, facts.attendance, Object.keys(facts.attendance));
	mirrorList(doc.getArray<Y.Map<unknown>>(DISAGREEMENTS), facts.disagreements);
	mirrorList(doc.getArray<Y.Map<unknown>>(VIEWS), facts.views);
	mirrorList(doc.getArray<Y.Map<unknown>>(SIGNATURES), facts.signatures);
}
