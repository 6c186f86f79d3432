// The audit log proves itself: `npm run audit:verify` passes on a real record and, after a superuser alters
// a row behind the database's back, fails and names that row.
import { noteDatabase } from '../support/test-run';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { verifyAuditLog } from '../../src/lib/server/audit-verify';
import { appendAudit } from '../../src/lib/server/audit';
import type { Database } from '../../src/lib/server/db/client';
import { demoPassword, seedDemo } from '../../src/lib/server/demo';
import { signIn } from '../../src/lib/server/accounts/sign-in';
import { testDatabases } from './support/databases';

const run = promisify(execFile);

/** Superuser tampering: triggers off for this session only, then a row rewritten. */
async function tamper(database: Database, seq: number) {
	await database.db.transaction(async (tx) => {
		await tx.execute(sql`set local session_replication_role = replica`);
		await tx.execute(sql`update audit_log set detail = '{"email":"someone.else@demo.test"}'::jsonb where seq = ${seq}`);
	});
}

describe.each(testDatabases)('the audit log on $name', (kind) => {
	let database: Database & { drop(): Promise<void> };

	beforeAll(async () => {
		database = await kind.open();
		await seedDemo(database.db);
		for (const password of ['wrong one', demoPassword()]) await signIn(database.db, { email: 'chair@demo.test', password, address: '203.0.113.9' });
		for (let i = 0; i < 20; i++) await appendAudit(database.db, { action: 'test-event', detail: { i } });
	});
	afterAll(async () => database?.drop());

	it('verifies an intact chain, and names the first row altered by a superuser', async () => {
		const intact = await verifyAuditLog(database.db);
		expect(intact).toMatchObject({ ok: true });
		expect(intact.rows).toBeGreaterThan(20);
		await tamper(database, 3);
		expect(await verifyAuditLog(database.db)).toMatchObject({ ok: false, brokenAt: 3, problem: 'content altered' });
	});
});

describe.runIf(!!process.env.DATABASE_URL)('npm run audit:verify on PostgreSQL', () => {
	let url: string;
	let admin: ReturnType<typeof postgres>;
	const name = `core_group_audit_${process.pid}`;

	beforeAll(async () => {
		admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
		await admin.unsafe(`drop database if exists ${name} with (force)`);
		await admin.unsafe(`create database ${name}`);
		noteDatabase(name);
		const u = new URL(process.env.DATABASE_URL!);
		u.pathname = `/${name}`;
		url = u.toString();
		// A real run: the demo seeded through the npm script, then sign-ins.
		await run('npm', ['run', '-s', 'seed:demo'], { env: { ...process.env, DATABASE_URL: url } });
	});
	afterAll(async () => {
		await admin.unsafe(`drop database if exists ${name} with (force)`);
		await admin.end();
	});

	it('passes, then fails naming the row a superuser altered', async () => {
		const ok = await run('npm', ['run', '-s', 'audit:verify'], { env: { ...process.env, DATABASE_URL: url } });
		expect(ok.stdout).toMatch(/intact/);

		const db = postgres(url, { max: 1, onnotice: () => {} });
		// The app's own connection cannot: the database refuses UPDATE on the audit log.
		await expect(db.unsafe(`update audit_log set action = 'x' where seq = 1`)).rejects.toThrow(/append-only/);
		await db.begin(async (tx) => {
			await tx.unsafe('set local session_replication_role = replica');
			await tx.unsafe(`update audit_log set action = 'nothing-happened' where seq = 1`);
		});
		await db.end();
		const broken = await run('npm', ['run', '-s', 'audit:verify'], { env: { ...process.env, DATABASE_URL: url } }).then(
			() => ({ code: 0, stderr: '' }),
			(e: { code: number; stderr: string }) => e
		);
		expect(broken.code).toBe(1);
		expect(broken.stderr).toMatch(/BROKEN/);
		expect(broken.stderr).toMatch(/Row 1 was edited/);
	});
});
