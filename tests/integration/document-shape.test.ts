// A meeting nobody can break (DESIGN §4 rule 10), through real sockets: a professional sends crafted updates
// that write outside the document's shape — thousands of maps nested under an action, an unknown key, a wrong
// status, a bad date, an owner from another case, a text past its limit, a document past its limit. Each is
// refused with 4403, reaches nobody, is stored nowhere — and the meeting then still opens, signs and closes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import * as Y from 'yjs';
import { MAX_DOCUMENT_BYTES, MAX_TEXT_LENGTH, addAction, planList, planText, readPlan, userOrigin } from '../../src/lib/plan';
import type { Database } from '../../src/lib/server/db/client';
import { meetingUpdates, memberships, users } from '../../src/lib/server/db/schema';
import { closeMeeting, openMeeting } from '../../src/lib/server/meeting-facts';
import { meetingRecord } from '../../src/lib/server/meeting-record';
import { signPlan } from '../../src/lib/server/meeting-signatures';
import { meetingAccess } from '../../src/lib/server/meetings';
import { storedDocument } from '../../src/lib/server/collab-hooks/store';
import { awarenessMessage, encodeAwarenessUpdate } from '../../server/collab/protocol';
import WebSocket from 'ws';
import { connectClient, eventually, until, type CollabClient } from '../support/collab-client';
import { testDatabases } from './support/databases';
import { seedDemoMeeting, shownPlanHash, type DemoPeople } from './support/demo-meeting';
import { sessionTokenOf, startLiveServer, type LiveServer } from './support/live-server';
import { sendUpdate } from './support/raw-updates';

/** Maps nested `depth` deep under `key` of `parent`, one level at a time. */
function nest(parent: Y.Map<unknown>, key: string, depth: number): void {
	let inner = parent;
	for (let i = 0; i < depth; i++) {
		const name = i === 0 ? key : 'deeper';
		inner.set(name, new Y.Map());
		inner = inner.get(name) as Y.Map<unknown>;
	}
}

