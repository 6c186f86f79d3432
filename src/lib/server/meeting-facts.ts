// Recording the facts only the server writes — meeting state and its stamps, attendance, disagreements,
// written views — with the role checks each needs. Every fact is a row in the record, committed with its
// audit row (recordFact), then mirrored live into the room's document. Facts are appended, never changed: a
// new attendance or reflection row is added and the latest holds. Expected refusals are values with a message.
import { and, desc, eq, isNull } from 'drizzle-orm';
import { circulateBy, londonDate } from '../calendar';
import { isUuid } from '../core-group';
import * as Y from 'yjs';
import { isAttendanceStatus, MEETING, serverOrigin, type AttendanceStatus, type Role } from '../plan';
import { appendAudit } from './audit';
import type { Db } from './db/client';
import { attendance, disagreementReflections, disagreements, meetings, meetingUpdates, memberships, writtenViews, type Meeting } from './db/schema';
import { deliverStoredUpdate, meetingChangesStored, withRoom } from './meeting-document';
import { storedOrSeededDocument } from './collab-hooks/store';
import { serverPlanVersion } from './plan-hash';
import { mirrorQueued, queueMirror } from './mirror-queue';
import { lockedPlanVersion, storePlanVersion, type PlanVersion } from './plan-versions';
import { recordFact } from './record-fact';
import type { MeetingAccess } from './meetings';
import { loadPolicy } from './policy';
import type { SessionUser } from './accounts/session';
import { m } from '../paraglide/messages.js';
import { localisedLabels } from '../i18n/labels';

export type FactResult<T = object> = ({ ok: true } & T) | { ok: false; status: 400 | 403 | 409 | 413; message: string };

const refused = (status: 400 | 403 | 409, message: string) => ({ ok: false as const, status, message });
const MAX_TEXT = 10_000;

function hasRole(access: MeetingAccess, ...roles: Role[]): boolean {
	return access.role !== null && roles.includes(access.role);
}

async function isMemberOfCase(db: Db, caseId: string, memberId: string): Promise<boolean> {
	if (!isUuid(memberId)) return false;
	const [row] = await db
		.select({ id: memberships.id })
		.from(memberships)
		.where(and(eq(memberships.id, memberId), eq(memberships.caseId, caseId), isNull(memberships.removedAt)));
	return !!row;
}

/**
 * Opens the meeting (chair only): the live plan can be edited from now until it is closed. Opened on a day
 * other than the one it was scheduled for (London time), the audit row says so, with the chair's reason —
 * the page asks for one; `?/open` without it still opens (its surface is kept stable) and records none given.
 */
export async function openMeeting(db: Db, user: SessionUser, access: MeetingAccess, offDayReason = ''): Promise<FactResult> {
	if (!hasRole(access, 'chair')) return refused(403, m.answers_open_chair_only());
	if (access.meeting.status !== 'scheduled') return refused(409, access.meeting.status === 'open' ? m.answers_meeting_already_open() : m.answers_meeting_already_closed());
	if (offDayReason.length > MAX_TEXT) return refused(400, m.answers_open_reason_long({ max: MAX_TEXT.toLocaleString('en-GB') }));
	const openedAt = new Date();
	const openedOn = londonDate(openedAt);
	const scheduledDay = londonDate(access.meeting.scheduledFor);
	const offDay = openedOn === scheduledDay ? {} : { scheduledDay, openedOn, reason: offDayReason.trim() || null };
	// The plan as the meeting opens on it (prepared beforehand, or carried over) is a kept point of its history:
	// read from the stored log under the meeting row's lock, as signing reads it, whichever process took the edits.
	await meetingChangesStored(db, access.meeting.id);
	const opened = await recordFact(db, access.meeting.id, async (tx) => {
		const openingVersion = await lockedPlanVersion(tx, access.meeting.id);
		const updated = await tx
			.update(meetings)
			.set({ status: 'open', openedAt })
			.where(and(eq(meetings.id, access.meeting.id), eq(meetings.status, 'scheduled')))
			.returning({ id: meetings.id });
		if (!updated.length) return null;
		await storePlanVersion(tx, access.meeting.id, openingVersion);
		return { value: true, audit: { action: 'meeting-opened', actorUserId: user.id, caseId: access.case.id, meetingId: access.meeting.id, detail: { openedAt: openedAt.toISOString(), planHash: openingVersion.planHash, ...offDay } } };
	});
	if (!opened) return refused(409, m.answers_opened_by_other());
	return { ok: true };
}

