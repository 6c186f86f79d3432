// Right after a restart, everything the first person to open a meeting touches is cold: Yjs's integration
// and encoding code runs several times slower until the JavaScript engine has compiled it, and each new
// database connection loads its catalog caches on its first query of each table. Rather than make that
// person wait, the server exercises those paths once before it takes connections.
import * as Y from 'yjs';
import { caseAccess } from '../../src/lib/server/cases';
import type { Db } from '../../src/lib/server/db/client';
import { meetingAccess } from '../../src/lib/server/meetings';
import { loadMeetingFacts } from '../../src/lib/server/meeting-facts-query';
import { validateSessionToken } from '../../src/lib/server/accounts/session';
import { loadStoredDocument } from './persistence';

export function warmUpCollaboration(edits = 3_000): void {
	const writer = new Y.Doc();
	const text = writer.getMap('plan').set('concerns', new Y.Text());
	const list = writer.getMap('plan').set('actions', new Y.Array<Y.Map<unknown>>());
	const updates: Uint8Array[] = [];
	writer.on('update', (u: Uint8Array) => updates.push(u));
	let seed = 1;
	const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
	for (let i = 0; i < edits; i++) {
		text.insert(Math.floor(random() * (text.length + 1)), 'word ');
		if (i % 10 === 0) text.delete(Math.floor(random() * text.length), 1);
		if (i % 100 === 0) list.push([new Y.Map([['id', String(i)]])]);
	}
	const state = Y.mergeUpdates(updates);
	const reader = new Y.Doc();
	Y.applyUpdate(reader, state);
	Y.decodeUpdate(updates[updates.length - 1]);
	Y.diffUpdate(state, Y.encodeStateVector(writer));
	Y.encodeStateAsUpdate(reader, new Uint8Array([0]));
	writer.destroy();
	reader.destroy();
}

/**
 * Runs the queries of opening a meeting — session, membership, stored document, the record's facts — for ids
 * that match nothing (reading only), once per pooled connection, so the pool is open and warm.
 */
export async function warmUpDatabase(db: Db, connections: number): Promise<void> {
	const nothing = '00000000-0000-0000-0000-000000000000';
	const nobody = { id: nothing, email: '', name: '', isAdmin: false };
	await Promise.all(
		Array.from({ length: connections }, async () => {
			await validateSessionToken(db, 'warm-up');
			await meetingAccess(db, nobody, nothing);
			await caseAccess(db, nobody, nothing);
			await loadStoredDocument(db, nothing);
			await loadMeetingFacts(db, nothing);
		})
	);
}
