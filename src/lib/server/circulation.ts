// Circulating the written record, once and tracked. Pressing "Circulate" records, in one transaction, who is
// to be sent which record (a `circulations` row per member), its audit row and each e-mail in the durable
// outbox; only then are the e-mails sent (the outbox worker, or at once for the person waiting). Each member
// is sent a meeting's record once: circulating again sends nothing new unless `resend` names members. Each is
// sent the copy meant for them, in their language: professionals the record; the family their copy with the
// full record attached; the lead social worker the record and the child's copy, to give and explain.
import { desc, eq, inArray } from 'drizzle-orm';
import { londonDate } from '../calendar';
import type { Role } from '../core-group';
import { formatDay } from '../format';
import { appendAudit } from './audit';
import { coreGroup, type CoreGroupMember } from './cases';
import { localeOf, type Locale } from '../i18n/locale';
import { m } from '../paraglide/messages.js';
import { circulationKindOf, circulationMessage } from './circulation-message';
import { newReceiptToken, receiptPath } from './circulation-receipts';
import type { Db } from './db/client';
import { circulationDeliveries, circulationReceipts, circulations, mailOutbox, meetings, writtenRecords } from './db/schema';
import { deliverDue, MAX_ATTEMPTS } from './mail-outbox';
import type { MeetingAccess } from './meetings';
import { outboxConfig, type OutboxConfig, type Transport } from './outbox';
import type { SessionUser } from './accounts/session';
import { withMeetingDocument } from './meeting-document';
import { shapeChildCopy } from './written-record/child-copy';
import { shapeFamilyCopy } from './written-record/family-copy';
import { readCopySource } from './written-record/copies-read';
import { copyFileName, recordFileName } from './written-record/file-name';
import { makeCopyPdf } from './written-record/pdf-pool';
import { currentWrittenRecord } from './written-record/store';

/** Those who see the written record out: the chair, the minute-taker and the lead social worker. */
export const CIRCULATING_ROLES: readonly Role[] = ['chair', 'minute-taker', 'lead-social-worker'];

export interface CirculationSent {
	memberId: string;
	name: string;
	email: string;
	transport: Transport;
	reference: string;
}
export interface CirculationFailed {
	memberId: string;
	name: string;
	email: string;
	error: string;
}

export type CirculationResult =
	| {
			ok: true;
			record: { id: string; sha256: string };
			sent: CirculationSent[];
			failed: CirculationFailed[];
			/** Members not sent the full record, with the reason (the child gets a copy written for them). */
			notSent: { memberId: string; name: string; reason: string }[];
			/** Members sent it by an earlier circulation, and so not sent it again. */
			alreadySent: { memberId: string; name: string }[];
			/** The meeting's circulatedAt: the first e-mail that went out, this time or earlier; null if none yet. */
			circulatedAt: Date | null;
	  }
	| { ok: false; status: 400 | 403 | 404 | 409 | 502 | 503; message: string };

const refused = (status: 400 | 403 | 404 | 409 | 502, message: string) => ({ ok: false as const, status, message });

/** The child is given a copy written for their age and understanding, not the professionals' minutes. */
function notSentReason(member: CoreGroupMember): string | null {
	if (member.role === 'child') return m.circulation_not_sent_child({}, { locale: 'en' });
	if (!member.email.trim()) return 'No e-mail address.';
	return null;
}

/** The members deliberately not sent the record by e-mail, with the reason. */
const notSentOf = (members: CoreGroupMember[]) =>
	members.flatMap((m) => {
		const why = notSentReason(m);
		return why ? [{ memberId: m.id, name: m.name, reason: why }] : [];
	});

export interface CirculateOptions {
	outbox?: OutboxConfig;
	/** Member ids to send it to again, even though they were sent it before. */
	resend?: readonly string[];
	/** Where receipt links point: the server's public origin. */
	origin?: string;
	/** Whether to try sending at once (the person waits for the answer); the worker sends it otherwise. */
	sendNow?: boolean;
}