/**
 * Closes the meeting (chair only): stamps closedAt from the server clock and the date by which the minutes
 * must be circulated, freezes the document and keeps the final plan's hash and a final snapshot.
 *
 * With many processes, attendees edit through any of them, so the final plan is read from the stored log, not
 * from this process's room: in one transaction the meeting's row is locked FOR UPDATE and marked closed (from
 * then on no process can store a member's update: appendUpdates), the log is read, and the freeze — status,
 * stamps and the hash of exactly that plan — is stored as the server's update. It then reaches every process's
 * room; an edit a room took before it arrived is refused by the store, and that room reloads the record.
 */
export async function closeMeeting(db: Db, user: SessionUser, access: MeetingAccess): Promise<FactResult<{ meeting: Meeting }>> {
	if (!hasRole(access, 'chair')) return refused(403, m.answers_close_chair_only());
	if (access.meeting.status === 'closed') return refused(409, m.answers_meeting_already_closed());
	const closedAt = new Date();
	const { timescales, closures } = await loadPolicy(db);
	const dueBy = circulateBy(closedAt, access.case.nation, timescales, closures);
	const meetingId = access.meeting.id;
	// Whatever this process's room holds is stored first (and a new meeting's document seeded), so the log holds it.
	await withRoom(db, meetingId, (room) => room.settled());
	const result = await db.transaction(async (tx) => {
		// FOR UPDATE, not just the update: it is the lock every insert of a member's update takes a share of.
		const [current] = await tx
			.select({ id: meetings.id })
			.from(meetings)
			.where(and(eq(meetings.id, meetingId), eq(meetings.status, access.meeting.status)))
			.for('update');
		if (!current) return undefined;
		await tx.update(meetings).set({ status: 'closed', closedAt, circulateBy: dueBy }).where(eq(meetings.id, meetingId));
		const frozen = await frozenDocument(tx as unknown as Db, meetingId, closedAt.toISOString(), dueBy);
		const { finalVersion, freeze } = frozen;
		const finalPlanHash = finalVersion.planHash;
		await tx.insert(meetingUpdates).values({ meetingId, memberId: null, userId: null, update: freeze });
		const [closed] = await tx.update(meetings).set({ finalPlanHash }).where(eq(meetings.id, meetingId)).returning();
		await storePlanVersion(tx, meetingId, finalVersion);
		await appendAudit(tx, {
			action: 'meeting-closed',
			actorUserId: user.id,
			caseId: access.case.id,
			meetingId,
			detail: { closedAt: closedAt.toISOString(), circulateBy: dueBy, finalPlanHash }
		});
		await queueMirror(tx, meetingId);
		return { closed, freeze };
	});
	if (!result) return refused(409, m.answers_changed_by_other());
	await deliverStoredUpdate(db, meetingId, result.freeze);
	await mirrorQueued(db, meetingId);
	await withRoom(db, meetingId, (room) => room.snapshot());
	return { ok: true, meeting: result.closed };
}

/**
 * The meeting's document as the log holds it (read inside the close's transaction), its final plan, and the
 * freeze as an update of the server's: status closed, the stamps, and that plan's hash.
 */
async function frozenDocument(tx: Db, meetingId: string, closedAt: string, dueBy: string): Promise<{ finalVersion: PlanVersion; freeze: Uint8Array }> {
	// A meeting whose document was never stored (its room seeded by no process yet) closes on the plan it starts
	// from, and the freeze carries that seeding.
	const { doc, storedState: before } = await storedOrSeededDocument(tx, meetingId);
	try {
		const finalVersion = serverPlanVersion(doc);
		doc.transact(() => {
			const meeting = doc.getMap(MEETING);
			meeting.set('status', 'closed');
			meeting.set('closedAt', closedAt);
			meeting.set('circulateBy', dueBy);
			meeting.set('finalPlanHash', finalVersion.planHash);
		}, serverOrigin);
		return { finalVersion, freeze: Y.encodeStateAsUpdate(doc, before) };
	} finally {
		doc.destroy();
	}
}

