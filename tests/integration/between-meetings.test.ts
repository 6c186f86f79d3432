// The plan at work between meetings: each person's actions and the progress they record (rights, bad input,
// audit rows), home visits and the two-visits rule, escalations e-mailed at once and shown until the lead
// social worker acknowledges them — through the real routes, on PGlite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isHttpError } from '@sveltejs/kit';
import { and, eq, like } from 'drizzle-orm';
import { addAction, addOutcome, serverOrigin } from '../../src/lib/plan';
import type { Database } from '../../src/lib/server/db/client';
import { actionProgress, auditLog, escalations, notices } from '../../src/lib/server/db/schema';
import { caseDue } from '../../src/lib/server/dashboard';
import { closeMeeting, openMeeting } from '../../src/lib/server/meeting-facts';
import { withMeetingDocument, withRoom } from '../../src/lib/server/meeting-document';
import { meetingAccess, meetingsOfCase, scheduleMeeting } from '../../src/lib/server/meetings';
import { reviewOfProgress } from '../../src/lib/server/between/progress-review';
import { readWrittenRecord, recordContext } from '../../src/lib/server/written-record/read';
import { cases, users } from '../../src/lib/server/db/schema';
import { unloadRooms } from '../../server/engine';
import { GET as getActions } from '../../src/routes/api/actions/+server';
import { POST as postProgress } from '../../src/routes/api/actions/[meetingId]/[actionId]/progress/+server';
import { GET as getEscalations } from '../../src/routes/api/cases/[caseId]/escalations/+server';
import { actions as caseActions } from '../../src/routes/cases/[caseId]/+page.server';
import { actions as myActionsPage } from '../../src/routes/my-actions/+page.server';
import { wantsReminders } from '../../src/lib/server/between/reminder-choice';
import { saveConferenceChairEmail } from '../../src/lib/server/policy';
import { postForm } from './support/form-action';
import { testDatabases } from './support/databases';
import { seedDemoMeeting, type DemoPeople } from './support/demo-meeting';
import { temporaryOutbox, type TemporaryOutbox } from './support/outbox';

type Handler = (event: never) => Promise<Response>;

/** Calls an API route as SvelteKit would; a thrown `error()` becomes its status and message. */
async function callApi(handler: Handler, db: Database['db'], who: DemoPeople[string] | null, params: Record<string, string>, body?: { type: string; text: string }) {
	const url = new URL('http://localhost:3000/api');
	const event = {
		locals: { db, user: who?.user ?? null, session: null },
		params,
		url,
		request: new Request(url, body ? { method: 'POST', body: body.text, headers: { 'content-type': body.type } } : {})
	};
	try {
		const response = await handler(event as never);
		return { status: response.status, body: (await response.json()) as unknown };
	} catch (e) {
		if (isHttpError(e)) return { status: e.status, body: e.body as unknown };
		throw e;
	}
}

const json = (value: unknown) => ({ type: 'application/json', text: JSON.stringify(value) });

