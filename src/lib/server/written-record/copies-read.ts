// Reads what the copies for the family and the child are made from: the written record's own source (read.ts,
// the same readers the record uses), the next meeting, and the local policy's complaints contact.
import { londonDate, nextMeetingDueBy } from '../../calendar';
import type { Db } from '../db/client';
import { nextMeetingOfCase, type MeetingAccess } from '../meetings';
import { loadPolicy } from '../policy';
import type { CopySource } from './copies';
import { readRecordSource, type MeetingDocumentReader } from './read';

export async function readCopySource(db: Db, access: Pick<MeetingAccess, 'case' | 'meeting'>, documentOf: MeetingDocumentReader): Promise<CopySource> {
	const [source, policy, next] = await Promise.all([
		readRecordSource(db, access, documentOf),
		loadPolicy(db),
		nextMeetingOfCase(db, access.case.id)
	]);
	const closed = access.meeting.closedAt ?? access.meeting.openedAt ?? access.meeting.scheduledFor;
	// A meeting scheduled after this one is the next; otherwise the day the next one is due by.
	const scheduled = next && next.id !== access.meeting.id && next.scheduledFor > closed ? next : null;
	const nextMeeting = scheduled
		? { date: londonDate(scheduled.scheduledFor), fixed: true }
		: { date: nextMeetingDueBy(londonDate(closed), policy.timescales), fixed: false };
	return { ...source, nextMeeting, complaintsContact: policy.complaintsContact };
}
