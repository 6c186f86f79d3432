import { error, fail } from '@sveltejs/kit';
import { isLanguageCode, isRole, isUuid, MANAGE_REFUSAL, mayManageCoreGroup, memberLanguages, roleLabels, rolesOffered } from '$lib/core-group';
import { requireUser } from '$lib/server/accounts/auth';
import { isEmail } from '$lib/server/accounts/users';
import { publicOrigin } from '$lib/server/accounts/send-mail';
import { addMember, changeMemberRole, coreGroup, removeMember } from '$lib/server/cases';
import { requireCaseAccess } from '$lib/server/guards';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** The caller and their access, or the refusal of an action to someone who may not manage this core group. */
async function managerOf<A extends string>(event: RequestEvent, action: A) {
	const user = requireUser(event);
	const access = await requireCaseAccess(event.locals.db, user, event.params.caseId);
	if (!mayManageCoreGroup(access)) return { refused: fail(403, { action, message: MANAGE_REFUSAL }) } as const;
	return { user, access } as const;
}

/** The form, or null when the body is not a form (wrong content type, malformed): a 400, never a 500. */
async function formOf(event: RequestEvent): Promise<FormData | null> {
	try {
		return await event.request.formData();
	} catch {
		return null;
	}
}

const text = (form: FormData, name: string, max = 200) => {
	const v = form.get(name);
	return typeof v === 'string' ? v.trim().slice(0, max) : '';
};

const notAForm = <A extends string>(action: A) => fail(400, { action, message: 'Send the form as a web form (application/x-www-form-urlencoded or multipart/form-data).' });

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const access = await requireCaseAccess(event.locals.db, user, event.params.caseId);
	if (!mayManageCoreGroup(access)) error(403, { message: MANAGE_REFUSAL });
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
		const form = await formOf(event);
		if (!form) return notAForm('invite');
		const values = {
			email: text(form, 'email', 254).toLowerCase(),
			name: text(form, 'name'),
			role: text(form, 'role'),
			agency: text(form, 'agency'),
			relationship: text(form, 'relationship'),
			phone: text(form, 'phone', 40),
			language: text(form, 'language', 20) || 'en',
			handOver: form.get('handOver') === 'on' || form.get('handOver') === 'yes'
		};
		const refuse = (message: string) => fail(400, { action: 'invite' as const, values, message });
		if (!isEmail(values.email)) return refuse('Enter a valid e-mail address, like name@example.org.');
		if (!values.name) return refuse('Enter the person’s full name.');
		if (!isRole(values.role)) return refuse('Choose the person’s role in the core group.');
		if (!isLanguageCode(values.language)) return refuse('Choose the language the person reads best.');
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
		const form = await formOf(event);
		if (!form) return notAForm('role');
		const member = text(form, 'member');
		const role = text(form, 'role');
		if (!isUuid(member) || !isRole(role)) return fail(400, { action: 'role' as const, message: 'Choose a member and a role.' });
		const result = await changeMemberRole(event.locals.db, user, access.case.id, member, role);
		if (!result.ok) return fail(result.status, { action: 'role' as const, message: result.message });
		return { action: 'role' as const, changed: `${result.name}’s role is now ${roleLabels[result.to]}.`, formerChair: result.formerChair?.name ?? null };
	},
	remove: async (event) => {
		const manager = await managerOf(event, 'remove');
		if ('refused' in manager) return manager.refused;
		const { user, access } = manager;
		const form = await formOf(event);
		if (!form) return notAForm('remove');
		const member = text(form, 'member');
		if (!isUuid(member)) return fail(400, { action: 'remove' as const, message: 'Choose a member to remove.' });
		const result = await removeMember(event.locals.db, user, access.case.id, member);
		if (!result.ok) return fail(result.status, { action: 'remove' as const, message: result.message });
		return { action: 'remove' as const, removed: result.name };
	}
};
