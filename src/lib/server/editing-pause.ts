// The chair pausing editing of the plan for everyone while signatures are collected, and resuming it. Each
// is a fact appended to the record (the latest holds), then mirrored into the live document's server-owned
// `meeting` root, where every page reads it and the collaboration firewall refuses plan edits meanwhile.
import type { Db } from './db/client';
import { editingPauses } from './db/schema';
import type { FactResult } from './meeting-facts';
import { isEditingPaused } from './meeting-facts-query';
import type { MeetingAccess } from './meetings';
import { recordFact } from './record-fact';
import type { SessionUser } from './accounts/session';
import { m } from '../paraglide/messages.js';

const refused = (status: 403 | 409, message: string) => ({ ok: false as const, status, message });

/** Pauses (`paused` true) or resumes editing the plan: the chair, while the meeting is in progress. */
export async function setEditingPaused(db: Db, user: SessionUser, access: MeetingAccess, paused: boolean): Promise<FactResult> {
	if (access.role !== 'chair') return refused(403, paused ? m.answers_pause_chair_only() : m.answers_resume_chair_only());
	if (access.meeting.status !== 'open') return refused(409, m.answers_pause_not_open());
	if ((await isEditingPaused(db, access.meeting.id)) === paused) {
		return refused(409, paused ? m.answers_pause_already() : m.answers_pause_not_paused());
	}
	await recordFact(db, access.meeting.id, async (tx) => {
		await tx.insert(editingPauses).values({ meetingId: access.meeting.id, paused, recordedBy: user.id });
		return { value: true, audit: { action: paused ? 'editing-paused' : 'editing-resumed', actorUserId: user.id, caseId: access.case.id, meetingId: access.meeting.id, detail: {} } };
	});
	return { ok: true };
}
