import { requireUser } from '$lib/server/accounts/auth';
import { coreGroup } from '$lib/server/cases';
import { requireMeetingAccess } from '$lib/server/guards';
import { editingSpells, keptPoints } from '$lib/server/meeting-history';
import { compareVersions, comparedVersion } from '$lib/server/plan-changes';
import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import type { PageServerLoad } from './$types';

/** The meeting's history: who changed which section when, and the plan at each kept point with what changed since the one before. */
export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const { db } = event.locals;
	const access = await requireMeetingAccess(db, user, event.params.meetingId);
	const [spells, points, members] = await Promise.all([editingSpells(db, access.meeting.id), keptPoints(db, access.meeting), coreGroup(db, access.case.id)]);

	// One point at a time is shown whole (`?point=2`), compared with the kept point before it.
	const pointParam = event.url.searchParams.get('point');
	let shown = null;
	if (pointParam !== null) {
		const index = /^\d{1,4}$/.test(pointParam) ? Number(pointParam) : -1;
		const point = points[index];
		if (!point) error(404, { message: m.pages_history_no_point() });
		const version = point.planHash ? await comparedVersion(db, access.meeting, point.planHash) : null;
		const previous = points.slice(0, index).findLast((p) => p.planHash !== null && p.planHash !== point.planHash) ?? null;
		const comparison = version && previous ? await compareVersions(db, access.meeting, previous.planHash!, point.planHash) : null;
		shown = { index, point, version, previous, comparison };
	}
	return {
		meeting: { id: access.meeting.id, status: access.meeting.status },
		case: { id: access.case.id, childName: access.case.childName },
		members: members.map((m) => ({ id: m.id, name: m.name, role: m.role, agency: m.agency, relationship: m.relationship })),
		spells,
		points,
		shown
	};
};
