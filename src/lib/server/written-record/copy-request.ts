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
import { copyFileName } from './file-name';
import { makeCopyPdf } from './pdf-pool';
import { pdfInSlices } from './pdf-response';


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

/** The copy as a PDF download, drawn in a PDF worker on request, in the reader's language. */
export async function copyPdfResponse(event: RequestEvent<{ meetingId: string }>, kind: CopyKind): Promise<Response> {
	const { copy } = await copyFor(event, kind);
	const { pdf } = await makeCopyPdf(copy);
	return new Response(pdfInSlices(pdf), {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `attachment; filename="${copyFileName(copy)}"`,
			'content-length': String(pdf.byteLength),
			'content-language': copy.lang,
			'cache-control': 'no-store'
		}
	});
}
