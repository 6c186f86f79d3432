// Signs the demo accounts in over the public surface (POST /login) and lists the meetings they may see.

/** Demo accounts that may write `plan.*` and `minutes.*` (DESIGN §4 rule 2). */
export const WRITING_ACCOUNTS = [
	'chair@demo.test',
	'minutes@demo.test',
	'social.worker@demo.test',
	'school@demo.test',
	'health@demo.test'
];

const DEMO_PASSWORD = process.env.DEMO_PASSWORD || 'demo-password';

export interface MeetingSummary {
	id: string;
	caseId: string;
	status: string;
}

/** Returns the `session=…` cookie of a fresh session for this account. */
export async function signIn(httpUrl: string, email: string): Promise<string> {
	const response = await fetch(`${httpUrl}/login`, {
		method: 'POST',
		// SvelteKit refuses cross-site form posts: say we come from the app itself.
		headers: { origin: httpUrl, 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ email, password: DEMO_PASSWORD }),
		redirect: 'manual'
	});
	const session = response.headers
		.getSetCookie()
		.map((cookie) => cookie.split(';')[0])
		.find((pair) => pair.startsWith('session='));
	if (response.status !== 303 || !session) {
		throw new Error(`Sign-in as ${email} answered ${response.status} without a session cookie: ${(await response.text()).slice(0, 200)}`);
	}
	return session;
}

export async function listMeetings(httpUrl: string, cookie: string): Promise<MeetingSummary[]> {
	const response = await fetch(`${httpUrl}/api/meetings`, { headers: { cookie } });
	if (!response.ok) throw new Error(`GET /api/meetings answered ${response.status}.`);
	return (await response.json()) as MeetingSummary[];
}
