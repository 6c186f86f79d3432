import { mayManageCoreGroup, mayScheduleMeetings } from '$lib/core-group';
import { requireUser } from '$lib/server/accounts/auth';
import { coreGroup } from '$lib/server/cases';
import { caseDue } from '$lib/server/dashboard';
import { requireCaseAccess } from '$lib/server/guards';
import { meetingsOfCase, meetingSummary } from '$lib/server/meetings';
import { fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { formInput, text } from '$lib/server/form-input';
import { attendanceAcrossMeetings } from '$lib/server/between/attendance-history';
import { acknowledgeEscalation, DETAILS_MAX, escalationsOf, raiseEscalation, recordVisit, visibleEscalations, VISITING_ROLES, visitsOf } from '$lib/server/between/escalations';
import { planAtWork } from '$lib/server/between/plan-at-work';
import { m } from '$lib/paraglide/messages.js';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const { db } = event.locals;
	const access = await requireCaseAccess(db, user, event.params.caseId);
	const c = access.case;
	const [members, caseMeetings] = await Promise.all([coreGroup(db, c.id), meetingsOfCase(db, c.id)]);
	const manage = mayManageCoreGroup(access);
	const role = access.role;
	const professional = role !== null && role !== 'family' && role !== 'child';
	const [work, escalationList, visits, attendanceHistory] = await Promise.all([
		planAtWork(db, c.id, caseMeetings),
		escalationsOf(db, c.id),
		professional || access.isAdmin ? visitsOf(db, c.id) : Promise.resolve([]),
		attendanceAcrossMeetings(db, caseMeetings)
	]);
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
		maySchedule: mayScheduleMeetings(access),
		work,
		escalations: visibleEscalations(escalationList, access),
		visits: visits.map((vi) => ({ seq: vi.seq, childSeen: vi.childSeen, note: vi.note, at: vi.at.toISOString(), by: vi.by })),
		attendance: attendanceHistory,
		may: {
			escalate: role !== null && role !== 'observer',
			visit: role !== null && (VISITING_ROLES as readonly string[]).includes(role),
			acknowledge: role === 'lead-social-worker'
		}
	};
};

const fieldsOf = {
	visit: v.object({ seen: text('Whether the child was seen', 10), note: text('The note', DETAILS_MAX) }),
	escalate: v.object({ kind: text('What it is', 40), details: text('What has happened', DETAILS_MAX) }),
	acknowledge: v.object({ escalation: text('The escalation', 100), decision: text('What was decided', 40), note: text('The note', DETAILS_MAX) })
};

/** Reads the caller, their access to the case (404 outside it) and the action's fields (4xx when unreadable). */
async function caseAction<S extends (typeof fieldsOf)[keyof typeof fieldsOf]>(event: RequestEvent, action: string, schema: S) {
	const user = requireUser(event);
	const access = await requireCaseAccess(event.locals.db, user, event.params.caseId);
	const input = await formInput(event.request, schema);
	if (!input.ok) return { refused: fail(input.status, { action, message: input.message }) } as const;
	return { user, access, form: input.value as v.InferOutput<S> } as const;
}

type Result = { ok: true } | { ok: false; status: number; message: string };
const answer = (action: string, result: Result, message: string) => (result.ok ? { action, ok: true as const, message } : fail(result.status, { action, message: result.message }));

export const actions: Actions = {
	/** A professional records a home visit; a second visit in a row without seeing the child escalates by itself. */
	visit: async (event) => {
		const read = await caseAction(event, 'visit', fieldsOf.visit);
		if ('refused' in read) return read.refused;
		const result = await recordVisit(event.locals.db, read.user, read.access, read.form);
		return answer('visit', result, result.ok && result.escalationId ? m.pages_case_visit_recorded_escalated() : m.pages_case_visit_recorded());
	},
	/** Any member but an observer tells the lead social worker and the chair of a difficulty, at once. */
	escalate: async (event) => {
		const read = await caseAction(event, 'escalate', fieldsOf.escalate);
		if ('refused' in read) return read.refused;
		return answer('escalate', await raiseEscalation(event.locals.db, read.user, read.access, read.form), m.pages_case_escalation_sent());
	},
	/** The lead social worker acknowledges an escalation with what was decided. */
	acknowledge: async (event) => {
		const read = await caseAction(event, 'acknowledge', fieldsOf.acknowledge);
		if ('refused' in read) return read.refused;
		return answer('acknowledge', await acknowledgeEscalation(event.locals.db, read.user, read.access, read.form), m.pages_case_acknowledged());
	}
};