export async function circulateRecord(db: Db, user: SessionUser, access: MeetingAccess, options: CirculateOptions = {}): Promise<CirculationResult> {
	if (!access.role || !CIRCULATING_ROLES.includes(access.role)) {
		return refused(403, m.circulation_refused_role());
	}
	if (access.meeting.status !== 'closed') {
		return refused(409, m.circulation_refused_open());
	}
	const members = await coreGroup(db, access.case.id);
	const resend = new Set(options.resend ?? []);
	for (const id of resend) {
		const member = members.find((m) => m.id === id);
		if (!member) return refused(400, m.circulation_refused_resend());
		const why = notSentReason(member);
		if (why) return refused(400, `${member.name} is not sent the record by e-mail: ${why}`);
	}
	const recipients = members.filter((m) => notSentReason(m) === null);
	if (!recipients.length) return refused(409, m.circulation_refused_no_address());

	const sentBefore = async (tx: Pick<Db, 'selectDistinct'>) =>
		new Set((await tx.selectDistinct({ memberId: circulations.memberId }).from(circulations).where(eq(circulations.meetingId, access.meeting.id))).map((r) => r.memberId));
	const notYetSent = (earlier: Set<string>) => recipients.filter((m) => !earlier.has(m.id) || resend.has(m.id));
	// Everyone has it and nobody is named: nothing to send, and no record to make for it.
	const earlierNow = await sentBefore(db);
	if (!notYetSent(earlierNow).length) {
		const [{ circulatedAt }] = await db.select({ circulatedAt: meetings.circulatedAt }).from(meetings).where(eq(meetings.id, access.meeting.id));
		// The record they were last sent.
		const [last] = await db
			.select({ id: writtenRecords.id, sha256: writtenRecords.sha256 })
			.from(circulations)
			.innerJoin(writtenRecords, eq(writtenRecords.id, circulations.recordId))
			.where(eq(circulations.meetingId, access.meeting.id))
			.orderBy(desc(circulations.at))
			.limit(1);
		return { ok: true, record: last, sent: [], failed: [], notSent: notSentOf(members), alreadySent: recipients.map((m) => ({ memberId: m.id, name: m.name })), circulatedAt };
	}

	const current = await currentWrittenRecord(db, user, access.meeting.id);
	if (!current.ok) return current;
	const { record } = current;
	const lead = members.find((m) => m.role === 'lead-social-worker');
	const origin = (options.origin ?? process.env.ORIGIN ?? 'http://localhost:3000').replace(/\/$/, '');
	const attachmentName = recordFileName(access.case.reference, access.meeting);
	let copies: Awaited<ReturnType<typeof copiesFor>>;
	try {
		copies = await copiesFor(db, access, members, notYetSent(earlierNow));
	} catch (error) {
		console.error(`${error instanceof Error ? error.message : String(error)} Copies of meeting ${access.meeting.id}.`);
		return { ok: false, status: 503, message: m.circulation_refused_copies() };
	}

	const recorded = await db.transaction(async (tx) => {
		// One circulation of a meeting at a time: two clicks at once cannot both find a member not yet sent it.
		await tx.select({ id: meetings.id }).from(meetings).where(eq(meetings.id, access.meeting.id)).for('update');
		const earlier = await sentBefore(tx);
		const targets = notYetSent(earlier);
		const ids: string[] = [];
		for (const m of targets) {
			const receipt = newReceiptToken();
			const [row] = await tx
				.insert(circulations)
				.values({ meetingId: access.meeting.id, recordId: record.id, memberId: m.id, email: m.email, language: m.language, receiptTokenHash: receipt.hash, resend: earlier.has(m.id), sentBy: user.id })
				.returning({ id: circulations.id });
			const locale = memberLocale(m);
			const kind = circulationKindOf(m.role);
			const message = circulationMessage({
				locale,
				kind,
				recipient: { name: m.name, role: m.role },
				childName: access.case.childName,
				reference: access.case.reference,
				meetingDay: formatDay(londonDate(access.meeting.openedAt ?? access.meeting.scheduledFor), locale),
				preferredLanguage: access.case.preferredLanguage,
				leadSocialWorker: lead?.name ?? null,
				sha256: record.sha256,
				receiptLink: `${origin}${receiptPath(receipt.token)}`
			});
			const attached = kind === 'family' ? copies.family.get(locale) : kind === 'record-and-child-copy' ? copies.child : undefined;
			await tx
				.insert(mailOutbox)
				.values({ circulationId: row.id, toName: m.name, toAddress: m.email, subject: message.subject, text: message.text, attachmentName, copies: attached ? [attached] : [] });
			ids.push(row.id);
		}
		if (ids.length) {
			await appendAudit(tx, {
				action: 'record-circulated',
				actorUserId: user.id,
				caseId: access.case.id,
				meetingId: access.meeting.id,
				detail: { recordId: record.id, sha256: record.sha256, members: targets.map((m) => m.id), resend: targets.filter((m) => earlier.has(m.id)).map((m) => m.id) }
			});
		}
		return { ids, alreadySent: recipients.filter((m) => earlier.has(m.id) && !resend.has(m.id)) };
	});

	if (options.sendNow !== false) await deliverDue(db, options.outbox ?? outboxConfig(), { circulationIds: recorded.ids });
	const outcome = recorded.ids.length
		? await db
				.select({ circulationId: circulationDeliveries.circulationId, memberId: circulations.memberId, transport: circulationDeliveries.transport, reference: circulationDeliveries.reference, error: circulationDeliveries.error })
				.from(circulationDeliveries)
				.innerJoin(circulations, eq(circulations.id, circulationDeliveries.circulationId))
				.where(inArray(circulationDeliveries.circulationId, recorded.ids))
				.orderBy(desc(circulationDeliveries.seq))
		: [];
	const latest = new Map<string, (typeof outcome)[number]>();
	for (const o of outcome) if (!latest.has(o.memberId)) latest.set(o.memberId, o);
	const named = new Map(members.map((m) => [m.id, m]));
	const sent = [...latest.values()].flatMap((o) => {
		const m = named.get(o.memberId)!;
		return o.error === null ? [{ memberId: m.id, name: m.name, email: m.email, transport: o.transport as Transport, reference: o.reference ?? '' }] : [];
	});
	const failed = [...latest.values()].flatMap((o) => {
		const m = named.get(o.memberId)!;
		return o.error !== null ? [{ memberId: m.id, name: m.name, email: m.email, error: o.error }] : [];
	});
	const [{ circulatedAt }] = await db.select({ circulatedAt: meetings.circulatedAt }).from(meetings).where(eq(meetings.id, access.meeting.id));
	if (recorded.ids.length && !sent.length && !circulatedAt && options.sendNow !== false) {
		return refused(502, `The written record could not be sent to anyone (${failed[0]?.error ?? 'no answer from the mail server'}). Nothing was marked as circulated: it stays in the outbox and is tried again by itself; check the e-mail settings.`);
	}
	return { ok: true, record: { id: record.id, sha256: record.sha256 }, sent, failed, notSent: notSentOf(members), alreadySent: recorded.alreadySent.map((m) => ({ memberId: m.id, name: m.name })), circulatedAt };
}

