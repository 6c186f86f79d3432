// Who keeps the core group (DESIGN §5): the lead social worker, the chair or an administrator. The chair is
// named for the case — by an administrator, or by the chair handing over — and a case has one chair at most.
// Driven through the page's own form actions, as a form post would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, isNull } from 'drizzle-orm';
import type { Database } from '../../src/lib/server/db/client';
import { auditLog, memberships, users } from '../../src/lib/server/db/schema';
import { coreGroup } from '../../src/lib/server/cases';
import { findUserByEmail } from '../../src/lib/server/accounts/users';
import type { SessionUser } from '../../src/lib/server/accounts/session';
import { actions } from '../../src/routes/cases/[caseId]/core-group/+page.server';
import { testDatabases } from './support/databases';
import { seedDemoMeeting, type DemoPeople } from './support/demo-meeting';
import { postForm } from './support/form-action';
import { temporaryOutbox, type TemporaryOutbox } from './support/outbox';

describe.each(testDatabases)('core group roles on $name', (kind) => {
	let database: Database & { drop(): Promise<void> };
	let outbox: TemporaryOutbox;
	let caseId: string;
	let people: DemoPeople;
	let admin: SessionUser;

	beforeAll(async () => {
		outbox = await temporaryOutbox();
		database = await kind.open();
		({ caseId, people } = await seedDemoMeeting(database.db));
		admin = (await findUserByEmail(database.db, 'admin@demo.test'))!;
	});
	afterAll(async () => {
		await database?.drop();
		await outbox?.remove();
	});

	const db = () => database.db;
	const post = (action: 'invite' | 'role' | 'remove', user: SessionUser, fields: Record<string, string>) =>
		postForm(actions[action], { db: db(), user, params: { caseId }, url: `http://localhost:3000/cases/${caseId}/core-group`, fields });
	const roleOf = async (memberId: string) => (await db().select({ role: memberships.role }).from(memberships).where(eq(memberships.id, memberId)))[0]?.role;
	const chairs = async () => (await coreGroup(db(), caseId)).filter((m) => m.role === 'chair').map((m) => m.name);
	const lsw = () => people['social.worker'].user;

	it('a lead social worker cannot make themselves or anyone else chair, by role or by invitation', async () => {
		const self = await post('role', lsw(), { member: people['social.worker'].memberId, role: 'chair' });
		expect(self).toEqual({ status: 403, data: { action: 'role', message: 'Only an administrator, or the chair handing over, can make someone the chair.' } });
		expect(await roleOf(people['social.worker'].memberId)).toBe('lead-social-worker');

		const other = await post('role', lsw(), { member: people.school.memberId, role: 'chair' });
		expect(other.status).toBe(403);
		expect(await roleOf(people.school.memberId)).toBe('professional');

		const invited = await post('invite', lsw(), { email: 'new.chair@demo.test', name: 'Would-be Chair', role: 'chair' });
		expect(invited.status).toBe(403);
		expect(await findUserByEmail(db(), 'new.chair@demo.test')).toBeUndefined();
		expect(await chairs()).toEqual(['Morgan Chairfield']);
	});

	it('a lead social worker can neither change the chair’s role nor remove the chair', async () => {
		const demote = await post('role', lsw(), { member: people.chair.memberId, role: 'professional' });
		expect(demote.status).toBe(403);
		expect(demote.data.message).toMatch(/Only an administrator can change the chair’s role/);
		const remove = await post('remove', lsw(), { member: people.chair.memberId });
		expect(remove).toEqual({ status: 403, data: { action: 'remove', message: 'Only an administrator can remove the chair.' } });
		expect(await roleOf(people.chair.memberId)).toBe('chair');
		const [row] = await db().select().from(memberships).where(and(eq(memberships.id, people.chair.memberId), isNull(memberships.removedAt)));
		expect(row).toBeDefined();
	});

	it('a lead social worker still keeps the rest of the group: changes a role, with the change audited', async () => {
		const answer = await post('role', lsw(), { member: people.observer.memberId, role: 'professional' });
		expect(answer).toMatchObject({ status: 200, data: { changed: 'Ash Shadowing’s role is now Professional.' } });
		const [audited] = (await db().select().from(auditLog).where(eq(auditLog.action, 'member-role-changed'))).filter((r) => r.detail.membershipId === people.observer.memberId);
		expect(audited).toMatchObject({ actorUserId: lsw().id, caseId, detail: { from: 'observer', to: 'professional' } });
		await post('role', lsw(), { member: people.observer.memberId, role: 'observer' });
	});

	it('members who do not keep the group are refused with who can', async () => {
		for (const who of ['minutes', 'parent', 'school'] as const) {
			const answer = await post('invite', people[who].user, { email: 'someone@demo.test', name: 'Some One', role: 'professional' });
			expect(answer).toEqual({ status: 403, data: { action: 'invite', message: 'Only the lead social worker, the chair or an administrator can change the core group.' } });
		}
		expect(await findUserByEmail(db(), 'someone@demo.test')).toBeUndefined();
	});

	it('the chair keeps the group too, and stores the language of the person invited', async () => {
		const answer = await post('invite', people.chair.user, { email: 'welsh.speaker@demo.test', name: 'Eleri Siaradwr', role: 'family', relationship: 'Aunt', language: 'cy' });
		expect(answer).toMatchObject({ status: 200, data: { account: 'created', formerChair: null } });
		const member = (await coreGroup(db(), caseId)).find((m) => m.email === 'welsh.speaker@demo.test');
		expect(member).toMatchObject({ role: 'family', language: 'cy' });
		const defaulted = await post('invite', people.chair.user, { email: 'english.speaker@demo.test', name: 'Eli Speaker', role: 'professional' });
		expect(defaulted.status).toBe(200);
		expect((await coreGroup(db(), caseId)).find((m) => m.email === 'english.speaker@demo.test')?.language).toBe('en');
	});

	it('bad input is a 400 that says what to fix, never a 500', async () => {
		const cases: [Parameters<typeof post>[0], Record<string, string>, RegExp][] = [
			['invite', { email: 'not an address', name: 'X', role: 'family' }, /valid e-mail address/],
			['invite', { email: 'x@demo.test', name: '', role: 'family' }, /full name/],
			['invite', { email: 'x@demo.test', name: 'X', role: 'boss' }, /role/],
			['invite', { email: 'x@demo.test', name: 'X', role: 'family', language: 'Welsh please' }, /language/],
			['role', { member: 'not-a-uuid', role: 'family' }, /Choose a member/],
			['role', { member: people.school.memberId, role: 'king' }, /Choose a member and a role/],
			['remove', { member: '' }, /Choose a member/]
		];
		for (const [action, fields, message] of cases) {
			const answer = await post(action, lsw(), fields);
			expect(answer.status).toBe(400);
			expect(String(answer.data.message)).toMatch(message);
		}
		expect(await findUserByEmail(db(), 'x@demo.test')).toBeUndefined();
		const json = await postForm(actions.invite, { db: db(), user: lsw(), params: { caseId }, fields: {}, body: { contentType: 'application/json', text: '{"email":"x@demo.test"}' } });
		expect(json).toMatchObject({ status: 415, data: { message: expect.stringMatching(/Send this as a web form/) } });
	});

	it('the chair hands over: the new chair is the only one, and the previous chair becomes a professional', async () => {
		const answer = await post('role', people.chair.user, { member: people.school.memberId, role: 'chair' });
		expect(answer).toEqual({ status: 200, data: { action: 'role', changed: 'Jo Lessonby’s role is now Chair.', formerChair: 'Morgan Chairfield' } });
		expect(await roleOf(people.school.memberId)).toBe('chair');
		expect(await roleOf(people.chair.memberId)).toBe('professional');
		expect(await chairs()).toEqual(['Jo Lessonby']);
		const audited = (await db().select().from(auditLog).where(eq(auditLog.action, 'member-role-changed'))).map((r) => r.detail);
		expect(audited).toContainEqual(expect.objectContaining({ membershipId: people.chair.memberId, from: 'chair', to: 'professional' }));
		expect(audited).toContainEqual(expect.objectContaining({ membershipId: people.school.memberId, from: 'professional', to: 'chair' }));

		// The former chair no longer keeps the group.
		const former = await post('role', people.chair.user, { member: people.school.memberId, role: 'professional' });
		expect(former.status).toBe(403);
	});

	it('an administrator names the chair, and a case never has two, even when two are named at once', async () => {
		const answer = await post('role', admin, { member: people.chair.memberId, role: 'chair' });
		expect(answer.data).toMatchObject({ formerChair: 'Jo Lessonby' });
		expect(await chairs()).toEqual(['Morgan Chairfield']);
		await Promise.all([
			post('role', admin, { member: people.health.memberId, role: 'chair' }),
			post('role', admin, { member: people.school.memberId, role: 'chair' })
		]);
		expect(await chairs()).toHaveLength(1);
		// An administrator may also remove the chair; put the demo back as it was.
		await post('role', admin, { member: people.chair.memberId, role: 'chair' });
		await post('role', admin, { member: people.health.memberId, role: 'professional' });
		await post('role', admin, { member: people.school.memberId, role: 'professional' });
		expect(await chairs()).toEqual(['Morgan Chairfield']);
	});

	it('a chair named by invitation takes over from the chair who invites them', async () => {
		const answer = await post('invite', people.chair.user, { email: 'team.manager@demo.test', name: 'Nat Manager', role: 'chair', agency: "Children's Services (demo)" });
		expect(answer.data).toMatchObject({ account: 'created', formerChair: 'Morgan Chairfield' });
		expect(await chairs()).toEqual(['Nat Manager']);
		expect(await roleOf(people.chair.memberId)).toBe('professional');
		const [nat] = await db().select().from(users).where(eq(users.email, 'team.manager@demo.test'));
		expect(nat.passwordHash).toBeNull();
	});
});
