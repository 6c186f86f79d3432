import { copyFileName, copyFor } from '$lib/server/written-record/copy-request';
import { makeCopyPdf } from '$lib/server/written-record/pdf-pool';
import { pdfInSlices } from '$lib/server/written-record/pdf-response';
import type { RequestHandler } from './$types';

/** The child's copy as a PDF, drawn in a PDF worker on request, in the reader's language. */
export const GET: RequestHandler = async (event) => {
	const { copy } = await copyFor(event, 'child');
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
};