/** The language a member reads, as a locale we speak; English otherwise. */
const memberLocale = (member: Pick<CoreGroupMember, 'language'>): Locale => localeOf(member.language) ?? 'en';

type DrawnCopy = { filename: string; base64: string };

/**
 * The copies the members about to be sent need, drawn once each: the family's copy in each family member's
 * language, and the child's copy (in the child's language: theirs as a member, else the case's preferred
 * language when it is one we speak, else the lead social worker's) for the lead social worker to give.
 */
async function copiesFor(db: Db, access: MeetingAccess, members: CoreGroupMember[], targets: CoreGroupMember[]): Promise<{ family: Map<Locale, DrawnCopy>; child: DrawnCopy | undefined }> {
	const familyLocales = new Set(targets.filter((t) => circulationKindOf(t.role) === 'family').map(memberLocale));
	const lead = targets.find((t) => circulationKindOf(t.role) === 'record-and-child-copy');
	const family = new Map<Locale, DrawnCopy>();
	if (!familyLocales.size && !lead) return { family, child: undefined };
	const source = await readCopySource(db, access, (meetingId, use) => withMeetingDocument(db, meetingId, use));
	const drawn = async (copy: ReturnType<typeof shapeFamilyCopy>): Promise<DrawnCopy> => ({ filename: copyFileName(copy), base64: (await makeCopyPdf(copy)).pdf.toString('base64') });
	for (const locale of familyLocales) family.set(locale, await drawn(shapeFamilyCopy(source, locale)));
	if (!lead) return { family, child: undefined };
	const child = members.find((x) => x.role === 'child');
	const childLocale = (child && localeOf(child.language)) || localeOf(access.case.preferredLanguage) || memberLocale(lead);
	return { family, child: await drawn(shapeChildCopy(source, childLocale)) };
}

