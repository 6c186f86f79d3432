import { copyPdfResponse } from '$lib/server/written-record/copy-request';
import type { RequestHandler } from './$types';

/** The child's copy as a PDF. */
export const GET: RequestHandler = (event) => copyPdfResponse(event, 'child');
