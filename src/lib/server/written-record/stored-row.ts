// The row a written record is kept as: one insert, made on the main thread for the embedded database and in
// the PDF worker for PostgreSQL. Sending megabytes to PostgreSQL costs the sending thread tens of milliseconds
// (the socket's copy and the loopback's work run on it), which on the main thread would stall every live room.
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { appendAudit } from '../audit';
import { postgresClientOf, type Db } from '../db/client';
import * as schema from '../db/schema';
import { writtenRecords } from '../db/schema';

/** What a record is stored with, besides its PDF and that PDF's SHA-256. */
export interface RecordRow {
	meetingId: string;
	/** The meeting's case, named in the record's audit row. */
	caseId: string;
	planHash: string;
	auditSeq: number;
	auditHash: string;
	generatedBy: string | null;
	/** The database's clock when the facts were read, as it writes it (see RecordContext.readAt). */
	readAt: string;
}

/** A stored record's columns but its PDF: megabytes the event loop need not decode to look at a row. */
export const withoutPdf = {
	id: writtenRecords.id,
	meetingId: writtenRecords.meetingId,
	sha256: writtenRecords.sha256,
	planHash: writtenRecords.planHash,
	auditSeq: writtenRecords.auditSeq,
	auditHash: writtenRecords.auditHash,
	generatedBy: writtenRecords.generatedBy,
	generatedAt: writtenRecords.generatedAt,
	/** The PDF's size, which the database knows without reading the PDF. */
	bytes: sql<number>`octet_length(${writtenRecords.pdf})`.mapWith(Number)
};

export type StoredRecordHead = Omit<typeof writtenRecords.$inferSelect, 'pdf'> & { bytes: number };

/**
 * Stores the record and its audit row in one transaction (DESIGN §4 rule 12): the PDF as base64, decoded by the
 * database (bytes would be written out as hex here).
 */
export async function insertWrittenRecord(db: Db, row: RecordRow, pdf: { sha256: string; base64: string; bytes: number }): Promise<StoredRecordHead> {
	return db.transaction(async (tx) => {
		const [stored] = await tx
			.insert(writtenRecords)
			.values({
				meetingId: row.meetingId,
				sha256: pdf.sha256,
				pdf: sql`decode(${pdf.base64}, 'base64')`,
				planHash: row.planHash,
				auditSeq: row.auditSeq,
				auditHash: row.auditHash,
				generatedBy: row.generatedBy,
				// Anything recorded after the facts were read makes this copy outdated.
				generatedAt: sql`${row.readAt}::timestamptz`
			})
			// Not the PDF: it is held already, and reading megabytes back would only cost time.
			.returning(withoutPdf);
		await appendAudit(tx, {
			action: 'record-generated',
			actorUserId: row.generatedBy,
			caseId: row.caseId,
			meetingId: row.meetingId,
			detail: { recordId: stored.id, sha256: pdf.sha256, planHash: stored.planHash, bytes: pdf.bytes }
		});
		return stored;
	});
}

/** How a PDF worker reaches the same PostgreSQL database: its connection, which can cross to a thread. */
export interface WorkerDatabase {
	host: string;
	port: number;
	database: string;
	user: string;
	pass: string | null;
	ssl: boolean | string;
}

/** The database's connection for a PDF worker, or null on the embedded database (one thread only can open it). */
export function workerDatabaseOf(db: Db): WorkerDatabase | null {
	const options = postgresClientOf(db)?.options;
	if (!options) return null;
	const { pass, ssl } = options as { pass: unknown; ssl: unknown };
	if (typeof pass === 'function' || (typeof ssl === 'object' && ssl !== null)) return null;
	return {
		host: options.host[0],
		port: options.port[0],
		database: options.database,
		user: options.user,
		pass: typeof pass === 'string' ? pass : null,
		ssl: typeof ssl === 'boolean' || typeof ssl === 'string' ? ssl : false
	};
}

// In a worker: one connection per database, kept while the worker lives.
const connections = new Map<string, Db>();

/** A worker's handle on that database. */
export function workerDb(database: WorkerDatabase): Db {
	const key = JSON.stringify(database);
	let db = connections.get(key);
	if (!db) {
		const { pass, ssl, ...rest } = database;
		const client = postgres({ ...rest, ...(pass === null ? {} : { pass }), ssl: ssl as boolean | 'require', max: 1, onnotice: () => {} });
		db = drizzle(client, { schema }) as unknown as Db;
		connections.set(key, db);
	}
	return db;
}
