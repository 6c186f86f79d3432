// Driving the meeting page's form actions as a script would, and reading the record back through the API.
import type { APIRequestContext, APIResponse, PlaywrightWorkerArgs } from '@playwright/test';

type Playwright = PlaywrightWorkerArgs['playwright'];
import { parse, unflatten } from 'devalue';
import { DEMO_PASSWORD, demoAccounts, type DemoRole } from './accounts';

export async function apiAs(playwright: Playwright, baseURL: string | undefined, role: DemoRole): Promise<APIRequestContext> {
	const request = await playwright.request.newContext({ baseURL });
	const login = await request.post('/login', { form: { email: demoAccounts[role], password: DEMO_PASSWORD }, maxRedirects: 0 });
	if (login.status() !== 303) throw new Error(`sign-in failed for ${role}: ${login.status()}`);
	return request;
}

/** Posts a form action the way the page's enhanced forms do, and decodes SvelteKit's answer. */
export async function postAction(request: APIRequestContext, path: string, form: Record<string, string>) {
	const response: APIResponse = await request.post(path, {
		form,
		headers: { 'x-sveltekit-action': 'true', accept: 'application/json' },
		maxRedirects: 0
	});
	const body = (await response.json()) as { type: string; status?: number; data?: string; location?: string };
	const data = body.data ? (parse(body.data) as Record<string, unknown>) : {};
	return { type: body.type, status: body.status ?? response.status(), data };
}

/** A fresh meeting of the demo case, scheduled by the lead social worker, so a test may change it freely. */
export async function scheduleFreshMeeting(playwright: Playwright, baseURL: string | undefined): Promise<string> {
	const worker = await apiAs(playwright, baseURL, 'socialWorker');
	const [demo] = (await (await worker.get('/api/meetings')).json()) as { caseId: string }[];
	const response = await worker.post(`/cases/${demo.caseId}/meetings/new`, {
		form: { date: '2030-06-03', time: '10:00', place: 'Test room (demo)' },
		maxRedirects: 0
	});
	const location = response.headers()['location'];
	await worker.dispose();
	const id = /\/meetings\/([0-9a-f-]{36})/.exec(location ?? '')?.[1];
	if (!id) throw new Error(`scheduling failed: ${response.status()}`);
	return id;
}

export interface MeetingMember {
	id: string;
	name: string;
	role: string;
}

/** The core group of a meeting, with membership ids, as the meeting page's own data gives it to the caller. */
export async function meetingMembers(request: APIRequestContext, meetingId: string): Promise<MeetingMember[]> {
	const body = (await (await request.get(`/meetings/${meetingId}/__data.json`)).json()) as { nodes: ({ type: string; data?: unknown[] } | null)[] };
	for (const node of body.nodes) {
		const data = node?.type === 'data' && node.data ? (unflatten(node.data) as { members?: MeetingMember[] }) : null;
		if (data?.members) return data.members;
	}
	throw new Error(`no core group in the data of meeting ${meetingId}`);
}

/** The membership id of the named member (demo names: "Robin Testcase", "Sam Caseworth", …). */
export async function memberId(request: APIRequestContext, meetingId: string, name: string): Promise<string> {
	const member = (await meetingMembers(request, meetingId)).find((m) => m.name === name);
	if (!member) throw new Error(`${name} is not in the core group of meeting ${meetingId}`);
	return member.id;
}

/** A fresh meeting, opened by the chair: every member may write their part from now (before, only those who prepare it). */
export async function openFreshMeeting(playwright: Playwright, baseURL: string | undefined): Promise<string> {
	const meetingId = await scheduleFreshMeeting(playwright, baseURL);
	const chair = await apiAs(playwright, baseURL, 'chair');
	const opened = await postAction(chair, `/meetings/${meetingId}?/open`, { reason: 'Opened early for a test of editing.' });
	await chair.dispose();
	if (opened.type !== 'success') throw new Error(`opening failed: ${JSON.stringify(opened)}`);
	return meetingId;
}
