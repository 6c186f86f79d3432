// The public surface as a script sees it: POST /login, then the JSON API — and who is refused.
import { expect, test, type APIRequestContext } from '@playwright/test';
import { DEMO_PASSWORD } from './support/accounts';

async function signInByForm(request: APIRequestContext, email: string, password = DEMO_PASSWORD) {
	return request.post('/login', { form: { email, password }, maxRedirects: 0 });
}

test('without a session the API answers 401', async ({ request }) => {
	const response = await request.get('/api/meetings');
	expect(response.status()).toBe(401);
	expect((await response.json()).message).toMatch(/sign in/i);
});

test('the chair signs in through POST /login and the API lists the demo meeting', async ({ playwright, baseURL }) => {
	const request = await playwright.request.newContext({ baseURL });
	const login = await signInByForm(request, 'chair@demo.test');
	expect(login.status()).toBe(303);
	const cookie = login.headers()['set-cookie'];
	expect(cookie).toMatch(/session=/);
	expect(cookie).toMatch(/HttpOnly/i);
	expect(cookie).toMatch(/SameSite=Lax/i);

	const list = await request.get('/api/meetings');
	expect(list.status()).toBe(200);
	const meetings = await list.json();
	expect(meetings.length).toBeGreaterThanOrEqual(1);
	for (const m of meetings) expect(Object.keys(m)).toEqual(expect.arrayContaining(['id', 'caseId', 'status', 'scheduledFor', 'closedAt', 'circulateBy']));
	expect(meetings[0].status).toBe('scheduled');

	const one = await request.get(`/api/meetings/${meetings[0].id}`);
	expect(one.status()).toBe(200);
	const record = await one.json();
	expect(record.id).toBe(meetings[0].id);
	expect(record.plan).toMatchObject({ concerns: '', needs: [], outcomes: [], actions: [] });
	expect(record.planHash).toMatch(/^[0-9a-f]{64}$/);
	expect(record.signatures).toEqual([]);
	// Who the member ids are: the core group, without e-mail addresses or phone numbers.
	expect(record.members).toContainEqual({ id: expect.any(String), name: 'Robin Testcase', role: 'family', agency: 'Family', relationship: 'Parent', language: 'en' });
	for (const m of record.members) expect(Object.keys(m).sort()).toEqual(['agency', 'id', 'language', 'name', 'relationship', 'role']);
	await request.dispose();
});

test('a member of another case gets 404 for the demo meeting, its case and its page', async ({ playwright, baseURL }) => {
	const chair = await playwright.request.newContext({ baseURL });
	await signInByForm(chair, 'chair@demo.test');
	const [demoMeeting] = await (await chair.get('/api/meetings')).json();

	const outsider = await playwright.request.newContext({ baseURL });
	expect((await signInByForm(outsider, 'outsider@demo.test')).status()).toBe(303);
	const theirs = await (await outsider.get('/api/meetings')).json();
	expect(theirs.map((m: { id: string }) => m.id)).not.toContain(demoMeeting.id);
	expect((await outsider.get(`/api/meetings/${demoMeeting.id}`)).status()).toBe(404);
	expect((await outsider.get(`/meetings/${demoMeeting.id}`)).status()).toBe(404);
	expect((await outsider.get(`/cases/${demoMeeting.caseId}`)).status()).toBe(404);
	expect((await outsider.get(`/cases/${demoMeeting.caseId}/core-group`)).status()).toBe(404);
	await chair.dispose();
	await outsider.dispose();
});

test('a wrong password and an unknown account get the same answer', async ({ request }) => {
	const wrong = await signInByForm(request, 'chair@demo.test', 'not the password');
	const unknown = await signInByForm(request, 'nobody@demo.test', 'not the password');
	expect(wrong.status()).toBe(400);
	expect(unknown.status()).toBe(400);
	expect(wrong.headers()['set-cookie']).toBeUndefined();
	const message = 'That e-mail address and password do not match';
	expect(await wrong.text()).toContain(message);
	expect(await unknown.text()).toContain(message);
});

test('signing out ends the session in the database, not just in the browser', async ({ playwright, baseURL }) => {
	const request = await playwright.request.newContext({ baseURL });
	const login = await signInByForm(request, 'minutes@demo.test');
	const token = /session=([^;]+)/.exec(login.headers()['set-cookie'])![1];
	expect((await request.post('/logout', { maxRedirects: 0 })).status()).toBe(303);

	// Replaying the old cookie after sign-out must not work.
	const replay = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { cookie: `session=${token}` } });
	expect((await replay.get('/api/meetings')).status()).toBe(401);
	await request.dispose();
	await replay.dispose();
});

test('a form post another site makes a browser send is refused', async ({ request }) => {
	const response = await request.post('/login', {
		form: { email: 'chair@demo.test', password: DEMO_PASSWORD },
		headers: { 'sec-fetch-site': 'cross-site', origin: 'https://elsewhere.example' },
		maxRedirects: 0
	});
	expect(response.status()).toBe(403);
	expect(response.headers()['set-cookie']).toBeUndefined();
});
