// The record's foundation on each real database: migrations, demo data, sign-in, sessions, who sees what,
// and the audit log that refuses to be rewritten.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../src/lib/server/db/client';
import { auditLog, sessions, users } from '../../src/lib/server/db/schema';
import { seedDemo, demoPassword } from '../../src/lib/server/demo';
import { signIn, SIGN_IN_FAILED_MESSAGE } from '../../src/lib/server/accounts/sign-in';
import { invalidateSession, sessionIdFromToken, validateSessionToken } from '../../src/lib/server/accounts/session';
import { meetingAccess, meetingsVisibleTo } from '../../src/lib/server/meetings';
import { addMember, caseAccess } from '../../src/lib/server/cases';
import { passwordLinkHolder, setPasswordWithLink } from '../../src/lib/server/accounts/users';
import { testDatabases } from './support/databases';
import { setPasswordToken, temporaryOutbox, type TemporaryOutbox } from './support/outbox';

describe.each(testDatabases)('on $name', (kind) => {
	let database: Database & { drop(): Promise<void> };
	let caseId: string;
	let outbox: TemporaryOutbox;
	const address = '192.0.2.10';

	beforeAll(async () => {
		outbox = await temporaryOutbox();
		database = await kind.open();
		({ caseId } = await seedDemo(database.db));
	});
	afterAll(async () => {
		await database?.drop();
		await outbox?.remove();
	});

	async function sessionUserOf(email: string) {
		const result = await signIn(database.db, { email, password: demoPassword(), address });
		if (!result.ok) throw new Error(`demo sign-in failed for ${email}`);
		const { user } = await validateSessionToken(database.db, result.token);
		return { token: result.token, user: user! };
	}

	it('stores only the hash of a session token, and the token validates', async () => {
		const { token, user } = await sessionUserOf('chair@demo.test');
		expect(user.email).toBe('chair@demo.test');
		const rows = await database.db.select().from(sessions).where(eq(sessions.userId, user.id));
		expect(rows.map((r) => r.id)).toContain(sessionIdFromToken(token));
		expect(rows.map((r) => r.id)).not.toContain(token);
	});

	it('ends a session in the database on sign-out', async () => {
		const { token } = await sessionUserOf('minutes@demo.test');
		await invalidateSession(database.db, sessionIdFromToken(token));
		expect((await validateSessionToken(database.db, token)).session).toBeNull();
	});

	it('refuses an expired session and removes it', async () => {
		const { token } = await sessionUserOf('school@demo.test');
		await database.db.update(sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(sessions.id, sessionIdFromToken(token)));
		expect((await validateSessionToken(database.db, token)).user).toBeNull();
		expect(await database.db.select().from(sessions).where(eq(sessions.id, sessionIdFromToken(token)))).toHaveLength(0);
	});

	it('locks an account after repeated failures, even for the right password', async () => {
		const email = 'observer@demo.test';
		for (let i = 0; i < 5; i++) {
			expect(await signIn(database.db, { email, password: 'wrong guess', address: '198.51.100.7' })).toEqual({ ok: false, reason: 'invalid' });
		}
		const locked = await signIn(database.db, { email, password: demoPassword(), address: '198.51.100.8' });
		expect(locked).toMatchObject({ ok: false, reason: 'throttled' });
		expect(SIGN_IN_FAILED_MESSAGE).not.toMatch(/locked|unknown|exist/i);
	});

	it('shows a member only the meetings of their cases, and an outsider nothing of them', async () => {
		const { user: chair } = await sessionUserOf('chair@demo.test');
		const { user: outsider } = await sessionUserOf('outsider@demo.test');
		const chairs = await meetingsVisibleTo(database.db, chair);
		expect(chairs.length).toBeGreaterThanOrEqual(1);
		expect(chairs.every((m) => m.caseId === caseId)).toBe(true);
		const outsiders = await meetingsVisibleTo(database.db, outsider);
		expect(outsiders.some((m) => m.caseId === caseId)).toBe(false);
		expect(await meetingAccess(database.db, outsider, chairs[0].id)).toBeNull();
		expect(await caseAccess(database.db, outsider, caseId)).toBeNull();
		expect((await meetingAccess(database.db, chair, chairs[0].id))?.role).toBe('chair');
	});

	it('invites a new member by e-mailing their address a one-time link that works once', async () => {
		const { user: socialWorker } = await sessionUserOf('social.worker@demo.test');
		const added = await addMember(
			database.db,
			socialWorker,
			caseId,
			{
				email: 'New.GP@demo.test',
				name: 'Dr Demo Newcomer',
				role: 'professional',
				agency: 'Example Surgery (demo)',
				relationship: 'GP',
				phone: '',
				language: 'en'
			},
			{ origin: 'http://localhost:3000' }
		);
		expect(added).toMatchObject({ ok: true, account: 'created', handOverLink: null });
		const [mail] = await outbox.to('new.gp@demo.test');
		const token = setPasswordToken(mail.text);
		if (!token) throw new Error('expected a set-password link in the invitation e-mail');
		expect(mail.text).toContain(`http://localhost:3000/set-password/${token}`);
		expect((await passwordLinkHolder(database.db, token))?.email).toBe('new.gp@demo.test');
		expect(await setPasswordWithLink(database.db, token, 'a long enough passphrase')).toEqual({ ok: true, userId: expect.any(String) });
		expect(await setPasswordWithLink(database.db, token, 'another long passphrase')).toMatchObject({ ok: false });
		const result = await signIn(database.db, { email: 'new.gp@demo.test', password: 'a long enough passphrase', address });
		expect(result.ok).toBe(true);
	});

	it('keeps the audit log append-only and hash-chained', async () => {
		const rows = await database.db.select().from(auditLog).orderBy(auditLog.seq);
		expect(rows.length).toBeGreaterThan(3);
		for (let i = 1; i < rows.length; i++) expect(rows[i].prevHash).toBe(rows[i - 1].hash);
		// Drizzle wraps the database's refusal; the refusal itself is the cause.
		const refusal = (statement: Promise<unknown>) =>
			statement.then(
				() => 'accepted',
				(e: Error & { cause?: Error }) => e.cause?.message ?? e.message
			);
		expect(await refusal(database.db.execute(sql`update audit_log set action = 'rewritten'`))).toMatch(/append-only/);
		expect(await refusal(database.db.execute(sql`delete from audit_log`))).toMatch(/append-only/);
		// Nothing sensitive in the record of sign-ins.
		const text = JSON.stringify(rows.map((r) => r.detail));
		expect(text).not.toContain(demoPassword());
	});

	it('seeds the demo only once, and adds extra meetings on request', async () => {
		const again = await seedDemo(database.db, { extraMeetings: 3 });
		expect(again).toEqual({ caseId, created: false });
		const [{ n }] = await database.db.select({ n: sql<number>`count(*)::int` }).from(users).where(eq(users.email, 'chair@demo.test'));
		expect(n).toBe(1);
		const { user: chair } = await sessionUserOf('chair@demo.test');
		expect((await meetingsVisibleTo(database.db, chair)).length).toBeGreaterThanOrEqual(4);
	});
});
