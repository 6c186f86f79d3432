import { londonDate, nextMeetingDueBy } from '$lib/calendar';
import { parseTypedDateTime } from '$lib/calendar/typed-dates';
import { londonLocalToInstant } from '$lib/format';
import { m } from '$lib/paraglide/messages.js';
import { circulationStatus } from '$lib/circulation-status';
import { roleLabels } from '$lib/core-group';
import { requireUser } from '$lib/server/accounts/auth';
import { coreGroup } from '$lib/server/cases';
import { requireMeetingAccess } from '$lib/server/guards';
import { meetingSummary } from '$lib/server/meetings';
import { fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { formInput, text, type FieldsSchema } from '$lib/server/form-input';
import { SIGNATURE_PICTURE_LIMITS } from '$lib/server/signature-picture';
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
import { agencyConfirmationsOf } from '$lib/server/meeting-facts-query';
import { recordAgencyConfirmation, signPlan } from '$lib/server/meeting-signatures';
import { setEditingPaused } from '$lib/server/editing-pause';
import { circulateRecord } from '$lib/server/circulation';
import { circulationReport } from '$lib/server/circulation-report';
import { meetingPermissions } from '$lib/server/meeting-permissions';
import { loadPolicy } from '$lib/server/policy';
import { reviewOfProgress } from '$lib/server/between/progress-review';
import { meetingDueBy, REASON_MAX, rescheduleMeeting } from '$lib/server/between/reschedule';
import { publicOrigin } from '$lib/server/accounts/send-mail';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const { db } = event.locals;
	const access = await requireMeetingAccess(db, user, event.params.meetingId);
	const [members, policy, confirmations, progressReview, dueBy] = await Promise.all([
		coreGroup(db, access.case.id),
		loadPolicy(db),
		agencyConfirmationsOf(db, access.meeting.id),
		reviewOfProgress(db, access.meeting),
		access.meeting.status === 'scheduled' ? meetingDueBy(db, access) : Promise.resolve(null)
	]);
	const { meeting } = access;
	return {
		meeting: meetingSummary(meeting),
		case: { id: access.case.id, childName: access.case.childName, reference: access.case.reference },
		role: access.role,
		roleLabel: access.role ? roleLabels[access.role] : m.meeting_administrator(),
		// The live editor attributes edits to this membership; null for an administrator outside the core group.
		memberId: access.membership?.id ?? null,
		members: members.map((m) => ({ id: m.id, name: m.name, role: m.role, agency: m.agency, relationship: m.relationship })),
		may: meetingPermissions(access),
		// Facts the live document does not hold; the page reloads them when the meeting's state changes.
		circulation: circulationStatus(meeting, access.case.nation, londonDate(new Date()), policy.closures),
		circulatedOn: meeting.circulatedAt ? londonDate(new Date(meeting.circulatedAt)) : null,
		circulationWorkingDays: policy.timescales.circulationWorkingDays,
		// The day (London time) the meeting was scheduled for and today's: opening on another day asks why.
		scheduledDay: londonDate(meeting.scheduledFor),
		today: londonDate(new Date()),
		nextMeetingDueBy: nextMeetingDueBy(londonDate(meeting.closedAt ?? meeting.scheduledFor), policy.timescales),
		confirmations: confirmations.map((c) => ({ id: c.id, member: c.member, planHash: c.planHash, emailSentAt: c.emailSentAt, at: c.at })),
		// Progress recorded between meetings, by action id: where this meeting's review of progress starts.
		progressReview,
		meetingDueBy: dueBy
	};
};

// What each action reads. The limits here only keep absurd input out; the rules behind each action keep
// their own, tighter limits and messages.
const memberId = text('The member', 100);
const longText = (label: string) => text(label, 20_000);
const noFields = v.object({});
const fieldsOf = {
	open: v.object({ reason: longText('Why the meeting opens on another day') }),
	attendance: v.object({ member: memberId, status: text('Attendance', 20) }),
	disagree: v.object({ about: longText('What it is about'), position: longText('The position'), reason: longText('The reason'), member: memberId }),
	viewLink: v.object({ member: memberId }),
	sign: v.object({
		method: text('How you sign', 20),
		// A data URL: base64 or %-escapes of a picture of at most 512 KiB; the picture's own checks come later.
		signature: text('The signature', SIGNATURE_PICTURE_LIMITS.bytes * 3 + 200),
		typedName: text('Your name', 1_000),
		member: memberId,
		planHash: text('The version of the plan', 100),
		agrees: text('Whether you agree', 10),
		reason: longText('Why you do not agree'),
		explainedBy: memberId,
		interpreter: text('The interpreter', 1_000)
	}),
	confirmByEmail: v.object({ member: memberId, emailSentAt: text('When the e-mail was sent', 100), emailText: text('The e-mail text', 40_000) }),
	reflect: v.object({ id: text('The disagreement', 100), reflected: longText('How the plan reflects it'), accepted: text('Accepted', 10) }),
	// Members to send the record to again: one `resend` field per member, or their ids separated by commas.
	circulate: v.object({ resend: text('The members to send it to again', 4_000) }),
	reschedule: v.object({ scheduledFor: text('The new date and time', 40), reason: text('The reason', REASON_MAX), confirmLate: text('Moving it past its due date', 10) })
};

