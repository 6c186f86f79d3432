// The meeting page's form actions as the public surface: each checks the caller's role on the server, and
// a refusal is a 4xx with a clear message that leaves the record unchanged.
import { expect, test } from '@playwright/test';
import { apiAs, postAction, scheduleFreshMeeting } from './support/forms';

test('a parent calling ?/close or ?/attendance is refused and nothing changes', async ({ playwright, baseURL }) => {
	const meetingId = await scheduleFreshMeeting(playwright, baseURL);
	const parent = await apiAs(playwright, baseURL, 'parent');
	const before = await (await parent.get(`/api/meetings/${meetingId}`)).json();

	const close = await postAction(parent, `/meetings/${meetingId}?/close`, {});
	expect(close).toMatchObject({ type: 'failure', status: 403, data: { message: 'Only the chair can close the meeting.' } });
	const attendance = await postAction(parent, `/meetings/${meetingId}?/attendance`, { member: before.id, status: 'present' });
	expect(attendance).toMatchObject({ type: 'failure', status: 403, data: { message: expect.stringMatching(/chair or the minute-taker/) } });

	const after = await (await parent.get(`/api/meetings/${meetingId}`)).json();
	expect(after.status).toBe('scheduled');
	expect(after.attendance).toEqual(before.attendance);
	await parent.dispose();
});

test('a disagreement with a blank reason is refused with a clear message; with a reason it is recorded', async ({ playwright, baseURL }) => {
	const meetingId = await scheduleFreshMeeting(playwright, baseURL);
	const parent = await apiAs(playwright, baseURL, 'parent');
	const blank = await postAction(parent, `/meetings/${meetingId}?/disagree`, { about: 'contingency', position: 'We disagree', reason: ' ' });
	expect(blank).toMatchObject({ type: 'failure', status: 400, data: { message: expect.stringMatching(/reason/i) } });
	expect((await (await parent.get(`/api/meetings/${meetingId}`)).json()).disagreements).toEqual([]);

	const ok = await postAction(parent, `/meetings/${meetingId}?/disagree`, { about: 'contingency', position: 'We disagree', reason: 'Grandmother lives too far from school.' });
	expect(ok.type).toBe('success');
	const record = await (await parent.get(`/api/meetings/${meetingId}`)).json();
	expect(record.disagreements).toHaveLength(1);
	expect(record.disagreements[0]).toMatchObject({ about: 'contingency', reason: 'Grandmother lives too far from school.', reflected: null });
	await parent.dispose();
});

test('written views through a one-time link work once; a used or unknown link is refused', async ({ playwright, baseURL }) => {
	const meetingId = await scheduleFreshMeeting(playwright, baseURL);
	const chair = await apiAs(playwright, baseURL, 'chair');
	const group = (await (await chair.get(`/api/meetings/${meetingId}`)).json()) as { id: string };
	expect(group.id).toBe(meetingId);
	// The health visitor's membership id, from the meeting page's data.
	const page = await chair.get(`/meetings/${meetingId}/__data.json`);
	const healthMember = /"([0-9a-f-]{36})","Kit Wellbeing"/.exec(await page.text())?.[1];
	expect(healthMember).toBeDefined();
	const created = await postAction(chair, `/meetings/${meetingId}?/viewLink`, { member: healthMember! });
	expect(created.type).toBe('success');
	const link = new URL(String(created.data.link));

	const anonymous = await playwright.request.newContext({ baseURL });
	const sent = await anonymous.post(link.pathname + link.search, { form: { text: 'Weight is up; attendance at clinic good.' }, maxRedirects: 0 });
	expect(sent.status()).toBe(200);
	expect(await sent.text()).toContain('Your views have been received');
	const again = await anonymous.post(link.pathname + link.search, { form: { text: 'A second try' }, maxRedirects: 0 });
	expect(again.status()).toBe(410);
	expect(await again.text()).toContain('expired or has already been used');
	const forged = await anonymous.post(`/meetings/${meetingId}/views?link=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa`, { form: { text: 'Forged' }, maxRedirects: 0 });
	expect(forged.status()).toBe(410);

	const record = await (await chair.get(`/api/meetings/${meetingId}`)).json();
	expect(record.views).toHaveLength(1);
	expect(record.views[0]).toMatchObject({ member: healthMember, text: 'Weight is up; attendance at clinic good.' });
	await chair.dispose();
	await anonymous.dispose();
});

test('the chair opens and closes a meeting; the record shows server stamps and the circulation date', async ({ playwright, baseURL }) => {
	const meetingId = await scheduleFreshMeeting(playwright, baseURL);
	const chair = await apiAs(playwright, baseURL, 'chair');
	expect((await postAction(chair, `/meetings/${meetingId}?/open`, {})).type).toBe('success');
	expect((await postAction(chair, `/meetings/${meetingId}?/close`, {})).type).toBe('success');
	const record = await (await chair.get(`/api/meetings/${meetingId}`)).json();
	expect(record.status).toBe('closed');
	expect(Date.parse(record.closedAt)).toBeGreaterThan(Date.parse(record.openedAt) - 1);
	expect(record.circulateBy).toMatch(/^\d{4}-\d{2}-\d{2}$/);
	expect((await postAction(chair, `/meetings/${meetingId}?/close`, {})).status).toBe(409);
	await chair.dispose();
});
