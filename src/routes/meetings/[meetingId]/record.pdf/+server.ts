import { error } from '@sveltejs/kit';
import { appendAudit } from '$lib/server/audit';
import { requireUser } from '$lib/server/accounts/auth';
import { requireMeetingAccess } from '$lib/server/guards';
import { recordFileName } from '$lib/server/written-record/file-name';
import { pdfInSlices, storedPdfInSlices } from '$lib/server/written-record/pdf-response';
import { currentRecord, writtenRecordIn } from '$lib/server/written-record/store';
import { m } from '$lib/paraglide/messages.js';
import type { RequestHandler } from './$types';

/**
 * The written record as a PDF: the latest stored copy (made first if there is none, or it is out of date); in the
 * reader's language when that is not English.
 */
export const GET: RequestHandler = async (event) => {
	const user = requireUser(event);
	const { db } = event.locals;
	const access = await requireMeetingAccess(db, user, event.params.meetingId);
	if (access.meeting.status !== 'closed') {
		error(409, { message: m.record_not_closed() });
	}
	// In another language: made on request from the same facts, sealed, not kept (store.ts, writtenRecordIn).
	const { locale } = event.locals;
	if (locale !== 'en') {
		const made = await writtenRecordIn(db, access.meeting.id, locale);
		if (!made.ok) error(made.status, { message: made.message });
		await appendAudit(db, {
			action: 'record-exported',
			actorUserId: user.id,
			caseId: access.case.id,
			meetingId: access.meeting.id,
			detail: { locale, sha256: made.sha256 }
		});
		return new Response(pdfInSlices(made.pdf), {
			headers: {
				'content-type': 'application/pdf',
				'content-disposition': `attachment; filename="${recordFileName(access.case.reference, access.meeting).replace(/\.pdf$/, `-${locale}.pdf`)}"`,
				'content-length': String(made.pdf.byteLength),
				'content-language': locale,
				'cache-control': 'no-store'
			}
		});
	}
	const result = await currentRecord(db, user, access.meeting.id);
	if (!result.ok) error(result.status, { message: result.message });
	const { record, pdf } = result;
	await appendAudit(db, {
		action: 'record-exported',
		actorUserId: user.id,
		caseId: access.case.id,
		meetingId: access.meeting.id,
		detail: { recordId: record.id, sha256: record.sha256 }
	});
	// Made just now, it is in hand; otherwise it is read from the database a part at a time as it goes out.
	const body = pdf ? pdfInSlices(pdf) : storedPdfInSlices(db, record.id, record.bytes);
	return new Response(body, {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `attachment; filename="${recordFileName(access.case.reference, access.meeting)}"`,
			'content-length': String(record.bytes),
			'cache-control': 'no-store',
			// Lets anyone holding a copy check it against the record.
			'x-record-sha256': record.sha256
		}
	});
};