describe.each(testDatabases)('the shape of the meeting document on $name', (kind) => {
	let database: Database & { drop(): Promise<void> };
	let server: LiveServer;
	let meetingId: string;
	let people: DemoPeople;
	let chair: CollabClient;
	let schoolToken: string;
	let workerToken: string;
	let outsiderMember: string;

	const action = (d: Y.Doc) => planList(d, 'actions')!.get(0);
	const attacks: [string, (d: Y.Doc) => void][] = [
		['3,000 maps nested under an action', (d) => nest(action(d), 'notes', 3_000)],
		['an invisible extra key on an action', (d) => action(d).set('hidden', 'FORBIDDEN')],
		['a status that is not one', (d) => action(d).set('status', 'FORBIDDEN')],
		['a due date that is not a date', (d) => action(d).set('due', '2027-13-45')],
		['an owner from another case', (d) => action(d).set('owner', outsiderMember)],
		['a text past 20,000 characters', (d) => planText(d, 'contingency')!.insert(0, 'FORBIDDEN'.padEnd(MAX_TEXT_LENGTH + 1, '.'))]
	];

	beforeAll(async () => {
		database = await kind.open();
		({ meetingId, people } = await seedDemoMeeting(database.db));
		const [other] = await database.db
			.select({ id: memberships.id })
			.from(memberships)
			.innerJoin(users, eq(users.id, memberships.userId))
			.where(eq(users.email, 'outsider@demo.test'));
		outsiderMember = other.id;
		server = await startLiveServer(database.db);
		chair = connectClient(server.url, meetingId, await sessionTokenOf(database.db, 'chair@demo.test'));
		schoolToken = await sessionTokenOf(database.db, 'school@demo.test');
		// The lead social worker may write before the meeting opens (the school may not): the honest big writer.
		workerToken = await sessionTokenOf(database.db, 'social.worker@demo.test');
		await chair.synced;
		planText(chair.doc, 'concerns')!.insert(0, 'Agreed concerns.');
		addAction(chair.doc, { what: 'Weekly home visit', owner: people.school.memberId, due: '2027-02-01' }, userOrigin(people.chair.memberId));
		await eventually(async () => readPlan((await storedDocument(database.db, meetingId))!).actions.length === 1, 5_000, 'the action stored');
	});
	afterAll(async () => {
		chair?.destroy();
		await server?.close();
		await database?.drop();
	});

	/** The update `change` makes to a copy of what the chair sees. */
	function craft(change: (d: Y.Doc) => void): Uint8Array {
		const copy = new Y.Doc();
		Y.applyUpdate(copy, Y.encodeStateAsUpdate(chair.doc));
		const before = Y.encodeStateVector(copy);
		change(copy);
		return Y.encodeStateAsUpdate(copy, before);
	}
	const rowCount = () => database.db.$count(meetingUpdates, eq(meetingUpdates.meetingId, meetingId));

	it.each(attacks)('refuses %s: closed, not relayed, not stored', async (_name, change) => {
		const rowsBefore = await rowCount();
		const seenBefore = Y.encodeStateAsUpdate(chair.doc);
		expect(await sendUpdate(server, meetingId, schoolToken, craft(change))).toBe(4403);
		expect(Y.encodeStateAsUpdate(chair.doc)).toEqual(seenBefore);
		expect(await rowCount()).toBe(rowsBefore);
		const stored = (await storedDocument(database.db, meetingId))!;
		expect(JSON.stringify(stored.toJSON())).not.toMatch(/FORBIDDEN|notes|hidden/);
		expect(readPlan(stored).actions[0]).toMatchObject({ what: 'Weekly home visit', status: 'not-started', due: '2027-02-01', owner: people.school.memberId });
	});

	it('refuses the update that would take the document past 5 MiB, and keeps what came before', async () => {
		// Each update adds actions with three full texts (about 1.4 MB, under the 2 MiB frame limit).
		const bigActions = (d: Y.Doc) => {
			for (let i = 0; i < 24; i++) addAction(d, { what: 'w'.repeat(MAX_TEXT_LENGTH), why: 'y'.repeat(MAX_TEXT_LENGTH), contact: 'c'.repeat(MAX_TEXT_LENGTH) }, userOrigin(people['social.worker'].memberId));
		};
		const codes: number[] = [];
		let stored = 0;
		while (codes.at(-1) !== 4403 && codes.length < 6) {
			const rows = await rowCount();
			const update = craft(bigActions);
			stored += update.byteLength;
			codes.push(await sendUpdate(server, meetingId, workerToken, update, 3_000));
			if (codes.at(-1) === 1000) await until(() => planList(chair.doc, 'actions')!.length === 1 + 24 * codes.length, 10_000, 'the big actions at the chair’s end');
			else expect(await rowCount()).toBe(rows);
		}
		expect(codes.at(-1)).toBe(4403);
		expect(codes.slice(0, -1).every((c) => c === 1000)).toBe(true);
		expect(stored).toBeGreaterThan(MAX_DOCUMENT_BYTES);
		// The meeting keeps working: a small edit still fits.
		expect(await sendUpdate(server, meetingId, workerToken, craft((d) => planText(d, 'review')!.insert(0, 'Review in six weeks.')), 1_000)).toBe(1000);
		await until(() => readPlan(chair.doc).review === 'Review in six weeks.', 5_000, 'the small edit at the chair’s end');
	});

	it('closes a connection whose presence is larger than 4 KiB; nobody sees it', async () => {
		const ws = new WebSocket(`${server.url.replace('http', 'ws')}/collab/${meetingId}`, { headers: { cookie: `session=${schoolToken}` } });
		ws.on('error', () => {});
		await new Promise((resolve) => ws.once('open', resolve));
		const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
		ws.send(awarenessMessage(encodeAwarenessUpdate([{ clientId: 77, clock: 1, state: { editing: 'FORBIDDEN'.repeat(600) } }])));
		expect(await closed).toBe(4400);
		expect(JSON.stringify([...chair.provider.awareness.getStates().values()])).not.toContain('FORBIDDEN');
	});

	it('still opens, signs and closes afterwards, and the record reads', async () => {
		const chairAccess = (await meetingAccess(database.db, people.chair.user, meetingId))!;
		expect(await openMeeting(database.db, people.chair.user, chairAccess)).toMatchObject({ ok: true });
		const opened = (await meetingAccess(database.db, people.chair.user, meetingId))!;
		expect(await signPlan(database.db, people.chair.user, opened, { planHash: await shownPlanHash(database.db, meetingId), method: 'typed', typedName: 'Morgan Chairfield' })).toMatchObject({ ok: true });
		expect(await closeMeeting(database.db, people.chair.user, opened)).toMatchObject({ ok: true });
		const closed = (await meetingAccess(database.db, people.chair.user, meetingId))!;
		const record = await meetingRecord(database.db, closed.meeting);
		expect(record.status).toBe('closed');
		expect(record.plan.concerns).toBe('Agreed concerns.');
		expect(record.signatures).toHaveLength(1);
		// A new device still opens the meeting.
		const late = connectClient(server.url, meetingId, await sessionTokenOf(database.db, 'parent@demo.test'));
		await late.synced;
		expect(readPlan(late.doc).concerns).toBe('Agreed concerns.');
		late.destroy();
	});
});
