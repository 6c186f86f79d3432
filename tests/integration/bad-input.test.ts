// Bad input is a 4xx (DESIGN §4 rule 11), through every form action of the app with a real Request: a body
// of the wrong kind, a multipart form without its boundary, NUL bytes, broken characters, bad %-escapes and
// overlong fields are each refused with words saying what to do — never a 500 — and nothing is stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import * as v from 'valibot';
import type { Database } from '../../src/lib/server/db/client';
import * as schema from '../../src/lib/server/db/schema';
import { jsonInput, text } from '../../src/lib/server/form-input';
import { openMeeting } from '../../src/lib/server/meeting-facts';
import { meetingAccess } from '../../src/lib/server/meetings';
import { findUserByEmail } from '../../src/lib/server/accounts/users';
import type { SessionUser } from '../../src/lib/server/accounts/session';
import { actions as newCaseActions } from '../../src/routes/admin/cases/new/+page.server';
import { actions as policyActions } from '../../src/routes/admin/policy/+page.server';
import { actions as coreGroupActions } from '../../src/routes/cases/[caseId]/core-group/+page.server';
import { actions as newMeetingActions } from '../../src/routes/cases/[caseId]/meetings/new/+page.server';
import { actions as forgotPasswordActions } from '../../src/routes/forgot-password/+page.server';
import { actions as loginActions } from '../../src/routes/login/+page.server';
import { actions as meetingActions } from '../../src/routes/meetings/[meetingId]/+page.server';
import { actions as viewsActions } from '../../src/routes/meetings/[meetingId]/views/+page.server';
import { actions as setPasswordActions } from '../../src/routes/set-password/[token]/+page.server';
import { testDatabases } from './support/databases';
import { seedDemoMeeting, type DemoPeople } from './support/demo-meeting';
import { postForm, type ActionAnswer, type FormPost } from './support/form-action';

const ORIGIN = 'http://localhost:3000';
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each route's action has its own event type
type AnyAction = (event: any) => unknown;

