// The meeting's document for a PDF worker, which has no rooms: built from the database as a room builds it on
// loading (the stored state, the seeding of any root it lacks, the record's facts mirrored), in memory only —
// nothing is written back. Before a worker reads it, the main thread waits for the meeting's live room, if
// loaded, to store every change it holds (`roomChangesStored`), so this holds at least what the room held.
import * as Y from 'yjs';
import { applyStored, loadStoredDocument } from '../collab-hooks/store';
import { mirrorFacts, seedMeetingDocument } from '../../plan';
import type { Db } from '../db/client';
import { loadMeetingFacts } from '../meeting-facts-query';
import type { MeetingDocumentReader } from './read';

/** Reads each meeting's document from the database; the document is let go as soon as `use` returns. */
export function storedMeetingDocuments(db: Db): MeetingDocumentReader {
	return async (meetingId, use) => {
		const [stored, facts] = await Promise.all([loadStoredDocument(db, meetingId), loadMeetingFacts(db, meetingId)]);
		const doc = new Y.Doc();
		try {
			applyStored(doc, stored.parts);
			seedMeetingDocument(doc);
			if (facts) doc.transact(() => mirrorFacts(doc, facts));
			return use(doc);
		} finally {
			doc.destroy();
		}
	};
}
