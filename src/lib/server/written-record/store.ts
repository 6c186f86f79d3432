// Keeping the written record: each generated PDF is sealed, and stored with the SHA-256 of its sealed bytes, so
// any copy sent or downloaded later can be checked against the record. A closed meeting's record is regenerated only when
// a fact was added after it was made (a late signature, an e-mail confirmation, how a disagreement is reflected).
import { isHttpError } from '@sveltejs/kit';
import { desc, eq, sql, type SQLWrapper } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { isUuid } from '../../core-group';
import type { Db } from '../db/client';
import { agencyConfirmations, disagreementReflections, disagreements, signatures, writtenRecords, writtenViews } from '../db/schema';
import type { SessionUser } from '../accounts/session';
import type { Locale } from '../../i18n/locale';
import { meetingChangesStored, withMeetingDocument } from '../meeting-document';
import { recordMaterials, type RecordMaterials } from './materials';
import { makeRecordPdf, type RecordPdf } from './pdf-pool';
import { recordContext } from './read';
import { insertWrittenRecord, withoutPdf, workerDatabaseOf, type StoredRecordHead } from './stored-row';

/** A stored record with its PDF, and the PDF's size. */
export type StoredWrittenRecord = typeof writtenRecords.$inferSelect & { bytes: number };
export type WrittenRecordResult = { ok: true; record: StoredWrittenRecord } | { ok: false; status: 404 | 409 | 503; message: string };

const refused = (status: 404 | 409 | 503, message: string) => ({ ok: false as const, status, message });

/**
 * Renders the meeting's written record now and stores it as a new row. Only for a closed meeting.
 *
 * On PostgreSQL the PDF worker reads, shapes and stores the record itself: a record at the document's limits is
 * megabytes of text, and building it, handing it to the worker and collecting it afterwards stalled every live
 * room for tens of milliseconds (`npm run bench:records`). The embedded database can only be opened by this
 * thread, so there the record is read here and only drawn in the worker.
 */
export async function generateWrittenRecord(db: Db, user: SessionUser | null, meetingId: string): Promise<WrittenRecordResult> {
	const context = isUuid(meetingId) ? await recordContext(db, meetingId) : null;
	if (!context) return refused(404, 'There is no such meeting.');
	if (context.meeting.status !== 'closed') return refused(409, 'The written record is made once the chair has closed the meeting.');
	const generatedBy = user?.id ?? null;
	const database = workerDatabaseOf(db);
	let made: RecordPdf;
	let materials: RecordMaterials | null = null;
	try {
		if (database) {
			// The worker reads the stored document: first, whatever the live room holds is stored.
			await meetingChangesStored(db, meetingId);
			made = await makeRecordPdf({ read: { database, context, generatedBy } });
		} else {
			materials = await recordMaterials(db, context, (id, use) => withMeetingDocument(db, id, use), generatedBy);
			// In a worker thread: the rooms of every meeting keep relaying while it is drawn and sealed.
			made = await makeRecordPdf({ record: materials.record, making: materials.making, pictures: materials.pictures });
		}
	} catch (error) {
		if (isHttpError(error)) throw error;
		// The pool's message says why in words that name nothing from the record.
		console.error(`${error instanceof Error ? error.message : String(error)} Meeting ${meetingId}.`);
		return refused(503, 'The written record could not be made just now. Try again in a few minutes; if it keeps happening, tell your administrator.');
	}
	// On PostgreSQL the worker has stored it (with its audit row, in one transaction); here otherwise.
	const stored = made.stored ?? (await insertWrittenRecord(db, materials!.row, { sha256: made.sha256, base64: made.base64!, bytes: made.pdf.byteLength }));
	const { pdf } = made;
	const record = { ...stored, pdf: new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength) };
	return { ok: true, record };
}

/** Every record generated for the meeting, newest first, without the PDF bytes. */
export async function writtenRecordsOf(db: Db, meetingId: string) {
	return db
		.select({ id: writtenRecords.id, sha256: writtenRecords.sha256, planHash: writtenRecords.planHash, generatedAt: writtenRecords.generatedAt })
		.from(writtenRecords)
		.where(eq(writtenRecords.meetingId, meetingId))
		.orderBy(desc(writtenRecords.generatedAt), desc(writtenRecords.id));
}

/** The most recent record's row without its PDF: enough to tell whether it is still current. */
async function latestRecordHead(db: Db, meetingId: string) {
	const [head] = await db
		.select(withoutPdf)
		.from(writtenRecords)
		.where(eq(writtenRecords.meetingId, meetingId))
		.orderBy(desc(writtenRecords.generatedAt), desc(writtenRecords.id))
		.limit(1);
	return head ?? null;
}