describe.each(testDatabases)('bad input on $name', (kind) => {
	let database: Database & { drop(): Promise<void> };
	let caseId: string;
	let meetingId: string;
	let people: DemoPeople;
	let admin: SessionUser;

	beforeAll(async () => {
		database = await kind.open();
		({ caseId, meetingId, people } = await seedDemoMeeting(database.db));
		admin = (await findUserByEmail(database.db, 'admin@demo.test'))!;
		const opened = await openMeeting(database.db, people.chair.user, (await meetingAccess(database.db, people.chair.user, meetingId))!);
		if (!opened.ok) throw new Error(opened.message);
	});
	afterAll(async () => {
		await database?.drop();
	});

	/** Every form action of the app, as the person who may use it. */
	const everyAction = (): { name: string; action: AnyAction; post: Omit<FormPost, 'fields'> }[] => {
		const db = database.db;
		const meeting = { db, user: people.chair.user, params: { meetingId }, url: `${ORIGIN}/meetings/${meetingId}` };
		const manager = { db, user: people['social.worker'].user, params: { caseId }, url: `${ORIGIN}/cases/${caseId}/core-group` };
		const asAdmin = { db, user: admin, url: `${ORIGIN}/admin/policy` };
		return [
			...(['open', 'close', 'attendance', 'disagree', 'viewLink', 'sign', 'confirmByEmail', 'reflect', 'circulate'] as const).map((name) => ({ name: `meeting ?/${name}`, action: meetingActions[name], post: meeting })),
			{ name: 'written views', action: viewsActions.default, post: { db, user: people.health.user, params: { meetingId }, url: `${ORIGIN}/meetings/${meetingId}/views` } },
			...(['invite', 'role', 'remove'] as const).map((name) => ({ name: `core group ?/${name}`, action: coreGroupActions[name], post: manager })),
			{ name: 'schedule a meeting', action: newMeetingActions.default, post: { db, user: people.chair.user, params: { caseId }, url: `${ORIGIN}/cases/${caseId}/meetings/new` } },
			{ name: 'new case', action: newCaseActions.default, post: { ...asAdmin, url: `${ORIGIN}/admin/cases/new` } },
			...(['timescales', 'addClosure', 'removeClosure'] as const).map((name) => ({ name: `policy ?/${name}`, action: policyActions[name], post: asAdmin })),
			{ name: 'sign in', action: loginActions.default, post: { db, user: null, url: `${ORIGIN}/login` } },
			{ name: 'forgotten password', action: forgotPasswordActions.default, post: { db, user: null, url: `${ORIGIN}/forgot-password` } },
			{ name: 'set a password', action: setPasswordActions.default, post: { db, user: null, params: { token: 'abcdefghijklmnop' }, url: `${ORIGIN}/set-password/abcdefghijklmnop` } }
		];
	};

	/** Row counts of every table a form can write, and the meeting's state: what "nothing stored" means. */
	const recorded = async () => {
		const db = database.db;
		const tables = {
			users: schema.users, sessions: schema.sessions, passwordLinks: schema.passwordLinks, cases: schema.cases, memberships: schema.memberships,
			meetings: schema.meetings, attendance: schema.attendance, disagreements: schema.disagreements, writtenViews: schema.writtenViews,
			viewLinks: schema.viewLinks, signatures: schema.signatures, agencyConfirmations: schema.agencyConfirmations, writtenRecords: schema.writtenRecords,
			circulations: schema.circulations, authorityPolicy: schema.authorityPolicy, closureDays: schema.closureDays, auditLog: schema.auditLog
		};
		const counts = Object.fromEntries(await Promise.all(Object.entries(tables).map(async ([name, table]) => [name, await db.$count(table)])));
		const [meeting] = await db.select({ status: schema.meetings.status }).from(schema.meetings).where(eq(schema.meetings.id, meetingId));
		return { ...counts, meeting: meeting.status };
	};

	/** Posts to every action and expects each answer to be `status` with a message; returns the messages. */
	const postEverywhere = async (sent: { body: NonNullable<FormPost['body']> } | { fields: Record<string, string> }, status: number, only = (_name: string) => true) => {
		const messages = new Set<string>();
		for (const { name, action, post } of everyAction().filter((a) => only(a.name))) {
			const answer: ActionAnswer = await postForm(action, { fields: {}, ...post, ...sent });
			expect({ name, status: answer.status }).toEqual({ name, status });
			expect(answer.data.message).toEqual(expect.any(String));
			messages.add(answer.data.message as string);
		}
		return [...messages];
	};

	it('answers a multipart form posted without its boundary with a 400 from every action, storing nothing', async () => {
		const before = await recorded();
		const messages = await postEverywhere({ body: { contentType: 'multipart/form-data', text: '--x\r\nContent-Disposition: form-data; name="reason"\r\n\r\nhello\r\n--x--\r\n' } }, 400);
		expect(messages).toEqual(['The form arrived without its multipart boundary, so it cannot be read. Reload the page and send it again.']);
		expect(await recorded()).toEqual(before);
	});

	it('answers a multipart body that does not match its boundary with a 400, storing nothing', async () => {
		const before = await recorded();
		const messages = await postEverywhere({ body: { contentType: 'multipart/form-data; boundary=----abc', text: '------xyz\r\nnot a part at all' } }, 400);
		expect(messages).toEqual(['The form arrived damaged and could not be read. Reload the page and send it again.']);
		expect(await recorded()).toEqual(before);
	});

	it('answers JSON, or plain text, posted to a form action with a 415, storing nothing', async () => {
		const before = await recorded();
		const json = await postEverywhere({ body: { contentType: 'application/json', text: JSON.stringify({ method: 'typed', typedName: 'Robin', reason: 'x', email: 'chair@demo.test', password: 'demo-password' }) } }, 415);
		expect(json).toEqual(['Send this as a web form (application/x-www-form-urlencoded or multipart/form-data), as the page does.']);
		await postEverywhere({ body: { contentType: 'text/plain', text: 'reason=hello' } }, 415);
		expect(await recorded()).toEqual(before);
	});

	it('refuses a NUL byte in any field of any action with a 400 naming the field, storing nothing', async () => {
		const before = await recorded();
		// The same NUL in every field any action reads (open, close and circulate read none).
		const names = ['member', 'status', 'about', 'position', 'reason', 'method', 'signature', 'typedName', 'emailSentAt', 'emailText', 'id', 'reflected', 'accepted', 'text', 'email', 'name', 'role', 'agency', 'relationship', 'phone', 'language', 'handOver', 'date', 'time', 'place', 'reference', 'childName', 'childDateOfBirth', 'preferredLanguage', 'nation', 'icpcDate', 'firstMeetingWorkingDays', 'meetingIntervalWeeks', 'circulationWorkingDays', 'firstReviewMonths', 'reviewIntervalMonths', 'day', 'password', 'confirm'];
		const messages = await postEverywhere({ fields: Object.fromEntries(names.map((n) => [n, 'a\u0000b'])) }, 400, (name) => !/\?\/(open|close|circulate)$/.test(name));
		for (const message of messages) expect(message).toMatch(/contains a character that cannot be stored \(a NUL byte\)\. Remove it and send again\.$/);
		expect(await recorded()).toEqual(before);
	});

	it('refuses broken characters — a lone surrogate, bytes that are not UTF-8, a bad %-escape — with a 400, storing nothing', async () => {
		const before = await recorded();
		const post = (body: string, fields = false) =>
			postForm(meetingActions.disagree, {
				db: database.db,
				user: people.parent.user,
				params: { meetingId },
				url: `${ORIGIN}/meetings/${meetingId}`,
				...(fields ? { fields: { about: 'contingency', position: 'No', reason: body } } : { fields: {}, body: { contentType: 'application/x-www-form-urlencoded', text: `about=contingency&position=No&reason=${body}` } })
			});
		const brokenCharacters = /^The reason contains characters that did not arrive intact \(send the form as UTF-8\)\. Retype them and send again\.$/;
		// A lone surrogate as a page would send it (the form encoder turns it into U+FFFD), and as raw bytes.
		for (const answer of [await post('Robin \uD800', true), await post('%ED%A0%80'), await post('caf%E9'), await post('%E0%A4%A')]) {
			expect(answer).toMatchObject({ status: 400, data: { action: 'disagree', message: expect.stringMatching(brokenCharacters) } });
		}
		expect(await recorded()).toEqual(before);
	});

	it('refuses overlong fields with a 400 that gives the limit, storing nothing', async () => {
		const before = await recorded();
		const views = await postForm(viewsActions.default, { db: database.db, user: people.health.user, params: { meetingId }, url: `${ORIGIN}/meetings/${meetingId}/views`, fields: { text: 'x'.repeat(20_001) } });
		expect(views).toEqual({ status: 400, data: { message: 'Your views is too long: keep it under 20,000 characters.', text: '' } });
		const invite = await postForm(coreGroupActions.invite, { db: database.db, user: people['social.worker'].user, params: { caseId }, url: `${ORIGIN}/cases/${caseId}/core-group`, fields: { email: 'new@demo.test', name: 'N'.repeat(201), role: 'professional' } });
		expect(invite).toMatchObject({ status: 400, data: { action: 'invite', message: 'The name is too long: keep it under 200 characters.' } });
		const signIn = await postForm(loginActions.default, { db: database.db, user: null, url: `${ORIGIN}/login`, fields: { email: 'chair@demo.test', password: 'p'.repeat(100_000) } });
		expect(signIn.status).toBe(400);
		expect(await recorded()).toEqual(before);
	});

	it('still takes honest input through the same actions (the checks refuse only what they should)', async () => {
		const before = await recorded();
		const answer = await postForm(meetingActions.disagree, {
			db: database.db,
			user: people.parent.user,
			params: { meetingId },
			url: `${ORIGIN}/meetings/${meetingId}`,
			fields: { about: 'contingency', position: 'Jamie should stay with us — “at home”, 🏠.', reason: 'Café au lait: Jamie’s grandmother lives two hours away.' }
		});
		expect(answer).toMatchObject({ status: 200, data: { action: 'disagree', ok: true } });
		expect((await recorded()).disagreements).toBe(before.disagreements + 1);
	});
});

