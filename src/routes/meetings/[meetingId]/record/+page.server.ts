import { error } from '@sveltejs/kit';
import { londonDate } from '$lib/calendar';
import { circulationStatus } from '$lib/circulation-status';
import { requireUser } from '$lib/server/accounts/auth';
import { circulationRecipients } from '$lib/server/circulation';
import { withMeetingDocument } from '$lib/server/meeting-document';
import { meetingPermissions } from '$lib/server/meeting-permissions';
import { requireMeetingAccess } from '$lib/server/guards';
import { loadPolicy } from '$lib/server/policy';
import { readWrittenRecord } from '$lib/server/written-record/read';
import { writtenRecordsOf } from '$lib/server/written-record/store';
import { m } from '$lib/paraglide/messages.js';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const { db } = event.locals;
	const access = await requireMeetingAccess(db, user, event.params.meetingId);
	if (access.meeting.status !== 'closed') {
		error(409, { message: m.record_not_closed() });
	}
	const [record, stored, recipients, policy] = await Promise.all([
		readWrittenRecord(db, access, (meetingId, use) => withMeetingDocument(db, meetingId, use), 'inline', event.locals.locale),
		writtenRecordsOf(db, access.meeting.id),
		circulationRecipients(db, access.meeting.id, access.case.id),
		loadPolicy(db)
	]);
	return {
		meetingId: access.meeting.id,
		record,
		latestStored: stored[0] ? { sha256: stored[0].sha256, generatedAt: stored[0].generatedAt.toISOString() } : null,
		circulation: circulationStatus(access.meeting, access.case.nation, londonDate(new Date()), policy.closures),
		recipients,
		mayResend: meetingPermissions(access).circulate
	};
};
