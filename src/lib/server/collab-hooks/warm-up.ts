// Right after a restart each new database connection loads its catalog caches on its first query of each
// table. Rather than make the first person to open a meeting wait, the server runs those queries once before
// it takes connections.
import { caseAccess } from '../cases';
import type { Db } from '../db/client';
import { meetingAccess } from '../meetings';
import { loadMeetingFacts } from '../meeting-facts-query';
import { validateSessionToken } from '../accounts/session';
import { loadStoredDocument } from './store';

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
