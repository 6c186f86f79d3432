// Circulating the written record: the latest stored PDF (made first if there is none, or if a fact was
// recorded after it) goes to every current member of the core group, each send recorded in `circulations`.
// The first successful circulation stamps the meeting's circulatedAt from the server clock.
import { and, desc, eq, isNull } from 'drizzle-orm';
import { londonDate } from '../calendar';
import type { Role } from '../core-group';
import { formatDay } from '../format';
import { appendAudit } from './audit';
import { coreGroup, type CoreGroupMember } from './cases';
import { circulationMessage } from './circulation-message';
import type { Db } from './db/client';
import { circulations, meetings } from './db/schema';
import type { MeetingAccess } from './meetings';
import { outboxConfig, sendMessages, type OutboxConfig, type Transport } from './outbox';
import type { SessionUser } from './accounts/session';
import { recordFileName } from './written-record/file-name';
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
			/** The meeting's circulatedAt: the first successful circulation, this one or an earlier one. */
			circulatedAt: Date;
	  }
	| { ok: false; status: 403 | 404 | 409 | 502 | 503; message: string };

const refused = (status: 403 | 404 | 409 | 502, message: string) => ({ ok: false as const, status, message });

/** The child is given a copy written for their age and understanding, not the professionals' minutes. */
function notSentReason(member: CoreGroupMember): string | null {
	if (member.role === 'child') return 'The child is given a copy written for their age and understanding, by the lead social worker.';
	if (!member.email.trim()) return 'No e-mail address.';
	return null;
}

export async function circulateRecord(
	db: Db,
	user: SessionUser,
	access: MeetingAccess,
	options: { outbox?: OutboxConfig } = {}
): Promise<CirculationResult> {
	if (!access.role || !CIRCULATING_ROLES.includes(access.role)) {
		return refused(403, 'Only the chair, the minute-taker or the lead social worker can circulate the written record.');
	}
	if (access.meeting.status !== 'closed') {
		return refused(409, 'The written record is circulated once the meeting has closed. Close the meeting first.');
	}
	const current = await currentWrittenRecord(db, user, access.meeting.id);
	if (!current.ok) return current;
	const { record } = current;

	const members = await coreGroup(db, access.case.id);
	const recipients = members.filter((m) => notSentReason(m) === null);
	if (!recipients.length) return refused(409, 'No member of the core group has an e-mail address to send the record to.');
	const lead = members.find((m) => m.role === 'lead-social-worker');
	const attachment = { filename: recordFileName(access.case.reference, access.meeting), content: record.pdf, contentType: 'application/pdf' };
	const messages = recipients.map((m) => ({
		to: { name: m.name, address: m.email },
		...circulationMessage({
			recipient: { name: m.name, role: m.role },
			childName: access.case.childName,
			reference: access.case.reference,
			meetingDay: formatDay(londonDate(access.meeting.openedAt ?? access.meeting.scheduledFor)),
			preferredLanguage: access.case.preferredLanguage,
			leadSocialWorker: lead?.name ?? null,
			sha256: record.sha256
		}),
		attachments: [attachment]
	}));

	const results = await sendMessages(options.outbox ?? outboxConfig(), messages);
	const at = new Date();
	await db.insert(circulations).values(
		recipients.map((m, i) => {
			const r = results[i];
			return {
				meetingId: access.meeting.id,
				recordId: record.id,
				memberId: m.id,
				email: m.email,
				transport: r.transport,
				reference: r.ok ? r.reference : null,
				error: r.ok ? null : r.error,
				sentBy: user.id,
				at
			};
		})
	);
	const sent = recipients.flatMap((m, i) => {
		const r = results[i];
		return r.ok ? [{ memberId: m.id, name: m.name, email: m.email, transport: r.transport, reference: r.reference }] : [];
	});
	const failed = recipients.flatMap((m, i) => {
		const r = results[i];
		return r.ok ? [] : [{ memberId: m.id, name: m.name, email: m.email, error: r.error }];
	});

	// Only the first successful circulation is the statutory one; later ones (an amended record) keep it.
	if (sent.length) await db.update(meetings).set({ circulatedAt: at }).where(and(eq(meetings.id, access.meeting.id), isNull(meetings.circulatedAt)));
	const [{ circulatedAt }] = await db.select({ circulatedAt: meetings.circulatedAt }).from(meetings).where(eq(meetings.id, access.meeting.id));
	await appendAudit(db, {
		action: 'record-circulated',
		actorUserId: user.id,
		caseId: access.case.id,
		meetingId: access.meeting.id,
		detail: { recordId: record.id, sha256: record.sha256, transport: results[0].transport, sent: sent.length, failed: failed.length }
	});
	if (!sent.length || !circulatedAt) {
		return refused(502, `The written record could not be sent to anyone (${failed[0]?.error ?? 'no answer from the mail server'}). Nothing was marked as circulated: check the e-mail settings and try again.`);
	}
	const notSent = members.flatMap((m) => {
		const why = notSentReason(m);
		return why ? [{ memberId: m.id, name: m.name, reason: why }] : [];
	});
	return { ok: true, record: { id: record.id, sha256: record.sha256 }, sent, failed, notSent, circulatedAt };
}

/** Who the meeting's records were sent to, newest first: for the page and the record of circulation. */
export async function circulationsOf(db: Db, meetingId: string) {
	return db
		.select({ id: circulations.id, recordId: circulations.recordId, memberId: circulations.memberId, email: circulations.email, transport: circulations.transport, error: circulations.error, at: circulations.at })
		.from(circulations)
		.where(eq(circulations.meetingId, meetingId))
		.orderBy(desc(circulations.at));
}
