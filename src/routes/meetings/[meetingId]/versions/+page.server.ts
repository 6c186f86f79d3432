import { requireUser } from '$lib/server/accounts/auth';
import { coreGroup } from '$lib/server/cases';
import { requireMeetingAccess } from '$lib/server/guards';
import { compareVersions } from '$lib/server/plan-changes';
import { isPlanHash, planVersionsOf } from '$lib/server/plan-versions';
import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import type { PageServerLoad } from './$types';

/** Two versions of the plan side by side in words: `from` a kept version, `to` another or (by default) now. */
export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const { db } = event.locals;
	const access = await requireMeetingAccess(db, user, event.params.meetingId);
	const [versions, members] = await Promise.all([planVersionsOf(db, access.meeting.id), coreGroup(db, access.case.id)]);
	const fromParam = event.url.searchParams.get('from');
	const toParam = event.url.searchParams.get('to') || null;
	const from = fromParam && isPlanHash(fromParam) ? fromParam : (versions[0]?.planHash ?? null);
	if ((fromParam && !isPlanHash(fromParam)) || (toParam && toParam !== 'now' && !isPlanHash(toParam))) error(404, { message: m.pages_versions_no_such() });
	const comparison = from ? await compareVersions(db, access.meeting, from, toParam === 'now' ? null : toParam) : null;
	if (from && !comparison) error(404, { message: m.pages_versions_no_such() });
	return {
		meeting: { id: access.meeting.id, status: access.meeting.status, finalPlanHash: access.meeting.finalPlanHash },
		case: { id: access.case.id, childName: access.case.childName },
		members: members.map((m) => ({ id: m.id, name: m.name, role: m.role, agency: m.agency, relationship: m.relationship })),
		versions: versions.map((v) => ({ planHash: v.planHash, at: v.at.toISOString() })),
		comparison
	};
};
