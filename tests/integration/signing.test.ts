// Signing the exact plan: the server hashes the plan at the moment of signing; an edit afterwards makes the
// signature stale; nobody signs as someone else; a professional can witness a parent signing in person.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import canonicalize from 'canonicalize';
import { planText, readSignatures } from '../../src/lib/plan';
import type { Database } from '../../src/lib/server/db/client';
import { meetings, signatures } from '../../src/lib/server/db/schema';
import { openMeeting } from '../../src/lib/server/meeting-facts';
import { meetingRecord } from '../../src/lib/server/meeting-record';
import { recordAgencyConfirmation, signPlan } from '../../src/lib/server/meeting-signatures';
import { meetingAccess } from '../../src/lib/server/meetings';
import type { SessionUser } from '../../src/lib/server/accounts/session';
import { connectClient, eventually, until, type CollabClient } from '../support/collab-client';
import { testDatabases } from './support/databases';
import { seedDemoMeeting, shownPlanHash, type DemoPeople } from './support/demo-meeting';
import { sessionTokenOf, startLiveServer, type LiveServer } from './support/live-server';

const SMALL_PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

describe.each(testDatabases)('signing on $name', (kind) => {
	let database: Database & { drop(): Promise<void> };
	let server: LiveServer;
	let meetingId: string;
	const people: Record<string, { user: SessionUser; memberId: string }> = {};
	const clients: CollabClient[] = [];
	const access = async (who: string) => (await meetingAccess(database.db, people[who].user, meetingId))!;
	const record = async () => meetingRecord(database.db, (await database.db.select().from(meetings).where(eq(meetings.id, meetingId)))[0]);

	beforeAll(async () => {
		database = await kind.open();
		let demo: DemoPeople;
		({ meetingId, people: demo } = await seedDemoMeeting(database.db));
		Object.assign(people, demo);
		server = await startLiveServer(database.db);
	});
	afterAll(async () => {
		for (const c of clients) c.destroy();
		await server?.close();
		await database?.drop();
	});

	it('refuses signing before the meeting has started', async () => {
		expect(await signPlan(database.db, people.chair.user, await access('chair'), { planHash: await shownPlanHash(database.db, meetingId), method: 'typed', typedName: 'Morgan Chairfield' })).toMatchObject({ ok: false, status: 409 });
	});

	it('hashes the plan as it stands and shows the signature live; an edit makes it stale; signing again fixes it', async () => {
		await openMeeting(database.db, people.chair.user, await access('chair'));
		const school = connectClient(server.url, meetingId, await sessionTokenOf(database.db, 'school@demo.test'));
		clients.push(school);
		await school.synced;
		planText(school.doc, 'concerns')!.insert(0, 'Agreed concerns.');
		await eventually(async () => (await record()).plan.concerns === 'Agreed concerns.', 2000, 'the edit in the record');

		const signed = await signPlan(database.db, people.parent.user, await access('parent'), { planHash: await shownPlanHash(database.db, meetingId), method: 'typed', typedName: 'Robin Testcase' });
		if (!signed.ok) throw new Error(signed.message);
		// The hash is sha256 of the canonical plan JSON, computed independently here.
		const plan = (await record()).plan;
		expect(signed.planHash).toBe(createHash('sha256').update(canonicalize(plan)!).digest('hex'));
		await until(() => readSignatures(school.doc).some((s) => s.id === signed.id), 1000, 'the signature in the room');

		expect((await record()).signatures.find((s) => s.id === signed.id)?.stale).toBe(false);
		planText(school.doc, 'concerns')!.insert(0, 'Amended. ');
		await eventually(async () => (await record()).signatures.find((s) => s.id === signed.id)?.stale === true, 2000, 'the signature to go stale');

		const again = await signPlan(database.db, people.parent.user, await access('parent'), { planHash: await shownPlanHash(database.db, meetingId), method: 'typed', typedName: 'Robin Testcase' });
		expect(again.ok).toBe(true);
		const after = await record();
		expect(after.signatures.filter((s) => s.member === people.parent.memberId && !s.stale)).toHaveLength(1);
	});

	it('records a parent signing in person on the social worker’s device, with the witness', async () => {
		// The parent has signed this version already (one signature per member per version): the plan changes first.
		planText(clients[0].doc, 'concerns')!.insert(0, 'Read out again. ');
		await eventually(async () => (await record()).plan.concerns?.startsWith('Read out again.') === true, 2000, 'the edit in the record');
		const result = await signPlan(database.db, people['social.worker'].user, await access('social.worker'), { planHash: await shownPlanHash(database.db, meetingId), method: 'drawn', signature: SMALL_PNG, member: people.parent.memberId, userAgent: 'Tablet (test)' });
		if (!result.ok) throw new Error(result.message);
		const [row] = await database.db.select().from(signatures).where(eq(signatures.id, result.id));
		// The picture is stored as a PNG drawn again by the server, never as sent.
		expect(row).toMatchObject({ memberId: people.parent.memberId, witnessMemberId: people['social.worker'].memberId, method: 'drawn', image: expect.stringMatching(/^data:image\/png;base64,/), userAgent: 'Tablet (test)' });
		expect((await record()).signatures.find((s) => s.id === result.id)).toMatchObject({ witness: people['social.worker'].memberId, stale: false });
	});

	it('refuses signing for another member without witness rights, bad pictures, and observers', async () => {
		const before = await database.db.$count(signatures);
		expect(await signPlan(database.db, people.parent.user, await access('parent'), { planHash: await shownPlanHash(database.db, meetingId), method: 'typed', typedName: 'Morgan', member: people.chair.memberId })).toMatchObject({ ok: false, status: 403 });
		expect(await signPlan(database.db, people.observer.user, await access('observer'), { planHash: await shownPlanHash(database.db, meetingId), method: 'typed', typedName: 'Ash' })).toMatchObject({ ok: false, status: 403 });
		expect(await signPlan(database.db, people.chair.user, await access('chair'), { planHash: await shownPlanHash(database.db, meetingId), method: 'drawn', signature: 'data:image/svg+xml,<svg onload="alert(1)"></svg>' })).toMatchObject({ ok: false, status: 400 });
		expect(await signPlan(database.db, people.chair.user, await access('chair'), { planHash: await shownPlanHash(database.db, meetingId), method: 'drawn', signature: 'https://elsewhere.example/sig.png' })).toMatchObject({ ok: false, status: 400 });
		expect(await signPlan(database.db, people.chair.user, await access('chair'), { planHash: await shownPlanHash(database.db, meetingId), method: 'typed', typedName: '  ' })).toMatchObject({ ok: false, status: 400 });
		expect(await database.db.$count(signatures)).toBe(before);
	});

	it('records an agency’s e-mail confirmation against the plan hash (lead social worker only)', async () => {
		const input = { member: people.health.memberId, emailSentAt: '2026-11-26T09:30:00Z', emailText: 'The health visiting team accepts its actions in the plan.' };
		expect(await recordAgencyConfirmation(database.db, people.chair.user, await access('chair'), input)).toMatchObject({ ok: false, status: 403 });
		const ok = await recordAgencyConfirmation(database.db, people['social.worker'].user, await access('social.worker'), input);
		expect(ok.ok).toBe(true);
		const confirmation = (await record()).confirmations[0];
		expect(confirmation).toMatchObject({ member: people.health.memberId, stale: false, emailText: input.emailText });
	});
});