async function withPdf(db: Db, head: Omit<StoredWrittenRecord, 'pdf'>): Promise<StoredWrittenRecord> {
	const [{ pdf }] = await db.select({ pdf: writtenRecords.pdf }).from(writtenRecords).where(eq(writtenRecords.id, head.id));
	return { ...head, pdf };
}

/**
 * Whether a fact the written record shows was recorded or changed after the record was made. Compared in the
 * database, at its own precision, so a fact recorded within the same millisecond is not missed.
 */
export async function isOutdated(db: Db, record: Pick<StoredWrittenRecord, 'id' | 'meetingId'>): Promise<boolean> {
	const latest = (column: SQLWrapper, table: PgTable, meetingColumn: PgColumn) =>
		sql`(select max(${column}) from ${table} where ${meetingColumn} = ${record.meetingId})`;
	const [row] = await db
		.select({
			outdated: sql<boolean>`coalesce(greatest(
				${latest(signatures.at, signatures, signatures.meetingId)},
				${latest(agencyConfirmations.at, agencyConfirmations, agencyConfirmations.meetingId)},
				${latest(disagreements.at, disagreements, disagreements.meetingId)},
				${latest(disagreementReflections.at, disagreementReflections, disagreementReflections.meetingId)},
				${latest(writtenViews.at, writtenViews, writtenViews.meetingId)}
			) > ${writtenRecords.generatedAt}, false)`
		})
		.from(writtenRecords)
		.where(eq(writtenRecords.id, record.id));
	return row?.outdated === true;
}

/** The current record's row, and its PDF when it was made just now (otherwise it is stored, to be read). */
export type CurrentRecordResult = { ok: true; record: StoredRecordHead; pdf: Uint8Array | null } | Extract<WrittenRecordResult, { ok: false }>;

// One generation per meeting at a time in this process: two people opening the PDF at once get one record.
const inFlight = new Map<string, Promise<CurrentRecordResult>>();

/**
 * The latest stored record's row, generated first if there is none or a fact was recorded after it was made. A
 * stored PDF is not read here: the download reads it from the database in slices (storedPdfInSlices).
 */
export function currentRecord(db: Db, user: SessionUser | null, meetingId: string): Promise<CurrentRecordResult> {
	const pending = inFlight.get(meetingId);
	if (pending) return pending;
	const work = (async (): Promise<CurrentRecordResult> => {
		const latest = await latestRecordHead(db, meetingId);
		if (latest && !(await isOutdated(db, latest))) return { ok: true, record: latest, pdf: null };
		const made = await generateWrittenRecord(db, user, meetingId);
		if (!made.ok) return made;
		const { pdf, ...record } = made.record;
		return { ok: true, record, pdf };
	})().finally(() => inFlight.delete(meetingId));
	inFlight.set(meetingId, work);
	return work;
}

/** The latest stored record with its PDF's bytes, generated first if there is none or it is out of date. */
export async function currentWrittenRecord(db: Db, user: SessionUser | null, meetingId: string): Promise<WrittenRecordResult> {
	const current = await currentRecord(db, user, meetingId);
	if (!current.ok) return current;
	return { ok: true, record: current.pdf ? { ...current.record, pdf: current.pdf } : await withPdf(db, current.record) };
}

/**
 * The record with its fixed words in another language, made on request, sealed, and not kept: the record kept
 * as evidence (and circulated to professionals) is the English one, made once per close; a translation of its
 * fixed words carries the same facts, and is made afresh from them whenever it is asked for.
 */
export async function writtenRecordIn(db: Db, meetingId: string, locale: Locale): Promise<{ ok: true; pdf: Buffer; sha256: string } | Extract<WrittenRecordResult, { ok: false }>> {
	const context = isUuid(meetingId) ? await recordContext(db, meetingId) : null;
	if (!context) return refused(404, 'There is no such meeting.');
	if (context.meeting.status !== 'closed') return refused(409, 'The written record is made once the chair has closed the meeting.');
	try {
		const materials = await recordMaterials(db, context, (id, use) => withMeetingDocument(db, id, use), null, locale);
		const made = await makeRecordPdf({ record: materials.record, making: materials.making, pictures: materials.pictures });
		return { ok: true, pdf: made.pdf, sha256: made.sha256 };
	} catch (error) {
		if (isHttpError(error)) throw error;
		console.error(`${error instanceof Error ? error.message : String(error)} Meeting ${meetingId}.`);
		return refused(503, 'The written record could not be made just now. Try again in a few minutes; if it keeps happening, tell your administrator.');
	}
}
