import { copyFor } from '$lib/server/written-record/copy-request';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => copyFor(event, 'family');
