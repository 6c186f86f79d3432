// Accounts belong to their owners (DESIGN §4 rule 9): a set-password link only ever reaches the address's own
// inbox (or, for an account the invitation itself made, the inviter's hand to give in person); sign-in and
// reset requests are throttled without a race; what someone typed in the e-mail box is kept nowhere unless it
// is an e-mail address; and refusals nobody can be named for are counted, not logged one row each.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../src/lib/server/db/client';
import { auditLog, loginThrottle, memberships, passwordLinks } from '../../src/lib/server/db/schema';
import { demoPassword } from '../../src/lib/server/demo';
import { flushAnonymousRefusals } from '../../src/lib/server/anonymous-refusals';
import { signIn } from '../../src/lib/server/accounts/sign-in';
import { validateSessionToken } from '../../src/lib/server/accounts/session';
import { findUserByEmail, passwordLinkHolder, setPasswordWithLink } from '../../src/lib/server/accounts/users';
import { requestPasswordReset } from '../../src/lib/server/accounts/password-reset';
import { accountKey } from '../../src/lib/server/accounts/throttle';
import { addMember } from '../../src/lib/server/cases';
import { actions as coreGroupActions } from '../../src/routes/cases/[caseId]/core-group/+page.server';
import { actions as forgotPasswordActions } from '../../src/routes/forgot-password/+page.server';
import { testDatabases } from './support/databases';
import { seedDemoMeeting, type DemoPeople } from './support/demo-meeting';
import { postForm } from './support/form-action';
import { setPasswordToken, temporaryOutbox, type TemporaryOutbox } from './support/outbox';

const ORIGIN = 'http://localhost:3000';