export type RecipientStatus = 'sent' | 'failed' | 'not-sent';

export interface CirculationRecipient {
	member: string;
	name: string;
	address: string;
	language: string;
	sentAt: string | null;
	status: RecipientStatus;
	/** Why it failed or was not sent, in words; null when sent. */
	reason: string | null;
	acknowledgedAt: string | null;
}

/**
 * Where the record stands with each member of the core group: the latest circulation to them, its latest
 * attempt, and whether they opened their receipt link (DESIGN §5, `circulation.recipients`).
 */
export async function circulationRecipients(db: Db, meetingId: string, caseId: string): Promise<CirculationRecipient[]> {
	const [members, sentTo, attempts, receipts, waiting] = await Promise.all([
		coreGroup(db, caseId),
		db.select().from(circulations).where(eq(circulations.meetingId, meetingId)).orderBy(circulations.at),
		db
			.select({ circulationId: circulationDeliveries.circulationId, error: circulationDeliveries.error, gaveUp: circulationDeliveries.gaveUp, at: circulationDeliveries.at })
			.from(circulationDeliveries)
			.innerJoin(circulations, eq(circulations.id, circulationDeliveries.circulationId))
			.where(eq(circulations.meetingId, meetingId))
			.orderBy(circulationDeliveries.seq),
		db
			.select({ circulationId: circulationReceipts.circulationId, at: circulationReceipts.at })
			.from(circulationReceipts)
			.innerJoin(circulations, eq(circulations.id, circulationReceipts.circulationId))
			.where(eq(circulations.meetingId, meetingId)),
		db
			.select({ circulationId: mailOutbox.circulationId, nextAttemptAt: mailOutbox.nextAttemptAt })
			.from(mailOutbox)
			.innerJoin(circulations, eq(circulations.id, mailOutbox.circulationId))
			.where(eq(circulations.meetingId, meetingId))
	]);
	// Rows come oldest first: a later one replaces an earlier one in each map.
	const latestCirculation = new Map(sentTo.map((c) => [c.memberId, c]));
	const latestAttempt = new Map(attempts.map((a) => [a.circulationId, a]));
	const firstSent = new Map<string, Date>();
	for (const a of attempts) if (a.error === null && !firstSent.has(a.circulationId)) firstSent.set(a.circulationId, a.at);
	const receiptOf = new Map(receipts.map((r) => [r.circulationId, r.at]));
	const queued = new Map(waiting.map((w) => [w.circulationId, w.nextAttemptAt]));
	return members.map((m): CirculationRecipient => {
		const base = { member: m.id, name: m.name, address: m.email, language: m.language, sentAt: null, acknowledgedAt: null };
		const circulation = latestCirculation.get(m.id);
		if (!circulation) return { ...base, status: 'not-sent', reason: notSentReason(m) ?? 'Not circulated yet.' };
		const attempt = latestAttempt.get(circulation.id);
		const acknowledgedAt = receiptOf.get(circulation.id)?.toISOString() ?? null;
		const withAddress = { ...base, address: circulation.email, acknowledgedAt };
		if (attempt && attempt.error === null) return { ...withAddress, status: 'sent', sentAt: firstSent.get(circulation.id)!.toISOString(), reason: null };
		if (attempt) {
			const next = queued.get(circulation.id);
			const then = attempt.gaveUp
				? `No more attempts after ${MAX_ATTEMPTS}: send it to them another way, or resend it.`
				: next
					? `Tried again by itself from ${next.toISOString()}.`
					: '';
			return { ...withAddress, status: 'failed', reason: `${attempt.error} ${then}`.trim() };
		}
		return { ...withAddress, status: 'not-sent', reason: 'Waiting in the outbox to be sent.' };
	});
}
