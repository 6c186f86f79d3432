// When an agency's e-mail confirmation was sent, as the lead social worker types it off the e-mail: UK time,
// day first ("18/12/2026 10:00"), or the ISO forms the browser's date box and scripted clients send. The
// American order is refused in words rather than stored as another day.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '../../src/lib/server/db/client';
import { agencyConfirmations } from '../../src/lib/server/db/schema';
import { actions } from '../../src/routes/meetings/[meetingId]/+page.server';
import { testDatabases } from './support/databases';
import { seedDemoMeeting, type DemoPeople } from './support/demo-meeting';
import { postForm } from './support/form-action';
import { startLiveServer, type LiveServer } from './support/live-server';

describe.each(testDatabases)('the time an agency’s e-mail was sent, on $name', (kind) => {
	let database: Database & { drop(): Promise<void> };
	let server: LiveServer;
	let meetingId: string;
	let people: DemoPeople;

	const post = (action: keyof typeof actions, who: string, fields: Record<string, string> = {}) =>
		postForm(actions[action], { db: database.db, user: people[who].user, params: { meetingId }, url: `http://localhost:3000/meetings/${meetingId}`, fields });
	const confirm = (emailSentAt: string) =>
		post('confirmByEmail', 'social.worker', { member: people.health.memberId, emailSentAt, emailText: 'The health visiting team accepts its actions.' });
	const stored = async () =>
		(await database.db.select({ emailSentAt: agencyConfirmations.emailSentAt }).from(agencyConfirmations).where(eq(agencyConfirmations.meetingId, meetingId))).map(
			(r) => r.emailSentAt
		);

	beforeAll(async () => {
		database = await kind.open();
		({ meetingId, people } = await seedDemoMeeting(database.db));
		server = await startLiveServer(database.db);
		expect((await post('open', 'chair')).status).toBe(200);
	});
	afterAll(async () => {
		await server?.close();
		await database?.drop();
	});

	it('reads a time typed day first as UK time, and still takes the ISO forms', async () => {
		expect((await confirm('18/12/2026 10:00')).status).toBe(200);
		// The old date box's local form, in British Summer Time: 10:00 in London is 09:00 UTC.
		expect((await confirm('2026-06-18T10:00')).status).toBe(200);
		expect((await confirm('2026-11-26T09:30:00Z')).status).toBe(200);
		expect(await stored()).toEqual(['2026-12-18T10:00:00.000Z', '2026-06-18T09:00:00.000Z', '2026-11-26T09:30:00.000Z']);
	});

	it('refuses the month first in words, and stores nothing', async () => {
		const before = (await stored()).length;
		const answer = await confirm('12/18/2026 10:00');
		expect(answer.status).toBe(400);
		expect(answer.data.message).toBe('“12/18/2026 10:00” is not a date and time we can read. Write the day first, then the time: for example, 18/12/2026 10:00.');
		expect((await confirm('')).status).toBe(400);
		expect(await stored()).toHaveLength(before);
	});
});