describe.each(testDatabases)('accounts on $name', (kind) => {
	let database: Database & { drop(): Promise<void> };
	let outbox: TemporaryOutbox;
	let caseId: string;
	let people: DemoPeople;
	let outsider: NonNullable<Awaited<ReturnType<typeof findUserByEmail>>>;
	let outsidersCaseId: string;

	beforeAll(async () => {
		outbox = await temporaryOutbox();
		database = await kind.open();
		({ caseId, people } = await seedDemoMeeting(database.db));
		outsider = (await findUserByEmail(database.db, 'outsider@demo.test'))!;
		[{ caseId: outsidersCaseId }] = await database.db.select({ caseId: memberships.caseId }).from(memberships).where(eq(memberships.userId, outsider.id));
	});
	afterAll(async () => {
		await flushAnonymousRefusals();
		await database?.drop();
		await outbox?.remove();
	});

	const db = () => database.db;
	const linksOf = async (email: string) => {
		const user = await findUserByEmail(db(), email);
		return user ? db().select().from(passwordLinks).where(eq(passwordLinks.userId, user.id)) : [];
	};
	const signsIn = async (email: string, password: string, address = '192.0.2.50') => (await signIn(db(), { email, password, address })).ok;
	const invite = (user: { id: string; email: string; name: string; isAdmin: boolean }, inCase: string, fields: Record<string, string>) =>
		postForm(coreGroupActions.invite, { db: db(), user, params: { caseId: inCase }, url: `${ORIGIN}/cases/${inCase}/core-group`, fields });
	const askForReset = (email: string, address: string) =>
		postForm(forgotPasswordActions.default, { db: db(), user: null, url: `${ORIGIN}/forgot-password`, address, fields: { email } });
	const auditRows = (action: string) => db().select().from(auditLog).where(eq(auditLog.action, action));

	it('an invitation of an address that has an account mints nothing the inviter can read, and tells the owner', async () => {
		const before = await linksOf('parent@demo.test');
		// The lead social worker of another case asks for a link "to give in person" for the parent's address.
		const answer = await invite(outsider, outsidersCaseId, { email: 'parent@demo.test', name: 'Someone Else', role: 'family', handOver: 'on' });

		expect(answer.status).toBe(200);
		expect(answer.data).toMatchObject({ account: 'existing', handOverLink: null, handOverIgnored: true });
		expect(JSON.stringify(answer.data)).not.toMatch(/set-password/);
		expect(await linksOf('parent@demo.test')).toEqual(before);
		expect(await signsIn('parent@demo.test', demoPassword())).toBe(true);

		const mails = await outbox.to('parent@demo.test');
		expect(mails).toHaveLength(1);
		expect(mails[0].subject).toBe('You have been added to a core group');
		expect(mails[0].text).toContain('Pat Elsewhere has added you to a child protection core group');
		expect(mails[0].text).not.toMatch(/set-password/);
		// No child's name goes to an address someone else typed.
		expect(mails[0].text).not.toMatch(/Jamie|Casey/);
		expect(await outbox.to('outsider@demo.test')).toHaveLength(0);
	});

	it('a new address gets its link by e-mail only, and a second invitation of that pending account mints no other', async () => {
		const answer = await invite(people['social.worker'].user, caseId, { email: 'new.teacher@demo.test', name: 'Val Newcomer', role: 'professional', language: 'cy' });
		expect(answer).toMatchObject({ status: 200, data: { account: 'created', handOverLink: null, mailSent: true } });
		expect(JSON.stringify(answer.data)).not.toMatch(/set-password/);
		const [mail] = await outbox.to('new.teacher@demo.test');
		const token = setPasswordToken(mail.text)!;
		expect(mail.text).toContain(`${ORIGIN}/set-password/${token}`);
		expect((await passwordLinkHolder(db(), token))?.email).toBe('new.teacher@demo.test');

		// Still pending (no password yet) when another case invites the address: a membership, no link.
		const again = await invite(outsider, outsidersCaseId, { email: 'new.teacher@demo.test', name: 'Val Newcomer', role: 'professional', handOver: 'on' });
		expect(again.data).toMatchObject({ account: 'existing', handOverLink: null, handOverIgnored: true });
		expect(await linksOf('new.teacher@demo.test')).toHaveLength(1);
		expect((await passwordLinkHolder(db(), token))?.email).toBe('new.teacher@demo.test');
	});

	it('a link to give in person is shown once, only for an account the invitation made; the address is told', async () => {
		const answer = await invite(people['social.worker'].user, caseId, { email: 'grandparent@demo.test', name: 'Lou Grandparent', role: 'family', relationship: 'Grandmother', handOver: 'on' });
		expect(answer.data).toMatchObject({ account: 'created', handOverIgnored: false });
		const link = answer.data.handOverLink as string;
		expect(link).toMatch(new RegExp(`^${ORIGIN}/set-password/[a-z2-7]+$`));
		expect(await linksOf('grandparent@demo.test')).toHaveLength(1);

		const [mail] = await outbox.to('grandparent@demo.test');
		expect(mail.text).toContain('gave a one-time link to set its password to you in person');
		expect(mail.text).toContain(`${ORIGIN}/forgot-password`);
		expect(mail.text).not.toMatch(/set-password/);

		const token = setPasswordToken(link)!;
		expect(await setPasswordWithLink(db(), token, 'grandma keeps a long passphrase')).toMatchObject({ ok: true });
		expect(await signsIn('grandparent@demo.test', 'grandma keeps a long passphrase')).toBe(true);
	});

	it('a reset asked for someone else’s address gives the asker nothing; the owner’s inbox gets the link', async () => {
		const parent = people.parent.user;
		const before = (await outbox.messages()).length;
		const known = await askForReset('Parent@demo.test ', '203.0.113.5');
		const unknown = await askForReset('nobody.here@demo.test', '203.0.113.5');
		expect(known.status).toBe(200);
		// The same words for an address with an account and one without; no link in either.
		expect(unknown.data.sent).toBe(known.data.sent);
		expect(known.data.sent).toMatch(/^If an account uses that address, we have sent it a link/);
		expect(JSON.stringify(known.data)).not.toMatch(/set-password/);

		const [first] = await vi.waitFor(async () => {
			const mails = await outbox.to('parent@demo.test');
			const resets = mails.filter((m) => m.subject === 'Set a new password for Core Group');
			if (resets.length !== 1) throw new Error('the reset e-mail has not arrived yet');
			return resets;
		});
		// Nothing else was sent: not to the asker, not to the unknown address.
		expect((await outbox.messages()).slice(before).map((m) => m.to)).toEqual([['parent@demo.test']]);
		const firstToken = setPasswordToken(first.text)!;
		const [row] = await db().select().from(passwordLinks).where(eq(passwordLinks.userId, parent.id)).orderBy(sql`${passwordLinks.createdAt} desc`).limit(1);
		expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeLessThanOrEqual(60 * 60 * 1000 + 1000);
		expect(row.createdBy).toBeNull();

		// Until the owner uses a link, their password keeps working.
		const session = await signIn(db(), { email: 'parent@demo.test', password: demoPassword(), address: '192.0.2.60' });
		expect(session.ok).toBe(true);

		// A newer link ends the older one.
		const second = await requestPasswordReset(db(), { email: 'parent@demo.test', address: '203.0.113.6', origin: ORIGIN });
		if (!second.ok) throw new Error('second reset refused');
		await second.delivery;
		const resets = (await outbox.to('parent@demo.test')).filter((m) => m.subject === 'Set a new password for Core Group');
		expect(resets).toHaveLength(2);
		const secondToken = resets.map((m) => setPasswordToken(m.text)!).find((t) => t !== firstToken)!;
		expect(await passwordLinkHolder(db(), firstToken)).toBeNull();
		expect(await setPasswordWithLink(db(), firstToken, 'an attacker wanted this one')).toMatchObject({ ok: false });
		expect(await signsIn('parent@demo.test', demoPassword())).toBe(true);

		// The owner takes the newest link: the new password works, the old does not, every session ended.
		expect(await setPasswordWithLink(db(), secondToken, 'the owner chose this passphrase')).toMatchObject({ ok: true });
		expect(await signsIn('parent@demo.test', 'the owner chose this passphrase')).toBe(true);
		expect(await signsIn('parent@demo.test', demoPassword())).toBe(false);
		if (session.ok) expect((await validateSessionToken(db(), session.token)).session).toBeNull();

		const requested = await auditRows('password-reset-requested');
		expect(requested.filter((r) => r.actorUserId === parent.id)).toHaveLength(2);
		await flushAnonymousRefusals();
		const unknownTally = (await auditRows('password-reset-unknown-tally')).filter((r) => r.detail.address === '203.0.113.5');
		expect(unknownTally.map((r) => r.detail.count)).toEqual([1]);
		expect(JSON.stringify((await db().select().from(auditLog)).map((r) => r.detail))).not.toContain('nobody.here');
	});

	it('no more than three reset links an hour reach one inbox', async () => {
		const answers = [];
		for (let i = 0; i < 5; i++) answers.push(await askForReset('school@demo.test', `203.0.113.${20 + i}`));
		expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429, 429]);
		expect(answers[3].data.message).toMatch(/try again in 60 minutes/);
		const resets = await vi.waitFor(async () => {
			const mails = (await outbox.to('school@demo.test')).filter((m) => m.subject === 'Set a new password for Core Group');
			if (mails.length < 3) throw new Error('waiting for three e-mails');
			return mails;
		});
		expect(resets).toHaveLength(3);
		// The throttle keeps no address in clear.
		const keys = (await db().select({ key: loginThrottle.key }).from(loginThrottle)).map((r) => r.key);
		expect(keys.join(' ')).not.toContain('school@');
	});

	it('concurrent wrong passwords cannot pass the limit: at most five are checked, then even the right one waits', async () => {
		const email = 'health@demo.test';
		const results = await Promise.all(
			Array.from({ length: 12 }, (_, i) => signIn(db(), { email, password: `wrong guess ${i}`, address: `198.51.100.${100 + i}` }))
		);
		const reasons = results.map((r) => (r.ok ? 'ok' : r.reason));
		expect(reasons.filter((r) => r === 'invalid')).toHaveLength(5);
		expect(reasons.filter((r) => r === 'throttled')).toHaveLength(7);
		expect(await signIn(db(), { email, password: demoPassword(), address: '198.51.100.99' })).toMatchObject({ ok: false, reason: 'throttled' });
		const failed = (await auditRows('sign-in-failed')).filter((r) => r.actorUserId === people.health.user.id);
		expect(failed).toHaveLength(5);
	});

	it('a password typed into the e-mail box is stored nowhere', async () => {
		const typed = 'Tr0ub4dor&3 horse battery';
		expect(await signIn(db(), { email: typed, password: typed, address: '198.51.100.200' })).toEqual({ ok: false, reason: 'invalid' });
		// Also typed in the e-mail box with a real account's address in the password box, by someone with one.
		expect(await signIn(db(), { email: 'minutes@demo.test', password: typed, address: '198.51.100.200' })).toEqual({ ok: false, reason: 'invalid' });
		await flushAnonymousRefusals();
		const details = JSON.stringify((await db().select().from(auditLog)).map((r) => r.detail)).toLowerCase();
		const keys = (await db().select({ key: loginThrottle.key }).from(loginThrottle)).map((r) => r.key).join(' ').toLowerCase();
		for (const fragment of ['tr0ub4dor', 'horse battery']) {
			expect(details).not.toContain(fragment);
			expect(keys).not.toContain(fragment);
		}
	});

	it('keeps an address in the audit log only when it looks like one', async () => {
		// A real account whose failed sign-in typed its address with a stray space: still an address, kept normalised.
		expect(await signIn(db(), { email: ' Minutes@Demo.test ', password: 'not it at all', address: '198.51.100.201' })).toEqual({ ok: false, reason: 'invalid' });
		const rows = (await auditRows('sign-in-failed')).filter((r) => r.actorUserId === people.minutes.user.id);
		expect(rows.at(-1)?.detail).toEqual({ email: 'minutes@demo.test', address: '198.51.100.201' });
	});

	it('failures nobody can be named for, and throttled attempts, are counted per address, not a row each', async () => {
		await flushAnonymousRefusals();
		const address = '198.51.100.233';
		for (let i = 0; i < 4; i++) expect((await signIn(db(), { email: `nobody${i}@demo.test`, password: 'guess', address })).ok).toBe(false);
		const perAttempt = (await auditRows('sign-in-failed')).filter((r) => r.detail.address === address);
		expect(perAttempt).toHaveLength(0);
		await flushAnonymousRefusals();
		const tallies = (await auditRows('sign-in-failed-tally')).filter((r) => r.detail.address === address);
		expect(tallies.map((r) => r.detail.count)).toEqual([4]);

		// The account locked above: each further attempt is tallied as throttled.
		for (let i = 0; i < 3; i++) await signIn(db(), { email: 'health@demo.test', password: 'guess', address });
		await flushAnonymousRefusals();
		const throttled = (await auditRows('sign-in-throttled-tally')).filter((r) => r.detail.address === address);
		expect(throttled.map((r) => r.detail.count)).toEqual([3]);
	});

	it('a success gives the network address its attempt back and clears the account', async () => {
		const address = '198.51.100.240';
		expect(await signsIn('observer@demo.test', 'not it', address)).toBe(false);
		expect(await signsIn('observer@demo.test', demoPassword(), address)).toBe(true);
		const rows = await db().select().from(loginThrottle).where(eq(loginThrottle.key, `address:${address}`));
		expect(rows.map((r) => r.failures)).toEqual([1]);
		expect(await db().select().from(loginThrottle).where(eq(loginThrottle.key, accountKey('observer@demo.test')))).toHaveLength(0);
	});

	it('addMember is the same rule for any caller: no link for an existing account', async () => {
		const added = await addMember(
			db(),
			people['social.worker'].user,
			caseId,
			{ email: 'outsider@demo.test', name: 'Pat Elsewhere', role: 'professional', agency: '', relationship: '', phone: '', language: 'en' },
			{ origin: ORIGIN, handOver: true }
		);
		expect(added).toMatchObject({ ok: true, account: 'existing', handOverLink: null, handOverIgnored: true });
		expect(await linksOf('outsider@demo.test')).toHaveLength(0);
	});
});
