// E-mails about the plan between meetings (escalations, a moved meeting, reminders), each written as a row in
// the transaction that records why it is sent and named by a key that says what it is for and to whom. A
// second process wanting the same e-mail inserts nothing, so each is sent once; a failure is tried again by
// the scheduler. Sent through the outbox (SMTP, or .eml files under DATA_DIR/outbox). Nothing here logs a
// message's content.
import { and, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { appendAudit } from '../audit';
import type { Db } from '../db/client';
import { notices } from '../db/schema';
import { outboxConfig, sendMessages, type OutboxConfig } from '../outbox';
import type { Tx } from '../record-fact';

export interface Notice {
	/** What it is for and to whom, e.g. `escalation:<id>:<address>`: the same key is sent once, ever. */
	key: string;
	caseId: string | null;
	to: { userId: string | null; name: string; address: string };
	subject: string;
	text: string;
}

/** Attempts before giving up on one e-mail. */
const MAX_ATTEMPTS = 8;
/** A process sending a notice holds it this long; after a crash mid-send another takes it. */
const LEASE_MS = 5 * 60_000;

/** Writes the notices not written before; returns the ids of those this call wrote (the ones it must send). */
export async function queueNotices(tx: Tx | Db, list: readonly Notice[]): Promise<number[]> {
	if (list.length === 0) return [];
	const rows = await tx
		.insert(notices)
		.values(list.map((n) => ({ key: n.key, caseId: n.caseId, toUserId: n.to.userId, toName: n.to.name, toAddress: n.to.address, subject: n.subject, text: n.text })))
		.onConflictDoNothing({ target: notices.key })
		.returning({ id: notices.id });
	return rows.map((r) => r.id);
}

/** Sends the given notices now (or, without ids, every unsent one still worth trying). Returns how many went. */
export async function sendNotices(db: Db, ids?: readonly number[], config: OutboxConfig = outboxConfig()): Promise<{ sent: number; failed: number }> {
	if (ids?.length === 0) return { sent: 0, failed: 0 };
	let sent = 0;
	let failed = 0;
	const now = new Date();
	// Claim before sending: two processes passing over the same unsent row never both send it.
	const claimed = await db
		.update(notices)
		.set({ claimedUntil: new Date(now.getTime() + LEASE_MS), attempts: sql`${notices.attempts} + 1` })
		.where(
			and(
				isNull(notices.sentAt),
				lt(notices.attempts, MAX_ATTEMPTS),
				or(isNull(notices.claimedUntil), lte(notices.claimedUntil, now)),
				ids ? inArray(notices.id, [...ids]) : undefined
			)
		)
		.returning();
	for (const notice of claimed) {
		const [result] = await sendMessages(config, [{ to: { name: notice.toName, address: notice.toAddress }, subject: notice.subject, text: notice.text, attachments: [] }]);
		await db.transaction(async (tx) => {
			await tx
				.update(notices)
				// Once sent, the row keeps only its key (so it is never sent again), not the message: the outbox has it.
				.set(result.ok ? { sentAt: new Date(), claimedUntil: null, lastError: null, text: '' } : { claimedUntil: null, lastError: result.error })
				.where(eq(notices.id, notice.id));
			await appendAudit(tx, {
				action: result.ok ? 'notice-sent' : 'notice-not-sent',
				actorUserId: null,
				caseId: notice.caseId,
				// The key says what the e-mail was for (no content): e.g. due-soon:<action>:<date>:<member>.
				detail: { key: notice.key, transport: result.transport, attempt: notice.attempts, ...(result.ok ? { reference: result.reference } : { error: result.error }) }
			});
		});
		if (result.ok) sent++;
		else failed++;
	}
	return { sent, failed };
}
