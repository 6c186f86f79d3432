// Driving the meeting page's form actions as a script would, and reading the record back through the API.
import type { APIRequestContext, APIResponse, PlaywrightWorkerArgs } from '@playwright/test';

type Playwright = PlaywrightWorkerArgs['playwright'];
import { parse } from 'devalue';
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