/**
 * When an agency's e-mail was sent, as an instant. Typed as the e-mail shows it, in UK time and day first
 * ("18/12/2026 10:00"), or as the ISO "2026-12-18T10:00" the browser's date box used to send; an instant
 * with its zone ("2026-12-18T10:00:00Z", from scripted clients) is taken as it is. Empty stays empty (the
 * rule behind the action asks for it); null when the text cannot be read as a date and time — rather than
 * let `new Date` read "12/18/2026 10:00" month first.
 */
function emailSentInstant(typed: string): string | null {
	const text = typed.trim();
	if (text === '') return '';
	const local = parseTypedDateTime(text);
	if (local) return londonLocalToInstant(local.date, local.time).toISOString();
	const zoned = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(text) ? new Date(text) : null;
	return zoned && !Number.isNaN(zoned.getTime()) ? zoned.toISOString() : null;
}

/** The member ids a `resend` field names. */
const memberList = (value: string) => [...new Set(value.split(/[\s,]+/).filter(Boolean))];

/**
 * An action run with the caller, their access and its checked fields. Who may see the meeting is settled
 * first (404 for anyone outside the core group); a body that cannot be read is then the action's 4xx.
 */
function factAction<S extends FieldsSchema, R>(action: string, schema: S, run: (context: FactContext<S>, event: RequestEvent) => Promise<R>, repeated: readonly string[] = []) {
	return async (event: RequestEvent) => {
		const user = requireUser(event);
		const access = await requireMeetingAccess(event.locals.db, user, event.params.meetingId);
		const input = await formInput(event.request, schema, repeated);
		if (!input.ok) return fail(input.status, { action, message: input.message });
		return run({ db: event.locals.db, user, access, form: input.value }, event);
	};
}

interface FactContext<S extends FieldsSchema> {
	db: App.Locals['db'];
	user: ReturnType<typeof requireUser>;
	access: Awaited<ReturnType<typeof requireMeetingAccess>>;
	form: v.InferOutput<S>;
}

type Outcome<T> = ({ ok: true } & T) | { ok: false; status: number; message: string };

/** A refusal becomes a 4xx with its message; success says which action succeeded, and what `report` adds. */
function answer<T extends object>(action: string, result: Outcome<T>, report?: (done: T) => object) {
	if (!result.ok) return fail(result.status, { action, message: result.message });
	return { action, ok: true as const, ...report?.(result) };
}