describe.each(testDatabases)('between meetings on $name', (kind) => {
	let database: Database & { drop(): Promise<void> };
	let outbox: TemporaryOutbox;
	let caseId: string;
	let meetingId: string;
	let people: DemoPeople;
	let schoolAction: string;
	let parentAction: string;
	const access = async (who: string) => (await meetingAccess(database.db, people[who].user, meetingId))!;
	const progress = (who: string | null, action: string, body: { type: string; text: string }, meeting = meetingId) =>
		callApi(postProgress as Handler, database.db, who ? people[who] : null, { meetingId: meeting, actionId: action }, body);
	const caseForm = (name: keyof typeof caseActions, who: string, fields: Record<string, string>) =>
		postForm(caseActions[name], { db: database.db, user: people[who].user, params: { caseId }, fields });

	beforeAll(async () => {
		database = await kind.open();
		outbox = await temporaryOutbox();
		({ caseId, meetingId, people } = await seedDemoMeeting(database.db));
		// A member of the second demo case only: to them this case does not exist.
		const [outsider] = await database.db.select().from(users).where(eq(users.email, 'outsider@demo.test'));
		people.outsider = { user: outsider, memberId: '' };
		expect((await openMeeting(database.db, people.chair.user, await access('chair'))).ok).toBe(true);
		await withRoom(database.db, meetingId, (room) =>
			room.serverWrite((doc) => {
				const outcome = addOutcome(doc, { text: 'Jamie attends school every day.', measure: 'Attendance over 95%.', by: '2026-01-30' }, serverOrigin);
				schoolAction = addAction(doc, { what: 'Ring home by 9:30 when Jamie is absent.', why: 'So absence is followed up the same day.', owner: people.school.memberId, due: '2026-01-09', outcome, contact: 'Daily', status: 'not-started' }, serverOrigin);
				parentAction = addAction(doc, { what: 'Walk Jamie to school.', why: 'Punctuality.', owner: people.parent.memberId, due: '2099-01-01', outcome, contact: 'Daily', status: 'in-progress' }, serverOrigin);
			})
		);
		expect((await closeMeeting(database.db, people.chair.user, await access('chair'))).ok).toBe(true);
	});
	afterAll(async () => {
		unloadRooms();
		await database?.drop();
		await outbox?.remove();
	});

	it('lists each person their own actions in the current plan, overdue ones marked; nobody signed out', async () => {
		const school = await callApi(getActions as Handler, database.db, people.school, {});
		expect(school.status).toBe(200);
		expect(school.body).toEqual([expect.objectContaining({ caseId, meetingId, actionId: schoolAction, what: 'Ring home by 9:30 when Jamie is absent.', due: '2026-01-09', status: 'not-started', overdue: true, progress: [] })]);
		const parent = (await callApi(getActions as Handler, database.db, people.parent, {})).body as { actionId: string; overdue: boolean }[];
		expect(parent.map((a) => [a.actionId, a.overdue])).toEqual([[parentAction, false]]);
		expect((await callApi(getActions as Handler, database.db, people.outsider, {})).body).toEqual([]);
		expect((await callApi(getActions as Handler, database.db, null, {})).status).toBe(401);
	});

	it('records progress from the owner, stamped by the server, attributed and audit-logged', async () => {
		const before = Date.now();
		const answer = await progress('school', schoolAction, json({ status: 'in-progress', note: 'Rang home on Monday and Tuesday.' }));
		expect(answer.status).toBe(201);
		const entry = answer.body as { at: string; by: string; status: string; member: string };
		expect(entry).toMatchObject({ status: 'in-progress', by: 'Jo Lessonby', member: people.school.memberId });
		expect(Date.parse(entry.at)).toBeGreaterThanOrEqual(before - 1000);
		const rows = await database.db.select().from(actionProgress).where(eq(actionProgress.actionId, schoolAction));
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ memberId: people.school.memberId, userId: people.school.user.id, note: 'Rang home on Monday and Tuesday.' });
		const audit = await database.db.select().from(auditLog).where(eq(auditLog.action, 'action-progress-recorded'));
		expect(audit.map((a) => a.detail)).toEqual([{ actionId: schoolAction, status: 'in-progress', progressSeq: rows[0].seq }]);
		expect(JSON.stringify(audit)).not.toContain('Rang home');
		// The list now carries the entry and the status it makes.
		const listed = (await callApi(getActions as Handler, database.db, people.school, {})).body as { status: string; progress: unknown[] }[];
		expect(listed[0]).toMatchObject({ status: 'in-progress', progress: [expect.objectContaining({ note: 'Rang home on Monday and Tuesday.', by: 'Jo Lessonby' })] });
	});

	it('lets the lead social worker and the chair record progress, and refuses everyone else', async () => {
		expect((await progress('social.worker', parentAction, json({ status: 'in-progress', note: 'Seen walking to school.' }))).status).toBe(201);
		expect((await progress('chair', schoolAction, json({ status: 'in-progress', note: '' }))).status).toBe(201);
		expect((await progress('parent', schoolAction, json({ status: 'done', note: '' }))).status).toBe(403);
		expect((await progress('observer', schoolAction, json({ status: 'done', note: '' }))).status).toBe(403);
		expect((await progress('health', schoolAction, json({ status: 'done', note: '' }))).status).toBe(403);
		expect((await progress('outsider', schoolAction, json({ status: 'done', note: '' }))).status).toBe(404);
		expect((await progress(null, schoolAction, json({ status: 'done', note: '' }))).status).toBe(401);
	});

	it('takes progress and the reminders choice from the My actions page by the same rules', async () => {
		const page = (name: keyof typeof myActionsPage, who: string, fields: Record<string, string>) => postForm(myActionsPage[name], { db: database.db, user: people[who].user, fields });
		expect((await page('progress', 'parent', { meetingId, actionId: schoolAction, status: 'done', note: '' })).status).toBe(403);
		expect((await page('progress', 'outsider', { meetingId, actionId: schoolAction, status: 'done', note: '' })).status).toBe(404);
		expect((await page('progress', 'school', { meetingId: 'x', actionId: schoolAction, status: 'done', note: '' })).status).toBe(404);
		expect((await page('progress', 'school', { meetingId, actionId: schoolAction, status: 'sort-of', note: '' })).status).toBe(400);
		expect((await postForm(myActionsPage.progress, { db: database.db, user: people.school.user, fields: {}, body: { contentType: 'application/json', text: '{}' } })).status).toBe(415);
		expect((await page('reminders', 'school', { wanted: 'maybe' })).status).toBe(400);
		expect((await page('reminders', 'school', { wanted: 'no' })).status).toBe(200);
		expect(await wantsReminders(database.db, people.school.user.id)).toBe(false);
		expect((await page('reminders', 'school', { wanted: 'yes' })).status).toBe(200);
		expect(await wantsReminders(database.db, people.school.user.id)).toBe(true);
	});

	it('answers bad input with a 4xx and stores nothing', async () => {
		const count = async () => (await database.db.select().from(actionProgress)).length;
		const stored = await count();
		expect((await progress('school', schoolAction, json({ status: 'finished', note: '' }))).status).toBe(400);
		expect((await progress('school', schoolAction, json({ status: 'not-done', note: '' }))).status).toBe(400);
		expect((await progress('school', schoolAction, json({ status: 'done', note: 'a\u0000b' }))).status).toBe(400);
		expect((await progress('school', schoolAction, json({ status: 'done', note: 'x'.repeat(5000) }))).status).toBe(400);
		expect((await progress('school', schoolAction, { type: 'application/json', text: '{not json' })).status).toBe(400);
		expect((await progress('school', schoolAction, { type: 'text/plain', text: 'done' })).status).toBe(415);
		expect((await progress('school', crypto.randomUUID(), json({ status: 'done', note: '' }))).status).toBe(404);
		expect((await progress('school', 'not-a-uuid', json({ status: 'done', note: '' }))).status).toBe(404);
		expect(await count()).toBe(stored);
	});

	it('raises a no-access escalation by itself after two consecutive visits without seeing the child, and e-mails at once', async () => {
		expect((await caseForm('visit', 'parent', { seen: 'no', note: '' })).status).toBe(403);
		expect((await caseForm('visit', 'social.worker', { seen: 'maybe', note: '' })).status).toBe(400);
		expect((await caseForm('visit', 'social.worker', { seen: 'no', note: 'Nobody answered.' })).status).toBe(200);
		expect(await database.db.$count(escalations, eq(escalations.caseId, caseId))).toBe(0);
		// A visit where the child was seen breaks the run.
		expect((await caseForm('visit', 'health', { seen: 'yes', note: '' })).status).toBe(200);
		expect((await caseForm('visit', 'social.worker', { seen: 'no', note: '' })).status).toBe(200);
		expect(await database.db.$count(escalations, eq(escalations.caseId, caseId))).toBe(0);
		const second = await caseForm('visit', 'health', { seen: 'no', note: 'Curtains drawn.' });
		expect(second.data.message).toMatch(/two visits in a row/);
		const [raised] = await database.db.select().from(escalations).where(eq(escalations.caseId, caseId));
		expect(raised).toMatchObject({ kind: 'no-access', raisedBy: null });
		expect(raised.details).toMatch(/not seen on two consecutive home visits/);
		const mail = (await outbox.messages()).filter((m) => m.subject.startsWith('Escalation: the child could not be seen'));
		expect(mail.flatMap((m) => m.to).sort()).toEqual(['chair@demo.test', 'social.worker@demo.test']);
		const audit = await database.db.select().from(auditLog).where(and(eq(auditLog.action, 'escalation-raised'), eq(auditLog.caseId, caseId)));
		expect(audit.map((a) => a.detail)).toEqual([{ escalationId: raised.id, kind: 'no-access', rule: 'two-consecutive-visits-child-not-seen' }]);
	});

	it('lets any member but an observer raise a difficulty, e-mailed to the lead social worker and the chair', async () => {
		expect((await caseForm('escalate', 'observer', { kind: 'difficulty', details: 'x' })).status).toBe(403);
		expect((await caseForm('escalate', 'parent', { kind: 'complaint', details: 'x' })).status).toBe(400);
		expect((await caseForm('escalate', 'parent', { kind: 'difficulty', details: '   ' })).status).toBe(400);
		// The local policy names the authority's conference chair: escalations are copied to them.
		const [admin] = await database.db.select().from(users).where(eq(users.email, 'admin@demo.test'));
		expect((await saveConferenceChairEmail(database.db, admin, 'not an address')).ok).toBe(false);
		expect((await saveConferenceChairEmail(database.db, admin, 'Conference.Chair@council.example')).ok).toBe(true);
		const before = (await outbox.messages()).length;
		expect((await caseForm('escalate', 'parent', { kind: 'difficulty', details: 'The bus to school has stopped running.' })).status).toBe(200);
		const mail = (await outbox.messages()).slice(before);
		expect(mail.flatMap((m) => m.to).sort()).toEqual(['chair@demo.test', 'conference.chair@council.example', 'social.worker@demo.test']);
		expect(mail[0].text).toContain('The bus to school has stopped running.');
		expect(mail[0].text).toContain('by Robin Testcase');
		// The queue forgets a sent message's text: the outbox holds it, the row only its key.
		expect((await database.db.select({ text: notices.text }).from(notices).where(like(notices.key, 'escalation:%'))).every((n) => n.text === '')).toBe(true);
	});

	it('shows open escalations on the case and the dashboard until the lead social worker acknowledges them', async () => {
		const list = async (who: string) => (await callApi(getEscalations as Handler, database.db, people[who], { caseId })).body as { id: string; kind: string; acknowledgement: unknown }[];
		const all = await list('school');
		expect(all.map((e) => e.kind).sort()).toEqual(['difficulty', 'no-access']);
		// A family member reads only what they raised: another's report may be about them.
		expect((await list('parent')).map((e) => e.kind)).toEqual(['difficulty']);
		expect((await callApi(getEscalations as Handler, database.db, people.outsider, { caseId })).status).toBe(404);
		const [c] = await database.db.select().from(cases).where(eq(cases.id, caseId));
		const dashboard = async () => (await caseDue(database.db, c, await meetingsOfCase(database.db, caseId), new Date())).map((d) => `${d.label}: ${d.text}`);
		expect((await dashboard()).filter((d) => d.startsWith('Escalation'))).toHaveLength(2);
		// Escalations not acknowledged count, with overdue actions, towards "plan not progressing".
		expect((await dashboard()).find((d) => d.startsWith('Plan not progressing'))).toBe(
			'Plan not progressing: 1 action overdue, 2 escalations not acknowledged — tell the conference chair and consider an early review conference'
		);

		const noAccess = all.find((e) => e.kind === 'no-access')!;
		expect((await caseForm('acknowledge', 'school', { escalation: noAccess.id, decision: 'strategy-discussion', note: '' })).status).toBe(403);
		expect((await caseForm('acknowledge', 'chair', { escalation: noAccess.id, decision: 'strategy-discussion', note: '' })).status).toBe(403);
		expect((await caseForm('acknowledge', 'social.worker', { escalation: noAccess.id, decision: 'wait', note: '' })).status).toBe(400);
		expect((await caseForm('acknowledge', 'social.worker', { escalation: crypto.randomUUID(), decision: 'strategy-discussion', note: '' })).status).toBe(404);
		expect((await caseForm('acknowledge', 'social.worker', { escalation: 'not-an-id', decision: 'strategy-discussion', note: '' })).status).toBe(404);
		expect((await caseForm('acknowledge', 'social.worker', { escalation: noAccess.id, decision: 'strategy-discussion', note: 'Police welfare check today.' })).status).toBe(200);
		expect((await caseForm('acknowledge', 'social.worker', { escalation: noAccess.id, decision: 'core-group-discussion', note: '' })).status).toBe(409);
		const after = await list('school');
		expect(after.find((e) => e.id === noAccess.id)!.acknowledgement).toMatchObject({ decision: 'strategy-discussion', note: 'Police welfare check today.', by: 'Sam Caseworth' });
		expect((await dashboard()).filter((d) => d.startsWith('Escalation'))).toHaveLength(1);
		const audit = await database.db.select().from(auditLog).where(eq(auditLog.action, 'escalation-acknowledged'));
		expect(audit.map((a) => a.detail)).toEqual([{ escalationId: noAccess.id, decision: 'strategy-discussion' }]);
	});

	it('starts the next meeting\'s review of progress from these entries, and carries them into its written record', async () => {
		const next = await scheduleMeeting(database.db, people.chair.user, caseId, { scheduledFor: new Date(Date.now() + 86_400_000), place: '' });
		const review = await reviewOfProgress(database.db, next);
		const school = review.find((r) => r.actionId === schoolAction)!;
		expect(school.what).toBe('Ring home by 9:30 when Jamie is absent.');
		expect(school.progress.map((p) => [p.by, p.status, p.note])).toEqual([
			['Jo Lessonby', 'in-progress', 'Rang home on Monday and Tuesday.'],
			['Morgan Chairfield', 'in-progress', '']
		]);
		const nextAccess = async (who: string) => (await meetingAccess(database.db, people[who].user, next.id))!;
		expect((await openMeeting(database.db, people.chair.user, await nextAccess('chair'))).ok).toBe(true);
		// Recorded against the meeting now holding the plan: the old meeting's plan is no longer current.
		expect((await progress('school', schoolAction, json({ status: 'done', note: 'Every absence followed up.' }))).status).toBe(409);
		expect((await progress('school', schoolAction, json({ status: 'done', note: 'Every absence followed up.' }), next.id)).status).toBe(201);
		expect((await closeMeeting(database.db, people.chair.user, await nextAccess('chair'))).ok).toBe(true);
		const [closed] = await meetingsOfCase(database.db, caseId).then((list) => list.filter((m) => m.id === next.id));
		const record = await readWrittenRecord(database.db, (await recordContext(database.db, closed.id))!, (id, use) => withMeetingDocument(database.db, id, use));
		const fields = record.plan.actions.map((a) => Object.fromEntries(a.fields.map((f) => [f.label, f.value])));
		const line = fields.find((f) => f['What will be done'] === 'Ring home by 9:30 when Jamie is absent.')!['Progress recorded since the last meeting'];
		expect(line).toMatch(/Jo Lessonby: In progress\. Rang home on Monday and Tuesday\./);
		expect(line).toMatch(/Jo Lessonby: Done\. Every absence followed up\./);
		expect(fields.find((f) => f['What will be done'] === 'Walk Jamie to school.')!['Progress recorded since the last meeting']).toMatch(/Sam Caseworth: In progress\. Seen walking to school\./);
	});
});
