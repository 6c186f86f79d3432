// The durable outbox: an e-mail is a row written in the transaction that records why it is sent, and only
// then sent, by whichever process claims it first (a lease taken with FOR UPDATE SKIP LOCKED, so two
// processes never send the same message at once). Each attempt's outcome is appended as evidence; a failure
// is tried again later, further apart each time, also after a restart. Nothing here logs a message.
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { and, asc, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { appendAudit } from './audit';
import type { Db } from './db/client';
import { circulationDeliveries, circulations, mailOutbox, meetings, writtenRecords } from './db/schema';
import { sendMessages, type OutboxConfig } from './outbox';
import { storedPdfInSlices } from './written-record/pdf-response';

/** A claimed message is this process's to send until then; after a crash mid-send another process takes it. */
const LEASE_MS = 5 * 60_000;
/** Attempts before giving up: about a day and a half of retries with the default backoff. */
export const MAX_ATTEMPTS = 8;

export interface DeliveryOptions {
	/** Only these circulations' messages (the ones just recorded); otherwise every message that is due. */
	circulationIds?: readonly string[];
	/** The wait before the next attempt after `attempts` failed ones; doubling from a minute by default. */
	backoffMs?: (attempts: number) => number;
}

export const defaultBackoffMs = (attempts: number) => Math.min(60_000 * 2 ** (attempts - 1), 6 * 3_600_000);

/** Claims one due message for this process, or null when none is waiting. */
async function claimOne(db: Db, circulationIds?: readonly string[]) {
	const now = new Date();
	const due = db
		.select({ id: mailOutbox.id })
		.from(mailOutbox)
		.where(
			and(
				lte(mailOutbox.nextAttemptAt, now),
				or(isNull(mailOutbox.claimedUntil), lte(mailOutbox.claimedUntil, now)),
				circulationIds ? inArray(mailOutbox.circulationId, [...circulationIds]) : undefined
			)
		)
		.orderBy(asc(mailOutbox.id))
		.limit(1)
		.for('update', { skipLocked: true });
	const [claimed] = await db
		.update(mailOutbox)
		.set({ claimedUntil: new Date(now.getTime() + LEASE_MS), attempts: sql`${mailOutbox.attempts} + 1` })
		.where(inArray(mailOutbox.id, due))
		.returning();
	return claimed ?? null;
}

/**
 * Sends the messages that are due, one claimed at a time, and records each attempt. Returns how many were
 * sent and how many failed in this pass.
 */
export async function deliverDue(db: Db, config: OutboxConfig, options: DeliveryOptions = {}): Promise<{ sent: number; failed: number }> {
	if (options.circulationIds?.length === 0) return { sent: 0, failed: 0 };
	const backoffMs = options.backoffMs ?? defaultBackoffMs;
	let sent = 0;
	let failed = 0;
	for (;;) {
		const message = await claimOne(db, options.circulationIds);
		if (!message) return { sent, failed };
		const [about] = await db
			.select({ meetingId: circulations.meetingId, caseId: meetings.caseId, recordId: circulations.recordId, bytes: sql<number>`octet_length(${writtenRecords.pdf})`.mapWith(Number) })
			.from(circulations)
			.innerJoin(writtenRecords, eq(writtenRecords.id, circulations.recordId))
			.innerJoin(meetings, eq(meetings.id, circulations.meetingId))
			.where(eq(circulations.id, message.circulationId));
		const [result] = await sendMessages(config, [
			{
				to: { name: message.toName, address: message.toAddress },
				subject: message.subject,
				text: message.text,
				// Read from the database in parts as it goes out, not whole on the event loop for every message.
				attachments: [
					// The copies drawn for this reader (the family's, or the child's to give), then the written record.
					...message.copies.map((c) => ({ filename: c.filename, content: Buffer.from(c.base64, 'base64'), contentType: 'application/pdf' })),
					{ filename: message.attachmentName, content: () => Readable.fromWeb(storedPdfInSlices(db, about.recordId, about.bytes) as WebReadableStream), contentType: 'application/pdf' }
				]
			}
		]);
		const gaveUp = !result.ok && message.attempts >= MAX_ATTEMPTS;
		await db.transaction(async (tx) => {
			const [delivery] = await tx
				.insert(circulationDeliveries)
				.values({
					circulationId: message.circulationId,
					transport: result.transport,
					reference: result.ok ? result.reference : null,
					error: result.ok ? null : result.error,
					gaveUp
				})
				.returning();
			if (result.ok || gaveUp) {
				// Sent (or given up): the queue forgets it, and with it the receipt link's token in its text.
				await tx.delete(mailOutbox).where(eq(mailOutbox.id, message.id));
			} else {
				await tx
					.update(mailOutbox)
					.set({ claimedUntil: null, nextAttemptAt: new Date(delivery.at.getTime() + backoffMs(message.attempts)) })
					.where(eq(mailOutbox.id, message.id));
			}
			// The first e-mail that goes out is the statutory circulation; later ones keep its date.
			if (result.ok) await tx.update(meetings).set({ circulatedAt: delivery.at }).where(and(eq(meetings.id, about.meetingId), isNull(meetings.circulatedAt)));
			await appendAudit(tx, {
				action: result.ok ? 'record-delivered' : 'record-not-delivered',
				caseId: about.caseId,
				meetingId: about.meetingId,
				detail: { circulationId: message.circulationId, recordId: about.recordId, transport: result.transport, attempt: message.attempts, gaveUp, ...(result.ok ? {} : { error: result.error }) }
			});
		});
		if (result.ok) sent++;
		else failed++;
	}
}
