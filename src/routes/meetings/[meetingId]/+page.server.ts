import { londonDate, nextMeetingDueBy } from '$lib/calendar';
import { circulationStatus } from '$lib/circulation-status';
import { roleLabels } from '$lib/core-group';
import { requireUser } from '$lib/server/accounts/auth';
import { coreGroup } from '$lib/server/cases';
import { requireMeetingAccess } from '$lib/server/guards';
import { meetingSummary } from '$lib/server/meetings';
import { fail } from '@sveltejs/kit';
import {
	closeMeeting,
	openMeeting,
	recordAttendance,
	maySendWrittenViews,
	recordDisagreement,
	reflectDisagreement,
	writtenViewsRefusal
} from '$lib/server/meeting-facts';
import { createViewLink } from '$lib/server/view-links';
import { agencyConfirmationsOf, recordAgencyConfirmation, signPlan } from '$lib/server/meeting-signatures';
import { circulateRecord } from '$lib/server/circulation';
import { circulationReport } from '$lib/server/circulation-report';
import { meetingPermissions } from '$lib/server/meeting-permissions';
import { loadPolicy } from '$lib/server/policy';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const { db } = event.locals;
	const access = await requireMeetingAccess(db, user, event.params.meetingId);
	const [members, policy, confirmations] = await Promise.all([
		coreGroup(db, access.case.id),
		loadPolicy(db),
		agencyConfirmationsOf(db, access.meeting.id)
	]);
	const { meeting } = access;
	return {
		meeting: meetingSummary(meeting),
		case: { id: access.case.id, childName: access.case.childName, reference: access.case.reference },
		role: access.role,
		roleLabel: access.role ? roleLabels[access.role] : 'Administrator',
		// The live editor attributes edits to this membership; null for an administrator outside the core group.
		memberId: access.membership?.id ?? null,
		members: members.map((m) => ({ id: m.id, name: m.name, role: m.role, agency: m.agency, relationship: m.relationship })),
		may: meetingPermissions(access),
		// Facts the live document does not hold; the page reloads them when the meeting's state changes.
		circulation: circulationStatus(meeting, access.case.nation, londonDate(new Date()), policy.closures),
		circulationWorkingDays: policy.timescales.circulationWorkingDays,
		nextMeetingDueBy: nextMeetingDueBy(londonDate(meeting.closedAt ?? meeting.scheduledFor), policy.timescales),
		confirmations: confirmations.map((c) => ({ id: c.id, member: c.member, planHash: c.planHash, emailSentAt: c.emailSentAt, at: c.at }))
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

type Outcome<T> = ({ ok: true } & T) | { ok: false; status: number; message: string };

/** A refusal becomes a 4xx with its message; success says which action succeeded, and what `report` adds. */
function answer<T extends object>(action: string, result: Outcome<T>, report?: (done: T) => object) {
	if (!result.ok) return fail(result.status, { action, message: result.message });
	return { action, ok: true as const, ...report?.(result) };
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
		const member = members.find((m) => m.id === memberId);
		if (!member) return fail(400, { action: 'viewLink', message: 'Choose a member of this core group.' });
		if (!maySendWrittenViews(member.role)) return fail(400, { action: 'viewLink', message: writtenViewsRefusal.observer });
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
		return answer('sign', await signPlan(db, user, access, input), (signed) => ({ planHash: signed.planHash }));
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
	},
	/** E-mails the written record to the core group (chair, minute-taker or lead social worker), once closed. */
	circulate: async (event) => {
		const { db, user, access } = await factContext(event);
		return answer('circulate', await circulateRecord(db, user, access), (done) => ({
			message: circulationReport(done),
			sent: done.sent.map((s) => s.name),
			failed: done.failed.map((f) => ({ name: f.name, error: f.error })),
			notSent: done.notSent.map((n) => ({ name: n.name, reason: n.reason })),
			circulatedAt: done.circulatedAt.toISOString()
		}));
	}
};
