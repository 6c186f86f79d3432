// The statutory dates, on a fake server clock: closing on Thu 24 Dec 2026 in England stamps the close from
// the server's clock and sets circulation by Tue 5 Jan 2027; weeks later the dashboard says what is overdue.
import { expect, test } from '@playwright/test';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { addAction, planText, userOrigin } from '../../src/lib/plan';
import { connectClient } from '../support/collab-client';
import { DEMO_PASSWORD, signIn } from './support/accounts';
import { startOnFakeClock, type FakeClockServer } from './support/fake-clock-server';
import { temporaryFolder } from '../support/test-run';

test.describe.configure({ mode: 'serial' });

// Made when the tests run, not when the file is read (the runner reads it to list the tests, too).
let dataDir = '';
let server: FakeClockServer | undefined;
test.beforeAll(() => {
	dataDir = temporaryFolder('fake-clock');
});
// Also when a test fails or times out: the server stops (as a process group) and its folder goes.
test.afterAll(async () => {
	await server?.stop();
	if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('closing on 24 Dec 2026 stamps the server clock and circulation by 5 Jan 2027; the document is frozen', async ({ playwright }) => {
	test.setTimeout(120_000);
	server = await startOnFakeClock('2026-12-24 15:00:00', path.join(dataDir, 'data'));
	const chair = await playwright.request.newContext({ baseURL: server.url });
	expect((await chair.post('/login', { form: { email: 'chair@demo.test', password: DEMO_PASSWORD }, maxRedirects: 0 })).status()).toBe(303);
	const [meeting] = await (await chair.get('/api/meetings')).json();
	const action = (name: string) => chair.post(`/meetings/${meeting.id}?/${name}`, { form: {}, maxRedirects: 0 });
	expect((await action('open')).status()).toBe(200);

	// An action due before the minutes will have gone out, left undone.
	const token = (await chair.storageState()).cookies.find((c) => c.name === 'session')!.value;
	const client = connectClient(server.url, meeting.id, token);
	await client.synced;
	addAction(client.doc, { what: 'Arrange a dental check-up', due: '2027-01-08' }, userOrigin('chair'));
	planText(client.doc, 'concerns')!.insert(0, 'Missed health appointments.');
	await expect.poll(async () => (await (await chair.get(`/api/meetings/${meeting.id}`)).json()).plan.actions.length).toBe(1);

	expect((await action('close')).status()).toBe(200);
	const record = await (await chair.get(`/api/meetings/${meeting.id}`)).json();
	expect(record.status).toBe('closed');
	expect(record.closedAt.startsWith('2026-12-24T15:0')).toBe(true);
	expect(record.circulateBy).toBe('2027-01-05');
	// The written record says the same, in words.
	const written = await (await chair.get(`/meetings/${meeting.id}/record`)).text();
	expect(written).toContain('Thu 24 Dec 2026');
	expect(written).toContain('Tue 5 Jan 2027');

	// A later edit to the closed meeting's document is refused and never stored.
	planText(client.doc, 'concerns')!.insert(0, 'Too late. ');
	expect((await client.closed).code).toBe(4409);
	client.destroy();
	const after = await (await chair.get(`/api/meetings/${meeting.id}`)).json();
	expect(after.plan.concerns).toBe('Missed health appointments.');
	await chair.dispose();
	await server.stop();
	server = undefined;
});

test('weeks later the dashboard shows the overdue circulation and the overdue action, in words', async ({ browser }) => {
	test.setTimeout(120_000);
	await server?.stop();
	server = await startOnFakeClock('2027-01-20 10:00:00', path.join(dataDir, 'data'));
	const context = await browser.newContext({ baseURL: server.url });
	const page = await context.newPage();
	await signIn(page, 'chair');
	const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /Jamie Testcase/ }) });
	const circulation = card.getByRole('listitem').filter({ hasText: 'Minutes of' });
	await expect(circulation).toContainText('Overdue');
	await expect(circulation).toContainText(/circulation overdue by \d+ working days/);
	const overdueAction = card.getByRole('listitem').filter({ hasText: 'Arrange a dental check-up' });
	await expect(overdueAction).toContainText('Overdue');
	await expect(overdueAction).toContainText(/overdue by \d+ working days/);
	// Colour is never the only signal: the state is in the words.
	await expect(overdueAction.locator('strong')).toHaveText('Overdue:');
	await context.close();
});
