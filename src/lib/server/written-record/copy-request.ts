// A request for a copy for the family or the child: members of the core group only (404 to anyone else, as
// the record), once the meeting has closed, in the reader's language (`?lang=`, else theirs) and format.
import { error, type RequestEvent } from '@sveltejs/kit';
import { requireUser } from '../accounts/auth';
import { requireMeetingAccess } from '../guards';
import { withMeetingDocument } from '../meeting-document';
import { m } from '../../paraglide/messages.js';
import { shapeChildCopy } from './child-copy';
import type { CopyDocument } from './copies';
import { shapeFamilyCopy } from './family-copy';
import { readCopySource } from './copies-read';

export { copyFileName } from './file-name';

export type CopyKind = 'family' | 'child';

export async function copyFor(event: RequestEvent<{ meetingId: string }>, kind: CopyKind): Promise<{ meetingId: string; caseReference: string; copy: CopyDocument }> {
	const user = requireUser(event);
	const { db, locale } = event.locals;
	const access = await requireMeetingAccess(db, user, event.params.meetingId);
	if (access.meeting.status !== 'closed') error(409, { message: m.record_not_closed({}, { locale }) });
	const source = await readCopySource(db, access, (meetingId, use) => withMeetingDocument(db, meetingId, use));
	const easyRead = event.url.searchParams.get('format') === 'easy-read';
	const copy = kind === 'family' ? shapeFamilyCopy(source, locale, easyRead ? 'easy-read' : 'standard') : shapeChildCopy(source, locale);
	return { meetingId: access.meeting.id, caseReference: access.case.reference, copy };
}
