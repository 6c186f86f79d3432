// Signing what you read (DESIGN §5), through the meeting page's real `?/sign` action and the versions API:
// a signature is for the version the page showed (a stale one is 409 and stores nothing); "I do not agree"
// needs a reason and raises a disagreement about the whole plan; only family and the child sign in person;
// every signed, confirmed or closed version is kept and served, and hashes to its planHash; and while the
// chair pauses editing, the live room refuses plan edits sent over a real socket.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import * as Y from 'yjs';
import { planText, readMeeting, readPlan } from '../../src/lib/plan';
import type { Database } from '../../src/lib/server/db/client';
import { auditLog, disagreements, editingPauses, meetings, meetingUpdates, planVersions, signatures, users } from '../../src/lib/server/db/schema';
import { meetingRecord } from '../../src/lib/server/meeting-record';
import { storedDocument } from '../../src/lib/server/collab-hooks/store';
import { actions } from '../../src/routes/meetings/[meetingId]/+page.server';
import { GET as getVersion } from '../../src/routes/api/meetings/[meetingId]/versions/[planHash]/+server';
import type { SessionUser } from '../../src/lib/server/accounts/session';
import { connectClient, eventually, until, type CollabClient } from '../support/collab-client';
import { testDatabases } from './support/databases';
import { seedDemoMeeting, shownPlanHash, type DemoPeople } from './support/demo-meeting';
import { postForm } from './support/form-action';
import { sendUpdate } from './support/raw-updates';
import { sessionTokenOf, startLiveServer, type LiveServer } from './support/live-server';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe.each(testDatabases)('signing what you read on $name', (kind) => {
	let database: Database & { drop(): Promise<void> };
	let server: LiveServer;
	let meetingId: string;
	let people: DemoPeople;
	let school: CollabClient;
	let chair: CollabClient;

	const post = (action: keyof typeof actions, who: string, fields: Record<string, string> = {}) =>
		postForm(actions[action], { db: database.db, user: people[who].user, params: { meetingId }, url: `http://localhost:3000/meetings/${meetingId}`, fields });
	const shown = () => shownPlanHash(database.db, meetingId);
	const count = () => database.db.$count(signatures, eq(signatures.meetingId, meetingId));
	const record = async () => meetingRecord(database.db, (await database.db.select().from(meetings).where(eq(meetings.id, meetingId)))[0]);
	/** GET /api/meetings/<id>/versions/<hash> as `user`: its status and JSON. */
	async function version(user: SessionUser | null, hash: string, meeting = meetingId) {
		try {
			const response = await getVersion({ locals: { db: database.db, user, session: null }, params: { meetingId: meeting, planHash: hash } } as never);
			return { status: response.status, body: (await response.json()) as { planHash: string; plan: unknown; at: string } };
		} catch (e) {
			return { status: (e as { status: number }).status, body: null };
		}
	}
	async function edit(text: string) {
		planText(school.doc, 'concerns')!.insert(0, text);
		await eventually(async () => (await record()).plan.concerns?.startsWith(text) === true, 3000, 'the edit in the record');
	}

	beforeAll(async () => {
		database = await kind.open();
		({ meetingId, people } = await seedDemoMeeting(database.db));
		server = await startLiveServer(database.db);
		expect((await post('open', 'chair')).status).toBe(200);
		school = connectClient(server.url, meetingId, await sessionTokenOf(database.db, 'school@demo.test'));
		chair = connectClient(server.url, meetingId, await sessionTokenOf(database.db, 'chair@demo.test'));
		await Promise.all([school.synced, chair.synced]);
		await edit('Agreed concerns.');
	});
	afterAll(async () => {
		school?.destroy();
		chair?.destroy();
		await server?.close();
		await database?.drop();
	});

	it('refuses a signature for a version the live plan has moved on from: 409 with the current hash, nothing stored', async () => {
		const seen = await shown();
		await edit('Changed while the parent read. ');
		const before = await count();
		const answer = await post('sign', 'parent', { method: 'typed', typedName: 'Robin Testcase', planHash: seen });
		expect(answer).toMatchObject({ status: 409, data: { action: 'sign', planHash: await shown(), message: expect.stringMatching(/changed while you were reading/) } });
		expect(await count()).toBe(before);
		expect(await database.db.$count(planVersions, eq(planVersions.planHash, await shown()))).toBe(0);
		// Without saying which version the page showed, nothing is signed either.
		expect((await post('sign', 'parent', { method: 'typed', typedName: 'Robin Testcase' })).status).toBe(400);
		// Signing the version it is now, as the page then offers, is taken.
		expect(await post('sign', 'parent', { method: 'typed', typedName: 'Robin Testcase', planHash: answer.data.planHash as string })).toMatchObject({ status: 200 });
		expect(await count()).toBe(before + 1);
	});

	it('refuses "I do not agree" without a reason; with one, records it and raises a disagreement about the whole plan', async () => {
		const before = { signed: await count(), disagreements: await database.db.$count(disagreements) };
		const fields = { method: 'typed', typedName: 'Jo Lessonby', agrees: 'no', planHash: await shown() };
		expect(await post('sign', 'school', { ...fields, reason: '   ' })).toMatchObject({ status: 400, data: { message: expect.stringMatching(/why you do not agree/) } });
		expect(await post('sign', 'school', { ...fields, agrees: 'maybe', reason: 'x' })).toMatchObject({ status: 400 });
		expect(await count()).toBe(before.signed);
		expect(await database.db.$count(disagreements)).toBe(before.disagreements);

		const reason = 'The school cannot walk Jamie home on Fridays.';
		const signed = await post('sign', 'school', { ...fields, reason, explainedBy: people['social.worker'].memberId, interpreter: 'Ana Ruiz, Spanish' });
		expect(signed.status).toBe(200);
		const [row] = await database.db.select().from(disagreements).where(eq(disagreements.meetingId, meetingId));
		expect(row).toMatchObject({ memberId: people.school.memberId, about: 'plan', position: 'I have read this plan and I do not agree.', reason });
		const api = await record();
		expect(api.signatures.find((s) => s.id === signed.data.signatureId)).toMatchObject({ agrees: false, reason, explainedBy: people['social.worker'].memberId, interpreter: 'Ana Ruiz, Spanish' });
		expect(api.disagreements).toContainEqual(expect.objectContaining({ id: row.id, about: 'plan', reason, reflected: null }));
		// Live, in the room, like any other disagreement and signature.
		await until(() => chair.doc.getArray('disagreements').toJSON().some((d: { id: string }) => d.id === row.id), 2000, 'the disagreement in the room');
		const audit = await database.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.meetingId, meetingId));
		expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['plan-signed', 'disagreement-recorded']));
	});

	it('refuses an explainer from outside the core group and an interpreter note past 200 characters', async () => {
		const before = await count();
		const fields = { method: 'typed', typedName: 'Morgan Chairfield', planHash: await shown() };
		expect(await post('sign', 'chair', { ...fields, explainedBy: '00000000-0000-4000-8000-000000000000' })).toMatchObject({ status: 400 });
		expect(await post('sign', 'chair', { ...fields, interpreter: 'x'.repeat(201) })).toMatchObject({ status: 400 });
		expect(await count()).toBe(before);
	});

	it('refuses a professional witnessing for a professional, or a professional signing "witnessed" for themselves', async () => {
		const before = await count();
		const planHash = await shown();
		const forSchool = await post('sign', 'social.worker', { method: 'witnessed', typedName: 'Jo Lessonby', member: people.school.memberId, planHash });
		expect(forSchool).toMatchObject({ status: 403, data: { message: expect.stringMatching(/Professionals sign for themselves/) } });
		expect(await post('sign', 'social.worker', { method: 'typed', typedName: 'Morgan Chairfield', member: people.chair.memberId, planHash })).toMatchObject({ status: 403 });
		expect(await post('sign', 'chair', { method: 'witnessed', typedName: 'Morgan Chairfield', planHash })).toMatchObject({ status: 403 });
		expect(await count()).toBe(before);
		// A parent signing in person is still witnessed and recorded so.
		await edit('Read out to Robin. ');
		const parent = await post('sign', 'social.worker', { method: 'witnessed', typedName: 'Robin Testcase', member: people.parent.memberId, planHash: await shown(), explainedBy: people['social.worker'].memberId });
		expect(parent.status).toBe(200);
		const [row] = await database.db.select().from(signatures).where(eq(signatures.id, parent.data.signatureId as string));
		expect(row).toMatchObject({ memberId: people.parent.memberId, witnessMemberId: people['social.worker'].memberId, explainedById: people['social.worker'].memberId });
	});

	it('keeps every signed version: each is served to members, and hashes to its planHash; 404 otherwise', async () => {
		const rows = await database.db.select().from(signatures).where(eq(signatures.meetingId, meetingId));
		expect(new Set(rows.map((r) => r.planHash)).size).toBeGreaterThan(1);
		for (const row of rows) {
			const served = await version(people.parent.user, row.planHash);
			expect(served.status).toBe(200);
			expect(served.body!.planHash).toBe(row.planHash);
			const [stored] = await database.db.select().from(planVersions).where(eq(planVersions.planHash, row.planHash));
			expect(sha256(stored.plan)).toBe(row.planHash);
			expect(JSON.parse(stored.plan)).toEqual(served.body!.plan);
		}
		const known = rows[0].planHash;
		const [outsider] = await database.db.select().from(users).where(eq(users.email, 'outsider@demo.test'));
		expect((await version(outsider, known)).status).toBe(404);
		expect((await version(null, known)).status).toBe(401);
		expect((await version(people.parent.user, 'f'.repeat(64))).status).toBe(404);
		// Another meeting of the same case does not serve this meeting's versions.
		const [{ caseId }] = await database.db.select({ caseId: meetings.caseId }).from(meetings).where(eq(meetings.id, meetingId));
		const [other] = await database.db.insert(meetings).values({ caseId, scheduledFor: new Date() }).returning();
		expect((await version(people.parent.user, known, other.id)).status).toBe(404);
	});

	it('pauses editing for everyone (chair only): a plan edit sent meanwhile over a socket is neither stored nor relayed; resuming lets edits in', async () => {
		expect(await post('pause-editing', 'school')).toMatchObject({ status: 403 });
		expect(await post('pause-editing', 'chair')).toMatchObject({ status: 200, data: { ok: true } });
		expect(await post('pause-editing', 'chair')).toMatchObject({ status: 409 });
		await until(() => readMeeting(chair.doc).editingPaused === true, 2000, 'the pause in the room');
		expect(await database.db.$count(editingPauses, eq(editingPauses.meetingId, meetingId))).toBe(1);

		const rowsBefore = await database.db.$count(meetingUpdates, eq(meetingUpdates.meetingId, meetingId));
		const seenBefore = readPlan(chair.doc).concerns;
		const copy = new Y.Doc();
		Y.applyUpdate(copy, Y.encodeStateAsUpdate(chair.doc));
		const vector = Y.encodeStateVector(copy);
		planText(copy, 'concerns')!.insert(0, 'FORBIDDEN while signing. ');
		const token = await sessionTokenOf(database.db, 'social.worker@demo.test');
		expect(await sendUpdate(server, meetingId, token, Y.encodeStateAsUpdate(copy, vector))).toBe(4423);
		expect(readPlan(chair.doc).concerns).toBe(seenBefore);
		expect(await database.db.$count(meetingUpdates, eq(meetingUpdates.meetingId, meetingId))).toBe(rowsBefore);
		expect(readPlan((await storedDocument(database.db, meetingId))!).concerns).not.toMatch(/FORBIDDEN/);

		expect(await post('resume-editing', 'chair')).toMatchObject({ status: 200 });
		await until(() => readMeeting(chair.doc).editingPaused === false, 2000, 'editing resumed in the room');
		expect(await sendUpdate(server, meetingId, token, Y.encodeStateAsUpdate(copy, vector))).toBe(1000);
		await until(() => readPlan(chair.doc).concerns.startsWith('FORBIDDEN while signing.'), 2000, 'the edit relayed after resuming');
	});

	it('keeps the version an e-mail confirmation and the close refer to', async () => {
		const confirmed = await post('confirmByEmail', 'social.worker', { member: people.health.memberId, emailSentAt: '2026-11-26T09:30:00Z', emailText: 'The health visiting team accepts its actions.' });
		expect(confirmed.status).toBe(200);
		const live = await shown();
		expect((await version(people.chair.user, live)).body?.planHash).toBe(live);
		await edit('Final words. ');
		expect((await post('close', 'chair')).status).toBe(200);
		const [{ finalPlanHash }] = await database.db.select({ finalPlanHash: meetings.finalPlanHash }).from(meetings).where(eq(meetings.id, meetingId));
		const [stored] = await database.db.select().from(planVersions).where(eq(planVersions.planHash, finalPlanHash!));
		expect(finalPlanHash).not.toBe(live);
		expect(sha256(stored.plan)).toBe(finalPlanHash);
	});
});
