// Reads what the written record of a meeting is made from — the case, the meeting, everyone who is or was in
// the core group, and the meeting's facts — and shapes it. The only module here that queries for the record.
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import type * as Y from 'yjs';
import { inPlanOrder, isStaleSignature, PLAN, readAttendance, readDisagreements, readMinutes, readSignatures, readViews } from '../../plan';
import { coreGroup } from '../cases';
import { progressForReview } from '../between/progress-review';
import type { Db } from '../db/client';
import { cases, meetings, memberships, signatures, users, type Case, type Meeting } from '../db/schema';
import { agencyConfirmationsOf } from '../meeting-facts-query';
import { planJsonHash } from '../plan-hash';
import type { Locale } from '../../i18n/locale';
import type { RecordMember } from './people';
import { shapeWrittenRecord, type MeetingFactsForRecord, type RecordSource, type WrittenRecord } from './shape';

/** Current members from the core group, plus those who have left: the record still names who signed or spoke. */
export async function recordMembers(db: Db, caseId: string): Promise<RecordMember[]> {
	const current = await coreGroup(db, caseId);
	const former = await db
		.select({ id: memberships.id, name: users.name, role: memberships.role, agency: memberships.agency, relationship: memberships.relationship, phone: memberships.phone })
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.where(and(eq(memberships.caseId, caseId), isNotNull(memberships.removedAt)));
	return [
		...current.map((m) => ({ id: m.id, name: m.name, role: m.role, agency: m.agency, relationship: m.relationship, phone: m.phone, former: false })),
		...former.map((m) => ({ ...m, former: true }))
	];
}

export interface RecordContext {
	case: Case;
	meeting: Meeting;
	/**
	 * The database's clock when the meeting was read, as the database writes it (to the microsecond, which a
	 * JavaScript Date would round away): a record made from this context is as of then.
	 */
	readAt: string;
}

/** The meeting with its case, or null for an unknown meeting id. */
export async function recordContext(db: Db, meetingId: string): Promise<RecordContext | null> {
	const [row] = await db
		.select({ meeting: meetings, case: cases, readAt: sql<string>`now()::text` })
		.from(meetings)
		.innerJoin(cases, eq(cases.id, meetings.caseId))
		.where(eq(meetings.id, meetingId));
	return row ?? null;
}

/**
 * How signature pictures come with the record: `inline`, as data URLs (the printable page shows them); or
 * `apart`, each picture's data URL cut to its header, which says its format, while its bytes go to the PDF
 * beside the record (pictures.ts), so megabytes of text are not read again for every record made.
 */
export type PictureMode = 'inline' | 'apart';

/**
 * Where the record reads the meeting's document: the live room's (`withMeetingDocument`, on the main thread) or
 * the stored one built as a room builds it (`withStoredMeetingDocument`, in a PDF worker, which has no rooms).
 */
export type MeetingDocumentReader = <T>(meetingId: string, use: (doc: Y.Doc) => T) => Promise<T>;

/** The written record of the meeting as it stands now (its live facts; a closed meeting's plan is frozen). */
export async function readWrittenRecord(
	db: Db,
	context: Pick<RecordContext, 'case' | 'meeting'>,
	documentOf: MeetingDocumentReader,
	pictures: PictureMode = 'inline',
	locale: Locale = 'en'
): Promise<WrittenRecord> {
	return shapeWrittenRecord(await readRecordSource(db, context, documentOf, pictures), locale);
}

/** What the record is shaped from, before shaping: the copies for the family and the child start here too. */
export async function readRecordSource<C extends Pick<RecordContext, 'case' | 'meeting'>>(
	db: Db,
	context: C,
	documentOf: MeetingDocumentReader,
	pictures: PictureMode = 'inline'
): Promise<RecordSource & { case: C['case'] }> {
	const [facts, members] = await Promise.all([recordFacts(db, context.meeting, documentOf, pictures), recordMembers(db, context.case.id)]);
	return { case: context.case, meeting: context.meeting, members, facts };
}

/** The meeting's facts as the record shows them: the document, and each signature's row beside it. */
async function recordFacts(db: Db, meeting: Meeting, documentOf: MeetingDocumentReader, pictures: PictureMode): Promise<MeetingFactsForRecord> {
	// Each root read once: the plan's texts are long, and hashing reads them from the JSON already made.
	const document = await documentOf(meeting.id, (doc) => ({
		plan: inPlanOrder(doc.getMap(PLAN).toJSON()),
		minutes: readMinutes(doc),
		attendance: readAttendance(doc),
		disagreements: readDisagreements(doc),
		views: readViews(doc),
		signatures: readSignatures(doc)
	}));
	const { plan } = document;
	const planHash = planJsonHash(plan);
	const [rows, confirmations, progress] = await Promise.all([
		db
			.select({
				id: signatures.id,
				typedName: signatures.typedName,
				// 'data:image/png;base64,' is 22 characters: the header alone, nothing of the picture.
				image: pictures === 'inline' ? signatures.image : sql<string | null>`left(${signatures.image}, 22)`,
				agrees: signatures.agrees,
				reason: signatures.reason,
				explainedBy: signatures.explainedById,
				interpreter: signatures.interpreter
			})
			.from(signatures)
			.where(eq(signatures.meetingId, meeting.id)),
		agencyConfirmationsOf(db, meeting.id),
		progressForReview(db, meeting)
	]);
	const row = new Map(rows.map((r) => [r.id, r]));
	return {
		attendance: document.attendance,
		plan,
		planHash,
		minutes: document.minutes,
		disagreements: document.disagreements,
		views: document.views,
		signatures: document.signatures.map((s) => {
			const { typedName = null, image = null, ...meaning } = row.get(s.id) ?? {};
			return { ...s, ...meaning, typedName, image, stale: isStaleSignature(s, planHash) };
		}),
		confirmations: confirmations.map((c) => ({ ...c, stale: isStaleSignature(c, planHash) })),
		progress
	};
}