/** Attendance (chair or minute-taker): present, apologies or absent for a member of the core group. */
export async function recordAttendance(db: Db, user: SessionUser, access: MeetingAccess, input: { member: string; status: string }): Promise<FactResult> {
	if (!hasRole(access, 'chair', 'minute-taker')) return refused(403, m.answers_attendance_who());
	if (access.meeting.status === 'closed') return refused(409, m.answers_attendance_closed());
	if (!isAttendanceStatus(input.status)) return refused(400, m.answers_attendance_status());
	if (!(await isMemberOfCase(db, access.case.id, input.member))) return refused(400, m.answers_choose_member());
	const status: AttendanceStatus = input.status;
	// A new row, not a changed one: the latest row per member holds, the earlier ones stay as the history.
	await recordFact(db, access.meeting.id, async (tx) => {
		await tx.insert(attendance).values({ meetingId: access.meeting.id, memberId: input.member, status, recordedBy: user.id });
		return { value: true, audit: { action: 'attendance-recorded', actorUserId: user.id, caseId: access.case.id, meetingId: access.meeting.id, detail: { memberId: input.member, status } } };
	});
	return { ok: true };
}

/**
 * A disagreement, with its reason (required). Members record their own; the chair or minute-taker may record
 * one for a named member who said it in the meeting. Observers record none.
 */
export async function recordDisagreement(
	db: Db,
	user: SessionUser,
	access: MeetingAccess,
	input: { about: string; position: string; reason: string; member?: string }
): Promise<FactResult<{ id: string }>> {
	if (!access.membership || access.role === 'observer') return refused(403, m.answers_disagree_members_only());
	if (access.meeting.status === 'closed') return refused(409, m.answers_disagree_closed());
	const about = input.about.trim();
	const position = input.position.trim();
	const reason = input.reason.trim();
	if (!about) return refused(400, m.answers_disagree_about());
	if (!position) return refused(400, m.answers_disagree_position());
	if (!reason) return refused(400, m.answers_disagree_reason());
	if ([about, position, reason].some((t) => t.length > MAX_TEXT)) return refused(400, m.answers_disagree_each_part({ max: String(MAX_TEXT) }));
	let memberId = access.membership.id;
	if (input.member && input.member !== memberId) {
		if (!hasRole(access, 'chair', 'minute-taker')) return refused(403, m.answers_disagree_own_only());
		if (!(await isMemberOfCase(db, access.case.id, input.member))) return refused(400, m.answers_choose_member());
		memberId = input.member;
	}
	const id = await recordFact(db, access.meeting.id, async (tx) => {
		const row = await insertDisagreement(tx, { meetingId: access.meeting.id, memberId, about, position, reason, recordedBy: user.id });
		return { value: row.id, audit: { action: 'disagreement-recorded', actorUserId: user.id, caseId: access.case.id, meetingId: access.meeting.id, detail: { disagreementId: row.id, memberId, about } } };
	});
	return { ok: true, id: id! };
}

/**
 * The disagreement row itself, for every path that records one (the form above; a signature saying "I do not
 * agree"), so all read alike in the record. Runs inside the caller's transaction when there is one.
 */
export async function insertDisagreement(
	db: Pick<Db, 'insert'>,
	values: { meetingId: string; memberId: string; about: string; position: string; reason: string; recordedBy: string }
): Promise<{ id: string }> {
	const [row] = await db.insert(disagreements).values(values).returning({ id: disagreements.id });
	return row;
}

