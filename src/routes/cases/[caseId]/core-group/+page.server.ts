import { error, fail } from '@sveltejs/kit';
import { isLanguageCode, isRole, isUuid, mayManageCoreGroup, memberLanguages, roleLabels, rolesOffered } from '$lib/core-group';
import { m } from '$lib/paraglide/messages.js';
import { requireUser } from '$lib/server/accounts/auth';
import { isEmail } from '$lib/server/accounts/users';
import { publicOrigin } from '$lib/server/accounts/send-mail';
import { addMember, changeMemberRole, coreGroup, removeMember } from '$lib/server/cases';
import { requireCaseAccess } from '$lib/server/guards';
import * as v from 'valibot';
import { formInput, text } from '$lib/server/form-input';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** The caller and their access, or the refusal of an action to someone who may not manage this core group. */
async function managerOf<A extends string>(event: RequestEvent, action: A) {
	const user = requireUser(event);
	const access = await requireCaseAccess(event.locals.db, user, event.params.caseId);
	if (!mayManageCoreGroup(access)) return { refused: fail(403, { action, message: m.pages_cg_manage_refusal() }) } as const;
	return { user, access } as const;
}

const member = text('The member', 100);
const role = text('The role', 40);
const fieldsOf = {
	invite: v.object({
		email: text('The e-mail address', 254),
		name: text('The name', 200),
		role,
		agency: text('The agency', 200),
		relationship: text('The relationship to the child', 200),
		phone: text('The phone number', 40),
		language: text('The language', 20),
		handOver: text('The in-person link box', 10)
	}),
	role: v.object({ member, role }),
	remove: v.object({ member })
};

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const access = await requireCaseAccess(event.locals.db, user, event.params.caseId);
	if (!mayManageCoreGroup(access)) error(403, { message: m.pages_cg_manage_refusal() });
	const members = await coreGroup(event.locals.db, access.case.id);
	return {
		case: { id: access.case.id, childName: access.case.childName },
		// The page offers only what the server would accept; the actions decide.
		members: members.map((m) => ({ ...m, rolesOffered: rolesOffered(access, m.role), removable: m.userId !== user.id && (m.role !== 'chair' || access.isAdmin) })),
		inviteRoles: rolesOffered(access, null),
		viewerIsChair: access.role === 'chair',
		languages: memberLanguages
	};
};

export const actions: Actions = {
	invite: async (event) => {
		const manager = await managerOf(event, 'invite');
		if ('refused' in manager) return manager.refused;
		const { user, access } = manager;
		const input = await formInput(event.request, fieldsOf.invite);
		if (!input.ok) return fail(input.status, { action: 'invite' as const, message: input.message });
		const form = input.value;
		const values = {
			email: form.email.trim().toLowerCase(),
			name: form.name.trim(),
			role: form.role.trim(),
			agency: form.agency.trim(),
			relationship: form.relationship.trim(),
			phone: form.phone.trim(),
			language: form.language.trim() || 'en',
			handOver: form.handOver === 'on' || form.handOver === 'yes'
		};
		const refuse = (message: string) => fail(400, { action: 'invite' as const, values, message });
		if (!isEmail(values.email)) return refuse(m.pages_cg_enter_email());
		if (!values.name) return refuse(m.pages_cg_enter_name());
		if (!isRole(values.role)) return refuse(m.pages_cg_enter_role());
		if (!isLanguageCode(values.language)) return refuse(m.pages_cg_enter_language());
		const { handOver, ...member } = values;
		const result = await addMember(event.locals.db, user, access.case.id, { ...member, role: values.role }, { origin: publicOrigin(event.url.origin), handOver });
		if (!result.ok) return fail(result.status, { action: 'invite' as const, values, message: result.message });
		return {
			action: 'invite' as const,
			invited: values.name,
			email: values.email,
			account: result.account,
			// Shown once, in this answer only: the link is never stored, only its hash.
			handOverLink: result.handOverLink,
			handOverIgnored: result.handOverIgnored,
			mailSent: result.mail.ok,
			formerChair: result.formerChair?.name ?? null
		};
	},
	role: async (event) => {
		const manager = await managerOf(event, 'role');
		if ('refused' in manager) return manager.refused;
		const { user, access } = manager;
		const input = await formInput(event.request, fieldsOf.role);
		if (!input.ok) return fail(input.status, { action: 'role' as const, message: input.message });
		const member = input.value.member.trim();
		const role = input.value.role.trim();
		if (!isUuid(member) || !isRole(role)) return fail(400, { action: 'role' as const, message: m.pages_cg_choose_member_role() });
		const result = await changeMemberRole(event.locals.db, user, access.case.id, member, role);
		if (!result.ok) return fail(result.status, { action: 'role' as const, message: result.message });
		return { action: 'role' as const, changed: m.pages_cg_role_changed({ name: result.name, role: roleLabels[result.to] }), formerChair: result.formerChair?.name ?? null };
	},
	remove: async (event) => {
		const manager = await managerOf(event, 'remove');
		if ('refused' in manager) return manager.refused;
		const { user, access } = manager;
		const input = await formInput(event.request, fieldsOf.remove);
		if (!input.ok) return fail(input.status, { action: 'remove' as const, message: input.message });
		const member = input.value.member.trim();
		if (!isUuid(member)) return fail(400, { action: 'remove' as const, message: m.pages_cg_choose_member_remove() });
		const result = await removeMember(event.locals.db, user, access.case.id, member);
		if (!result.ok) return fail(result.status, { action: 'remove' as const, message: result.message });
		return { action: 'remove' as const, removed: result.name };
	}
};
