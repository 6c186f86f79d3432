// Circulation, once and tracked: each e-mail is recorded in the durable outbox before it is sent, so a
// process stopped in between still sends it when the next one starts; circulating again sends nothing new
// unless members are named; a failed e-mail is tried again; and each e-mail's receipt link stamps its
// member's acknowledgement once, a second use or a guessed link stamping nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { circulateRecord, circulationRecipients } from '../../src/lib/server/circulation';
import { acknowledgeReceipt } from '../../src/lib/server/circulation-receipts';
import { createDb, type Database } from '../../src/lib/server/db/client';
import { caseDue } from '../../src/lib/server/dashboard';
import { cases, circulationReceipts, circulations, mailOutbox, meetings } from '../../src/lib/server/db/schema';
import { meetingsOfCase } from '../../src/lib/server/meetings';
import { startEvidenceWorker } from '../../src/lib/server/evidence-worker';
import { deliverDue } from '../../src/lib/server/mail-outbox';
import { closeMeeting, openMeeting } from '../../src/lib/server/meeting-facts';
import { meetingAccess } from '../../src/lib/server/meetings';
import { outboxConfig } from '../../src/lib/server/outbox';
import { unloadRooms } from '../../server/engine';
import { eventually } from '../support/collab-client';
import { testDatabases } from './support/databases';
import { seedDemoMeeting, type DemoPeople } from './support/demo-meeting';
import { temporaryOutbox, type TemporaryOutbox } from './support/outbox';

/** The URL of the test database a suite runs on. */
async function databaseUrlOf(database: Database): Promise<string> {
	const result = (await database.db.execute(sql`select current_database() as name`)) as unknown as { name: string }[];
	const url = new URL(process.env.DATABASE_URL!);
	url.pathname = `/${result[0].name}`;
	return url.toString();
}

const receiptToken = (text: string) => /\/receipts\/([a-z2-7]+)/.exec(text)?.[1] ?? null;