describe('JSON bodies', () => {
	const progress = v.object({ status: text('The status', 20), note: text('The note', 2_000) });
	const request = (contentType: string, body: string) => new Request(`${ORIGIN}/api/test`, { method: 'POST', headers: { 'content-type': contentType }, body });

	it('refuses a form where JSON is expected (415), JSON that cannot be read (400), and a lone surrogate or NUL inside it (400)', async () => {
		expect(await jsonInput(request('application/x-www-form-urlencoded', 'status=done'), progress)).toEqual({ ok: false, status: 415, message: 'Send this as JSON, with the header Content-Type: application/json.' });
		expect(await jsonInput(request('application/json', '{"status": "done",'), progress)).toMatchObject({ ok: false, status: 400 });
		expect(await jsonInput(request('application/json', '{"status":"done","note":"\\ud800"}'), progress)).toMatchObject({ ok: false, status: 400, message: expect.stringMatching(/^The note contains characters that did not arrive intact/) });
		expect(await jsonInput(request('application/json', '{"status":"done","note":"a\\u0000b"}'), progress)).toMatchObject({ ok: false, status: 400, message: expect.stringMatching(/^The note contains a character that cannot be stored/) });
		expect(await jsonInput(request('application/json; charset=utf-8', '{"status":"done","note":"Walked to school."}'), progress)).toEqual({ ok: true, value: { status: 'done', note: 'Walked to school.' } });
	});
});
