// The pages under their Content-Security-Policy: every page a member uses loads and works with no violation
// (scripts by nonce only, the live meeting's websocket on our own host), no other site may frame them, and
// the JSON API runs nothing.
import { expect, test } from './support/accounts';
import { MeetingPage, nextMeetingUrl } from './support/meeting-page';

test('pages carry a strict policy and break none of it', async ({ signedInAs }) => {
	const page = await signedInAs('chair');
	const violations: string[] = [];
	page.on('console', (message) => {
		if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
	});

	const home = await page.goto('/');
	const policy = home!.headers()['content-security-policy'];
	expect(policy).toContain("frame-ancestors 'none'");
	expect(policy).toMatch(/script-src 'self' 'nonce-[^']+'/);
	expect(policy).not.toContain('unsafe-inline');

	const url = await nextMeetingUrl(page);
	const caseLink = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /Jamie Testcase/ }) }).getByRole('link', { name: /Jamie Testcase/ });
	await caseLink.click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Jamie Testcase');
	// The live meeting: scripts run, styles apply, the websocket connects.
	const meeting = await new MeetingPage(page).open(url);
	await expect(meeting.connection).toContainText('Connected');
	await page.goto('/login');
	expect(violations).toEqual([]);

	const api = await page.request.get('/api/meetings');
	expect(api.headers()['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
});
