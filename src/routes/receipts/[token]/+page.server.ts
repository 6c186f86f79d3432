import { tallyAnonymousRefusal } from '$lib/server/anonymous-refusals';
import { acknowledgeReceipt } from '$lib/server/circulation-receipts';
import type { PageServerLoad } from './$types';

/**
 * The receipt link in a circulated e-mail: opening it stamps, once, when its member acknowledged the record.
 * No sign-in is needed (the token is the member's alone); nothing about the record or the member is shown.
 */
export const load: PageServerLoad = async (event) => {
	event.setHeaders({ 'cache-control': 'no-store' });
	const outcome = await acknowledgeReceipt(event.locals.db, event.params.token);
	if (outcome.stamped === 'unknown') tallyAnonymousRefusal(event.locals.db, 'receipt-link-unknown', event.getClientAddress());
	return outcome.stamped === 'unknown' ? { stamped: 'unknown' as const } : { stamped: outcome.stamped, at: outcome.at.toISOString() };
};
