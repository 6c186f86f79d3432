// The record of a meeting as the API gives it (GET /api/meetings/<id>): the summary and stamps, what the
// live document holds now, each signature with its stale flag, and e-mail confirmations.
import { eq } from 'drizzle-orm';
import { inPlanOrder, isStaleSignature, PLAN, readDocument } from '../plan';
import type { Db } from './db/client';
import { signatures, type Meeting } from './db/schema';
import { withMeetingDocument } from './meeting-document';
import { agencyConfirmationsOf } from './meeting-facts-query';
import { coreGroup } from './cases';
import { circulationRecipients } from './circulation';
import { serverPlanHash } from './plan-hash';

export async function meetingRecord(db: Db, meeting: Meeting) {
	const { document, plan, currentHash } = await withMeetingDocument(db, meeting.id, (doc) => ({
		document: readDocument(doc),
		plan: inPlanOrder(doc.getMap(PLAN).toJSON()),
		currentHash: serverPlanHash(doc)
	}));
	const details = new Map(
		(await db.select({ id: signatures.id, image: signatures.image, typedName: signatures.typedName, agrees: signatures.agrees, reason: signatures.reason, explainedBy: signatures.explainedById, interpreter: signatures.interpreter }).from(signatures).where(eq(signatures.meetingId, meeting.id))).map((s) => [s.id, s])
	);
	const confirmations = await agencyConfirmationsOf(db, meeting.id);
	const recipients = await circulationRecipients(db, meeting.id, meeting.caseId);
	// Who the member ids in the record are: the core group as it stands (no e-mail addresses or phones).
	const members = (await coreGroup(db, meeting.caseId)).map((m) => ({
		id: m.id,
		name: m.name,
		role: m.role,
		agency: m.agency,
		relationship: m.relationship,
		language: m.language
	}));
	return {
		status: meeting.status,
		openedAt: meeting.openedAt?.toISOString() ?? null,
		closedAt: meeting.closedAt?.toISOString() ?? null,
		circulateBy: meeting.circulateBy,
		finalPlanHash: meeting.finalPlanHash,
		members,
		attendance: document.attendance,
		plan,
		planHash: currentHash,
		minutes: document.minutes,
		disagreements: document.disagreements,
		views: document.views,
		signatures: document.signatures.map((s) => ({
			...s,
			typedName: details.get(s.id)?.typedName ?? null,
			image: details.get(s.id)?.image ?? null,
			// What the signer meant, from the record itself.
			agrees: details.get(s.id)?.agrees ?? true,
			reason: details.get(s.id)?.reason ?? null,
			explainedBy: details.get(s.id)?.explainedBy ?? null,
			interpreter: details.get(s.id)?.interpreter ?? null,
			stale: isStaleSignature(s, currentHash)
		})),
		confirmations: confirmations.map((c) => ({ ...c, stale: isStaleSignature(c, currentHash) })),
		circulation: { circulateBy: meeting.circulateBy, circulatedAt: meeting.circulatedAt?.toISOString() ?? null, recipients }
	};
}
