import { roleLabels } from '$lib/core-group';
import { requireUser } from '$lib/server/auth';
import { coreGroup } from '$lib/server/cases';
import { requireMeetingAccess } from '$lib/server/guards';
import { meetingSummary } from '$lib/server/meetings';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const access = await requireMeetingAccess(event.locals.db, user, event.params.meetingId);
	const members = await coreGroup(event.locals.db, access.case.id);
	return {
		meeting: meetingSummary(access.meeting),
		case: { id: access.case.id, childName: access.case.childName, reference: access.case.reference },
		role: access.role,
		roleLabel: access.role ? roleLabels[access.role] : 'Administrator',
		members: members.map((m) => ({ id: m.id, name: m.name, role: m.role, agency: m.agency }))
	};
};