describe.each(testDatabases)('circulating the written record on $name', (kind) => {
	let database: Database & { drop(): Promise<void> };
	let outbox: TemporaryOutbox;
	let meetingId: string;
	let caseId: string;
	let people: DemoPeople;
	let emailed: string[];
	const access = async (who: string) => (await meetingAccess(database.db, people[who].user, meetingId))!;

	beforeAll(async () => {
		database = await kind.open();
		outbox = await temporaryOutbox();
		({ meetingId, caseId, people } = await seedDemoMeeting(database.db));
		expect((await openMeeting(database.db, people.chair.user, await access('chair'))).ok).toBe(true);
		expect((await closeMeeting(database.db, people.chair.user, await access('chair'))).ok).toBe(true);
		// Everyone with an address but the child (who is given a copy written for them).
		emailed = (await circulationRecipients(database.db, meetingId, caseId)).filter((r) => r.reason !== 'The child is given a copy written for their age and understanding, by the lead social worker.').map((r) => r.address);
	});
	afterAll(async () => {
		unloadRooms();
		await database?.drop();
		await outbox?.remove();
	});

	it('records every e-mail before sending, and a process started after a stop sends them', async () => {
		// Recorded, then the process stops before sending anything.
		const recorded = await circulateRecord(database.db, people.minutes.user, await access('minutes'), { sendNow: false, origin: 'https://core-group.example' });
		expect(recorded).toMatchObject({ ok: true, sent: [], failed: [] });
		expect(await outbox.messages()).toEqual([]);
		expect(await database.db.$count(mailOutbox)).toBe(emailed.length);
		expect((await circulationRecipients(database.db, meetingId, caseId)).filter((r) => r.status === 'not-sent' && r.reason === 'Waiting in the outbox to be sent.')).toHaveLength(emailed.length);

		// The next process starts its worker: it takes up what was left and sends each once.
		const worker = startEvidenceWorker(database.db, { outbox: outboxConfig(), intervalMs: 60_000 });
		await eventually(async () => (await database.db.$count(mailOutbox)) === 0, 10_000, 'the outbox emptied');
		await worker.stop();
		const mail = await outbox.messages();
		expect(mail.flatMap((m) => m.to).sort()).toEqual([...emailed].sort());
		const recipients = await circulationRecipients(database.db, meetingId, caseId);
		expect(recipients.filter((r) => r.status === 'sent').map((r) => r.address).sort()).toEqual([...emailed].sort());
		expect(recipients.every((r) => r.status !== 'sent' || (r.sentAt !== null && r.acknowledgedAt === null))).toBe(true);
		const [{ circulatedAt }] = await database.db.select({ circulatedAt: meetings.circulatedAt }).from(meetings).where(eq(meetings.id, meetingId));
		expect(circulatedAt).not.toBeNull();
	});

	it('sends nothing new when circulated again, and only to the members named for a resend', async () => {
		const before = (await outbox.messages()).length;
		const again = await circulateRecord(database.db, people.chair.user, await access('chair'));
		expect(again).toMatchObject({ ok: true, sent: [] });
		if (again.ok) expect(again.alreadySent).toHaveLength(emailed.length);
		expect(await outbox.messages()).toHaveLength(before);

		const resent = await circulateRecord(database.db, people.chair.user, await access('chair'), { resend: [people.parent.memberId] });
		expect(resent).toMatchObject({ ok: true, sent: [{ memberId: people.parent.memberId }] });
		const mail = await outbox.messages();
		expect(mail).toHaveLength(before + 1);
		expect(mail.at(-1)!.to).toEqual([people.parent.user.email]);
		expect(await circulateRecord(database.db, people.chair.user, await access('chair'), { resend: ['not-a-member'] })).toMatchObject({ ok: false, status: 400 });
	});

	it('tries a failed e-mail again later, and says why it failed meanwhile', async () => {
		// A mail server that is not there: the e-mail is recorded, the attempt fails, nothing is lost.
		const down = { smtpUrl: 'smtp://127.0.0.1:9', outboxDir: outbox.dir, from: 'Core Group <cp@council.example>' };
		const attempt = await circulateRecord(database.db, people.chair.user, await access('chair'), { resend: [people.school.memberId], outbox: down });
		expect(attempt).toMatchObject({ ok: true, sent: [], failed: [{ memberId: people.school.memberId }] });
		const failed = (await circulationRecipients(database.db, meetingId, caseId)).find((r) => r.member === people.school.memberId)!;
		expect(failed).toMatchObject({ status: 'failed', reason: expect.stringMatching(/ECONNREFUSED.*Tried again by itself/) });
		// Not due yet: a pass now sends nothing. When it is due, it goes.
		expect(await deliverDue(database.db, outboxConfig())).toEqual({ sent: 0, failed: 0 });
		await database.db.update(mailOutbox).set({ nextAttemptAt: new Date(0) });
		expect(await deliverDue(database.db, outboxConfig())).toEqual({ sent: 1, failed: 0 });
		expect((await circulationRecipients(database.db, meetingId, caseId)).find((r) => r.member === people.school.memberId)).toMatchObject({ status: 'sent', reason: null });
	});

	it('sends each waiting e-mail once when two processes deliver at the same time', async () => {
		const named = [people.parent.memberId, people.chair.memberId, people.health.memberId];
		expect(await circulateRecord(database.db, people.chair.user, await access('chair'), { resend: named, sendNow: false })).toMatchObject({ ok: true });
		const before = (await outbox.messages()).length;
		// A second process: its own connections to the same database (the same handle on the embedded one).
		const other = kind.name === 'postgres' ? createDb({ url: await databaseUrlOf(database) }) : null;
		try {
			const passes = await Promise.all([deliverDue(database.db, outboxConfig()), deliverDue(other?.db ?? database.db, outboxConfig())]);
			expect(passes[0].sent + passes[1].sent).toBe(named.length);
		} finally {
			await other?.close();
		}
		const mail = (await outbox.messages()).slice(before);
		expect(mail.flatMap((m) => m.to).sort()).toEqual([people.parent.user.email, people.chair.user.email, people.health.user.email].sort());
	});

	it('stamps acknowledgedAt once through the receipt link, and a second use or a guessed link stamps nothing', async () => {
		const [mail] = await outbox.to(people['social.worker'].user.email);
		const token = receiptToken(mail.text)!;
		expect(token).toMatch(/^[a-z2-7]{32}$/);
		// Only the token's hash is kept.
		expect(JSON.stringify(await database.db.select().from(circulations))).not.toContain(token);

		const first = await acknowledgeReceipt(database.db, token);
		expect(first).toMatchObject({ stamped: 'now' });
		const second = await acknowledgeReceipt(database.db, token);
		expect(second).toEqual({ stamped: 'before', at: (first as { at: Date }).at });
		expect(await acknowledgeReceipt(database.db, 'a'.repeat(32))).toEqual({ stamped: 'unknown' });
		expect(await acknowledgeReceipt(database.db, `${token}x`)).toEqual({ stamped: 'unknown' });
		expect(await database.db.$count(circulationReceipts)).toBe(1);

		const recipients = await circulationRecipients(database.db, meetingId, caseId);
		expect(recipients.filter((r) => r.acknowledgedAt !== null)).toEqual([
			expect.objectContaining({ member: people['social.worker'].memberId, acknowledgedAt: (first as { at: Date }).at.toISOString() })
		]);
	});

	it('names on the dashboard the members who have not acknowledged 5 working days after sending', async () => {
		const [demoCase] = await database.db.select().from(cases).where(eq(cases.id, caseId));
		const due = async (daysLater: number) =>
			(await caseDue(database.db, demoCase, await meetingsOfCase(database.db, caseId), new Date(Date.now() + daysLater * 86_400_000))).filter((d) => d.label.startsWith('Receipt of the written record'));
		expect(await due(0)).toEqual([]);
		const [late] = await due(14);
		expect(late).toMatchObject({ state: 'overdue', text: expect.stringMatching(/^not acknowledged 5 working days after sending by /) });
		expect(late.text).toContain(people.parent.user.name);
		expect(late.text).toContain(people.chair.user.name);
		// The lead social worker opened their receipt link.
		expect(late.text).not.toContain(people['social.worker'].user.name);
	});
});
