import { error, fail } from '@sveltejs/kit';
import { isUuid } from '$lib/core-group';
import { meetingAccess } from '$lib/server/meetings';
import { recordWrittenView, writtenViewsRefusal, writtenViewsStanding } from '$lib/server/meeting-facts';
import { useViewLink, viewLinkHolder } from '$lib/server/view-links';
import { requireUser } from '$lib/server/accounts/auth';
import * as v from 'valibot';
import { formInput, text } from '$lib/server/form-input';
import { m } from '$lib/paraglide/messages.js';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

// Generous: recording the views keeps its own, tighter limit and says so.
const viewsFields = v.object({ text: text('Your views', 20_000) });

/** In the page's language, so looked up per request. */
const expiredLink = () => m.pages_views_expired();

/**
 * Who is sending views: the holder of a valid one-time link (`?link=`), or a signed-in member of the case.
 * Anyone else gets what any outsider gets: 404, or the sign-in page.
 */
async function sender(event: RequestEvent | Parameters<PageServerLoad>[0]) {
	const { meetingId } = event.params;
	if (!isUuid(meetingId)) error(404, { message: m.pages_not_found() });
	const token = event.url.searchParams.get('link');
	if (token) {
		const holder = await viewLinkHolder(event.locals.db, meetingId, token);
		if (!holder) return { expired: true as const };
		return { expired: false as const, meeting: holder.meeting, memberId: holder.memberId, name: holder.name, userId: null, token };
	}
	const user = requireUser(event);
	const access = await meetingAccess(event.locals.db, user, meetingId);
	if (!access?.membership) error(404, { message: m.pages_not_found() });
	return { expired: false as const, meeting: access.meeting, memberId: access.membership.id, name: user.name, userId: user.id, token: null };
}

export const load: PageServerLoad = async (event) => {
	const who = await sender(event);
	if (who.expired) return { expired: true as const, message: expiredLink() };
	const standing = await writtenViewsStanding(event.locals.db, who.meeting.id, who.memberId);
	return {
		expired: false as const,
		name: who.name,
		meetingId: who.meeting.id,
		signedIn: who.userId !== null,
		/** Why this person does not send written views, or null when they may. */
		notForYou: standing === 'may-send' ? null : { standing, message: writtenViewsRefusal[standing] },
		meeting: { scheduledFor: who.meeting.scheduledFor.toISOString(), status: who.meeting.status }
	};
};

export const actions: Actions = {
	default: async (event) => {
		const who = await sender(event);
		if (who.expired) return fail(410, { message: expiredLink(), text: '' });
		const input = await formInput(event.request, viewsFields);
		if (!input.ok) return fail(input.status, { message: input.message, text: '' });
		const { text } = input.value;
		if (!text.trim()) return fail(400, { message: m.pages_views_write_first(), text: '' });
		if (who.meeting.status === 'closed') return fail(409, { message: m.pages_views_meeting_closed(), text });
		const standing = await writtenViewsStanding(event.locals.db, who.meeting.id, who.memberId);
		if (standing !== 'may-send') return fail(standing === 'present' ? 409 : 403, { message: writtenViewsRefusal[standing], text });
		// A link is spent only by views that are actually recorded, and only once.
		if (who.token && !(await useViewLink(event.locals.db, who.token))) return fail(410, { message: expiredLink(), text });
		const result = await recordWrittenView(event.locals.db, {
			meeting: who.meeting,
			caseId: who.meeting.caseId,
			memberId: who.memberId,
			userId: who.userId,
			text,
			via: who.token ? 'link' : 'account'
		});
		if (!result.ok) return fail(result.status, { message: result.message, text });
		return { sent: true };
	}
};