// Each action checks the caller's role on the server; the page only mirrors these checks.
export const actions: Actions = {
	open: factAction('open', fieldsOf.open, async ({ db, user, access, form }) => answer('open', await openMeeting(db, user, access, form.reason))),
	close: factAction('close', noFields, async ({ db, user, access }) => {
		return answer('close', await closeMeeting(db, user, access));
	}),
	/** The chair pauses editing the plan for everyone while signatures are collected, and resumes it. */
	'pause-editing': factAction('pause-editing', noFields, async ({ db, user, access }) => answer('pause-editing', await setEditingPaused(db, user, access, true))),
	'resume-editing': factAction('resume-editing', noFields, async ({ db, user, access }) => answer('resume-editing', await setEditingPaused(db, user, access, false))),
	attendance: factAction('attendance', fieldsOf.attendance, async ({ db, user, access, form }) => answer('attendance', await recordAttendance(db, user, access, form))),
	disagree: factAction('disagree', fieldsOf.disagree, async ({ db, user, access, form }) =>
		answer('disagree', await recordDisagreement(db, user, access, { ...form, member: form.member || undefined }))
	),
	/** A one-time link for a member who cannot attend to send written views (chair or lead social worker). */
	viewLink: factAction('viewLink', fieldsOf.viewLink, async ({ db, user, access, form }, event) => {
		if (access.role !== 'chair' && access.role !== 'lead-social-worker') {
			return fail(403, { action: 'viewLink', message: m.meeting_view_link_only_chair() });
		}
		const members = await coreGroup(db, access.case.id);
		const member = members.find((m) => m.id === form.member);
		if (!member) return fail(400, { action: 'viewLink', message: m.meeting_choose_member() });
		if (!maySendWrittenViews(member.role)) return fail(400, { action: 'viewLink', message: writtenViewsRefusal[member.role === 'chair' ? 'chair' : 'observer'] });
		if (access.meeting.status === 'closed') return fail(409, { action: 'viewLink', message: m.meeting_views_closed() });
		const token = await createViewLink(db, { meetingId: access.meeting.id, caseId: access.case.id, memberId: member.id, createdBy: user.id });
		return { action: 'viewLink', ok: true, link: `${event.url.origin}/meetings/${access.meeting.id}/views?link=${token}`, member: member.id };
	}),
	/**
	 * Signs the version of the plan the page showed (`planHash`): drawn or typed; in person on a professional's
	 * device with `member` (family and the child only). If the plan has changed since, 409 with the version it
	 * is now (`planHash`), and nothing is stored.
	 */
	sign: factAction('sign', fieldsOf.sign, async ({ db, user, access, form }, event) => {
		const input = {
			method: form.method,
			planHash: form.planHash,
			signature: form.signature || undefined,
			typedName: form.typedName || undefined,
			member: form.member || undefined,
			agrees: form.agrees || undefined,
			reason: form.reason || undefined,
			explainedBy: form.explainedBy || undefined,
			interpreter: form.interpreter || undefined,
			userAgent: event.request.headers.get('user-agent')
		};
		const signed = await signPlan(db, user, access, input);
		if (!signed.ok && 'currentPlanHash' in signed) return fail(409, { action: 'sign', message: signed.message, planHash: signed.currentPlanHash });
		return answer('sign', signed, (done) => ({ planHash: done.planHash, signatureId: done.id }));
	}),
	/** The lead social worker records an agency's e-mail confirming it accepts its responsibilities. */
	confirmByEmail: factAction('confirmByEmail', fieldsOf.confirmByEmail, async ({ db, user, access, form }) => {
		const emailSentAt = emailSentInstant(form.emailSentAt);
		if (emailSentAt === null) return fail(400, { action: 'confirmByEmail', message: m.meeting_email_sent_unreadable({ typed: form.emailSentAt.trim() }) });
		return answer('confirmByEmail', await recordAgencyConfirmation(db, user, access, { ...form, emailSentAt }));
	}),
	reflect: factAction('reflect', fieldsOf.reflect, async ({ db, user, access, form }) => answer('reflect', await reflectDisagreement(db, user, access, form))),
	/**
	 * E-mails the written record to each member of the core group once (chair, minute-taker or lead social
	 * worker), once closed; `resend` names members to send it to again.
	 */
	circulate: factAction(
		'circulate',
		fieldsOf.circulate,
		async ({ db, user, access, form }, event) =>
			answer('circulate', await circulateRecord(db, user, access, { resend: memberList(form.resend), origin: event.url.origin }), (done) => ({
				message: circulationReport(done),
				sent: done.sent.map((s) => s.name),
				failed: done.failed.map((f) => ({ name: f.name, error: f.error })),
				notSent: done.notSent.map((n) => ({ name: n.name, reason: n.reason })),
				alreadySent: done.alreadySent.map((n) => n.name),
				circulatedAt: done.circulatedAt?.toISOString() ?? null
			})),
		['resend']
	),
	/**
	 * Moves a scheduled meeting (lead social worker or chair): a date past the statutory timescale is 409 with
	 * the date it is due by until `confirmLate` is `yes`. Every member is sent the new date in writing.
	 */
	reschedule: factAction('reschedule', fieldsOf.reschedule, async ({ db, user, access, form }, event) => {
		const result = await rescheduleMeeting(db, user, access, { ...form, origin: publicOrigin(event.url.origin) });
		if (!result.ok) return fail(result.status, { action: 'reschedule', message: result.message, dueBy: result.dueBy ?? null, needsConfirming: result.needsConfirming ?? false, values: form });
		return { action: 'reschedule', ok: true as const, scheduledFor: result.scheduledFor, late: result.late, message: (result.told === 1 ? m.meeting_moved_told_one : m.meeting_moved_told_other)({ count: result.told }) };
	})
};