/** How the plan reflects a disagreement (chair or lead social worker), also after the meeting. */
export async function reflectDisagreement(
	db: Db,
	user: SessionUser,
	access: MeetingAccess,
	input: { id: string; reflected: string; accepted: string }
): Promise<FactResult> {
	if (!hasRole(access, 'chair', 'lead-social-worker')) return refused(403, m.answers_reflect_who());
	if (!isUuid(input.id)) return refused(400, m.answers_reflect_not_here());
	const reflected = input.reflected.trim();
	if (!reflected) return refused(400, m.answers_reflect_say());
	if (reflected.length > MAX_TEXT) return refused(400, m.answers_reflect_too_long({ max: String(MAX_TEXT) }));
	if (input.accepted !== 'yes' && input.accepted !== 'no') return refused(400, m.answers_reflect_accepted());
	const accepted = input.accepted === 'yes';
	// Appended beside the disagreement, which is never changed: a later reflection replaces an earlier one.
	const reflectedNow = await recordFact(db, access.meeting.id, async (tx) => {
		const [said] = await tx
			.select({ id: disagreements.id })
			.from(disagreements)
			.where(and(eq(disagreements.id, input.id), eq(disagreements.meetingId, access.meeting.id)));
		if (!said) return null;
		await tx.insert(disagreementReflections).values({ disagreementId: said.id, meetingId: access.meeting.id, reflected, accepted, reflectedBy: user.id });
		return { value: true, audit: { action: 'disagreement-reflected', actorUserId: user.id, caseId: access.case.id, meetingId: access.meeting.id, detail: { disagreementId: input.id, accepted } } };
	});
	if (!reflectedNow) return refused(400, m.answers_reflect_not_here());
	return { ok: true };
}

/** Written views of a member who cannot attend, received before or during the meeting. */
/** Written views are for members of the core group who cannot attend: an observer is not one. */
/** Written views are for members who cannot attend: not an observer's, and not the chair's, who runs the meeting. */
export const maySendWrittenViews = (role: Role | null) => role !== null && role !== 'observer' && role !== 'chair';

export type WrittenViewsStanding = 'may-send' | 'observer' | 'chair' | 'present';

const writtenViewsRefusals: Record<Exclude<WrittenViewsStanding, 'may-send'>, () => string> = {
	observer: m.answers_views_observer,
	chair: m.answers_views_chair,
	present: m.answers_views_present
};
/** Why this member may not send written views, in the page's language at the moment each is read. */
export const writtenViewsRefusal: Readonly<Record<Exclude<WrittenViewsStanding, 'may-send'>, string>> = localisedLabels(
	['observer', 'chair', 'present'] as const,
	(standing) => writtenViewsRefusals[standing]()
);

/** Whether this member may send written views to this meeting now (not an observer, not marked present). */
export async function writtenViewsStanding(db: Db, meetingId: string, memberId: string): Promise<WrittenViewsStanding> {
	const [member] = await db.select({ role: memberships.role }).from(memberships).where(eq(memberships.id, memberId));
	if (!member || !maySendWrittenViews(member.role)) return member?.role === 'chair' ? 'chair' : 'observer';
	// The latest attendance row holds.
	const [latest] = await db
		.select({ status: attendance.status })
		.from(attendance)
		.where(and(eq(attendance.meetingId, meetingId), eq(attendance.memberId, memberId)))
		.orderBy(desc(attendance.seq))
		.limit(1);
	return latest?.status === 'present' ? 'present' : 'may-send';
}

export async function recordWrittenView(
	db: Db,
	input: { meeting: Meeting; caseId: string; memberId: string; userId: string | null; text: string; via: 'account' | 'link' }
): Promise<FactResult<{ id: string }>> {
	if (input.meeting.status === 'closed') return refused(409, m.answers_views_closed());
	const standing = await writtenViewsStanding(db, input.meeting.id, input.memberId);
	if (standing !== 'may-send') return refused(standing === 'present' ? 409 : 403, writtenViewsRefusal[standing]);
	const text = input.text.trim();
	if (!text) return refused(400, m.answers_views_empty());
	if (text.length > MAX_TEXT) return refused(400, m.answers_views_too_long({ max: String(MAX_TEXT) }));
	const id = await recordFact(db, input.meeting.id, async (tx) => {
		const [row] = await tx
			.insert(writtenViews)
			.values({ meetingId: input.meeting.id, memberId: input.memberId, text, via: input.via })
			.returning({ id: writtenViews.id });
		return { value: row.id, audit: { action: 'written-views-received', actorUserId: input.userId, caseId: input.caseId, meetingId: input.meeting.id, detail: { viewId: row.id, memberId: input.memberId, via: input.via } } };
	});
	return { ok: true, id: id! };
}
