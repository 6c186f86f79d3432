import { mayManageCoreGroup, mayScheduleMeetings } from '$lib/core-group';
import { requireUser } from '$lib/server/accounts/auth';
import { coreGroup } from '$lib/server/cases';
import { caseDue } from '$lib/server/dashboard';
import { requireCaseAccess } from '$lib/server/guards';
import { meetingsOfCase, meetingSummary } from '$lib/server/meetings';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const { db } = event.locals;
	const access = await requireCaseAccess(db, user, event.params.caseId);
	const c = access.case;
	const [members, caseMeetings] = await Promise.all([coreGroup(db, c.id), meetingsOfCase(db, c.id)]);
	const manage = mayManageCoreGroup(access);
	return {
		case: {
			id: c.id,
			reference: c.reference,
			childName: c.childName,
			childDateOfBirth: c.childDateOfBirth,
			preferredLanguage: c.preferredLanguage,
			nation: c.nation,
			icpcDate: c.icpcDate
		},
		role: access.role,
		// Contact details are for those who run the case; everyone sees who is in the group and why.
		members: members.map((m) => ({
			id: m.id,
			name: m.name,
			role: m.role,
			agency: m.agency,
			relationship: m.relationship,
			email: manage || access.role !== 'family' ? m.email : null,
			active: m.active
		})),
		meetings: caseMeetings.map(meetingSummary),
		due: await caseDue(event.locals.db, c, caseMeetings, new Date()),
		mayManage: manage,
		maySchedule: mayScheduleMeetings(access)
	};
};
