import { roleLabels } from '$lib/core-group';
import { requireUser } from '$lib/server/auth';
import { coreGroup } from '$lib/server/cases';
import { requireMeetingAccess } from '$lib/server/guards';
import { meetingSummary } from '$lib/server/meetings';
import { fail } from '@sveltejs/kit';
import {
	closeMeeting,
	openMeeting,
	recordAttendance,
	recordDisagreement,
	reflectDisagreement,
	type FactResult
} from '$lib/server/meeting-facts';
import { createViewLink } from '$lib/server/view-links';
import { recordAgencyConfirmation, signPlan } from '$lib/server/meeting-signatures';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const access = await requireMeetingAccess(event.locals.db, user, event.params.meetingId);
	const members = await coreGroup(event.locals.db, access.case.id);
	return {
		meeting: meetingSummary(access.meeting),
		case: { id: access.case.id, childName: access.case.childName, reference: access.case.reference },
		role: access.role,
		roleLabel: access.role ? roleLabels[access.role] : 'Administrator',
		// The live editor attributes edits to this membership; null for an administrator outside the core group.
		memberId: access.membership?.id ?? null,
		members: members.map((m) => ({ id: m.id, name: m.name, role: m.role, agency: m.agency }))
	};
};

/** Reads a form field as trimmed-later text; absent fields are empty. */
const field = (form: FormData, name: string) => {
	const value = form.get(name);
	return typeof value === 'string' ? value : '';
};

async function factContext(event: RequestEvent) {
	const user = requireUser(event);
	const access = await requireMeetingAccess(event.locals.db, user, event.params.meetingId);
	return { db: event.locals.db, user, access, form: await event.request.formData() };
}

/** A refusal becomes a 4xx with its message; success returns which action succeeded. */
function answer(action: string, result: FactResult) {
	return result.ok ? { action, ok: true } : fail(result.status, { action, message: result.message });
}

// Each action checks the caller's role on the server; the page only mirrors these checks.
export const actions: Actions = {
	open: async (event) => {
		const { db, user, access } = await factContext(event);
		return answer('open', await openMeeting(db, user, access));
	},
	close: async (event) => {
		const { db, user, access } = await factContext(event);
		return answer('close', await closeMeeting(db, user, access));
	},
	attendance: async (event) => {
		const { db, user, access, form } = await factContext(event);
		return answer('attendance', await recordAttendance(db, user, access, { member: field(form, 'member'), status: field(form, 'status') }));
	},
	disagree: async (event) => {
		const { db, user, access, form } = await factContext(event);
		const input = { about: field(form, 'about'), position: field(form, 'position'), reason: field(form, 'reason'), member: field(form, 'member') || undefined };
		return answer('disagree', await recordDisagreement(db, user, access, input));
	},
	/** A one-time link for a member who cannot attend to send written views (chair or lead social worker). */
	viewLink: async (event) => {
		const { db, user, access, form } = await factContext(event);
		if (access.role !== 'chair' && access.role !== 'lead-social-worker') {
			return fail(403, { action: 'viewLink', message: 'Only the chair or the lead social worker can create a link for written views.' });
		}
		const memberId = field(form, 'member');
		const members = await coreGroup(db, access.case.id);
		if (!members.some((m) => m.id === memberId)) return fail(400, { action: 'viewLink', message: 'Choose a member of this core group.' });
		if (access.meeting.status === 'closed') return fail(409, { action: 'viewLink', message: 'The meeting is closed: views can no longer be sent to it.' });
		const token = await createViewLink(db, { meetingId: access.meeting.id, caseId: access.case.id, memberId, createdBy: user.id });
		return { action: 'viewLink', ok: true, link: `${event.url.origin}/meetings/${access.meeting.id}/views?link=${token}`, member: memberId };
	},
	/** Signs the plan as it stands now: drawn or typed; in person on a professional's device with `member`. */
	sign: async (event) => {
		const { db, user, access, form } = await factContext(event);
		const input = {
			method: field(form, 'method'),
			signature: field(form, 'signature') || undefined,
			typedName: field(form, 'typedName') || undefined,
			member: field(form, 'member') || undefined,
			userAgent: event.request.headers.get('user-agent')
		};
		return answer('sign', await signPlan(db, user, access, input));
	},
	/** The lead social worker records an agency's e-mail confirming it accepts its responsibilities. */
	confirmByEmail: async (event) => {
		const { db, user, access, form } = await factContext(event);
		const input = { member: field(form, 'member'), emailSentAt: field(form, 'emailSentAt'), emailText: field(form, 'emailText') };
		return answer('confirmByEmail', await recordAgencyConfirmation(db, user, access, input));
	},
	reflect: async (event) => {
		const { db, user, access, form } = await factContext(event);
		return answer('reflect', await reflectDisagreement(db, user, access, { id: field(form, 'id'), reflected: field(form, 'reflected'), accepted: field(form, 'accepted') }));
	}
};
