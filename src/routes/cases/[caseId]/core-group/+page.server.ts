import { error, fail } from '@sveltejs/kit';
import { isRole, isUuid, mayManageCoreGroup } from '$lib/core-group';
import { requireUser } from '$lib/server/accounts/auth';
import { addMember, changeMemberRole, coreGroup, removeMember } from '$lib/server/cases';
import { requireCaseAccess } from '$lib/server/guards';
import { isEmail } from '$lib/server/accounts/users';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

async function requireManager(event: RequestEvent | Parameters<PageServerLoad>[0]) {
	const user = requireUser(event);
	const access = await requireCaseAccess(event.locals.db, user, event.params.caseId);
	if (!mayManageCoreGroup(access)) error(403, { message: 'Only the lead social worker or an administrator can change the core group.' });
	return { user, access };
}

const text = (form: FormData, name: string, max = 200) => {
	const v = form.get(name);
	return typeof v === 'string' ? v.trim().slice(0, max) : '';
};

export const load: PageServerLoad = async (event) => {
	const { access } = await requireManager(event);
	const members = await coreGroup(event.locals.db, access.case.id);
	return { case: { id: access.case.id, childName: access.case.childName }, members };
};

export const actions: Actions = {
	invite: async (event) => {
		const { user, access } = await requireManager(event);
		const form = await event.request.formData();
		const input = {
			email: text(form, 'email', 254).toLowerCase(),
			name: text(form, 'name'),
			role: text(form, 'role'),
			agency: text(form, 'agency'),
			relationship: text(form, 'relationship'),
			phone: text(form, 'phone', 40)
		};
		if (!isEmail(input.email)) return fail(400, { action: 'invite', values: input, message: 'Enter a valid e-mail address, like name@example.org.' });
		if (!input.name) return fail(400, { action: 'invite', values: input, message: 'Enter the person’s full name.' });
		if (!isRole(input.role)) return fail(400, { action: 'invite', values: input, message: 'Choose the person’s role in the core group.' });
		const result = await addMember(event.locals.db, user, access.case.id, { ...input, role: input.role });
		if (!result.ok) return fail(409, { action: 'invite', values: input, message: result.message });
		return {
			action: 'invite',
			invited: input.name,
			link: result.passwordLink ? `${event.url.origin}/set-password/${result.passwordLink}` : null
		};
	},
	role: async (event) => {
		const { user, access } = await requireManager(event);
		const form = await event.request.formData();
		const member = text(form, 'member');
		const role = text(form, 'role');
		if (!isUuid(member) || !isRole(role)) return fail(400, { action: 'role', message: 'Choose a member and a role.' });
		const ok = await changeMemberRole(event.locals.db, user, access.case.id, member, role);
		if (!ok) return fail(404, { action: 'role', message: 'That person is no longer in this core group.' });
		return { action: 'role', changed: true };
	},
	remove: async (event) => {
		const { user, access } = await requireManager(event);
		const form = await event.request.formData();
		const member = text(form, 'member');
		if (!isUuid(member)) return fail(400, { action: 'remove', message: 'Choose a member to remove.' });
		if (member === access.membership?.id) return fail(400, { action: 'remove', message: 'You cannot remove yourself. Ask an administrator.' });
		const ok = await removeMember(event.locals.db, user, access.case.id, member);
		if (!ok) return fail(404, { action: 'remove', message: 'That person is no longer in this core group.' });
		return { action: 'remove', removed: true };
	}
};
