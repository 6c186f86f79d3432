// Moving a scheduled meeting: the lead social worker or the chair gives the new date and the reason; the
// statutory timescale is checked again (a date past it needs saying so twice); the change is appended as
// evidence; and every member is sent the new date in writing, in their language, through the outbox.
import { and, eq, isNull } from 'drizzle-orm';
import { firstMeetingDueBy, londonDate, nextMeetingDueBy } from '../../calendar';
import { isIsoDate } from '../../core-group';
import { formatDay, londonLocalToInstant } from '../../format';
import { appendAudit } from '../audit';
import type { Db } from '../db/client';
import { meetingReschedules, meetings, memberships, users } from '../db/schema';
import type { MeetingAccess } from '../meetings';
import { meetingsOfCase } from '../meetings';
import { loadPolicy } from '../policy';
import type { SessionUser } from '../accounts/session';
import { queueNotices, sendNotices, type Notice } from './notices';
import { parseTypedDateTime } from '../../calendar/typed-dates';
import { m } from '../../paraglide/messages.js';
import { rescheduleMessage } from './reschedule-message';

export const RESCHEDULE_ROLES = ['lead-social-worker', 'chair'] as const;
export const REASON_MAX = 2_000;

export type RescheduleResult =
	| { ok: true; scheduledFor: string; dueBy: string; late: boolean; told: number }
	| { ok: false; status: 400 | 403 | 409; message: string; dueBy?: string; needsConfirming?: boolean };

/**
 * 'YYYY-MM-DDTHH:MM' (UK time, as scripts and the old date-time field send it), an ISO instant with its offset,
 * or a date and time as people type them, day first ("18/12/2026 10:00", UK time); else null.
 */
export function parseScheduledFor(value: string): Date | null {
	if (!/^\d{4}-/.test(value.trim())) {
		const typed = parseTypedDateTime(value);
		if (!typed) return null;
		const at = londonLocalToInstant(typed.date, typed.time);
		return Number.isNaN(at.getTime()) || londonDate(at) !== typed.date ? null : at;
	}
	const local = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})$/.exec(value.trim());
	if (local) {
		// A date or time that does not exist (30 February, 25:00) is refused before it reaches the clock arithmetic.
		if (!isIsoDate(local[1]) || !/^([01]\d|2[0-3]):[0-5]\d$/.test(local[2])) return null;
		const at = londonLocalToInstant(local[1], local[2]);
		return Number.isNaN(at.getTime()) || londonDate(at) !== local[1] ? null : at;
	}
	if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value.trim())) return null;
	if (!isIsoDate(value.trim().slice(0, 10))) return null;
	const at = new Date(value.trim());
	return Number.isNaN(at.getTime()) ? null : at;
}

/** The date the case's next core group meeting is due by, as the dashboard computes it. */
export async function meetingDueBy(db: Db, access: Pick<MeetingAccess, 'case' | 'meeting'>): Promise<string> {
	const { timescales, closures } = await loadPolicy(db);
	const held = (await meetingsOfCase(db, access.case.id)).filter((m) => m.status === 'closed' && m.closedAt && m.id !== access.meeting.id);
	const last = held.at(-1);
	return last ? nextMeetingDueBy(londonDate(last.closedAt!), timescales) : firstMeetingDueBy(access.case.icpcDate, access.case.nation, timescales, closures);
}

export async function rescheduleMeeting(
	db: Db,
	user: SessionUser,
	access: MeetingAccess,
	input: { scheduledFor: string; reason: string; confirmLate: string; origin: string },
	now = new Date()
): Promise<RescheduleResult> {
	const member = access.membership;
	if (!member || !(RESCHEDULE_ROLES as readonly string[]).includes(member.role)) return { ok: false, status: 403, message: m.pages_reschedule_only_roles() };
	if (access.meeting.status !== 'scheduled') return { ok: false, status: 409, message: m.pages_reschedule_not_started_only() };
	const to = parseScheduledFor(input.scheduledFor);
	if (!to) return { ok: false, status: 400, message: m.pages_reschedule_enter_when() };
	if (to.getTime() <= now.getTime()) return { ok: false, status: 400, message: m.pages_reschedule_past() };
	if (to.getTime() === access.meeting.scheduledFor.getTime()) return { ok: false, status: 400, message: m.pages_reschedule_same() };
	const reason = input.reason.trim();
	if (!reason) return { ok: false, status: 400, message: m.pages_reschedule_give_reason() };
	if (reason.length > REASON_MAX) return { ok: false, status: 400, message: m.pages_reschedule_reason_long({ max: REASON_MAX.toLocaleString('en-GB') }) };
	const dueBy = await meetingDueBy(db, access);
	const late = londonDate(to) > dueBy;
	if (late && input.confirmLate !== 'yes') {
		return {
			ok: false,
			status: 409,
			needsConfirming: true,
			dueBy,
			message: m.pages_reschedule_late({ date: formatDay(londonDate(to)), due: formatDay(dueBy) })
		};
	}
	const from = access.meeting.scheduledFor;
	const recorded = await db.transaction(async (tx) => {
		const [meeting] = await tx.select().from(meetings).where(eq(meetings.id, access.meeting.id)).for('update');
		if (meeting.status !== 'scheduled') return null;
		const [row] = await tx.insert(meetingReschedules).values({ meetingId: meeting.id, fromScheduledFor: meeting.scheduledFor, toScheduledFor: to, reason, memberId: member.id, userId: user.id }).returning();
		await tx.update(meetings).set({ scheduledFor: to }).where(eq(meetings.id, meeting.id));
		await appendAudit(tx, {
			action: 'meeting-rescheduled',
			actorUserId: user.id,
			caseId: access.case.id,
			meetingId: meeting.id,
			detail: { from: meeting.scheduledFor.toISOString(), to: to.toISOString(), dueBy, late, rescheduleSeq: row.seq }
		});
		const people = await tx
			.select({ memberId: memberships.id, userId: users.id, name: users.name, address: users.email, language: memberships.language })
			.from(memberships)
			.innerJoin(users, eq(users.id, memberships.userId))
			.where(and(eq(memberships.caseId, access.case.id), isNull(memberships.removedAt)));
		const letters: Notice[] = people.map((p) => {
			const message = rescheduleMessage(p.language, {
				name: p.name,
				reference: access.case.reference,
				from,
				to,
				place: meeting.place,
				reason,
				by: user.name,
				link: `${input.origin}/meetings/${meeting.id}`
			});
			return { key: `reschedule:${row.seq}:${p.memberId}`, caseId: access.case.id, to: { userId: p.userId, name: p.name, address: p.address }, ...message };
		});
		return queueNotices(tx, letters);
	});
	if (!recorded) return { ok: false, status: 409, message: m.pages_reschedule_started() };
	const sent = await sendNotices(db, recorded);
	return { ok: true, scheduledFor: to.toISOString(), dueBy, late, told: sent.sent };
}
