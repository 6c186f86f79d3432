// One of several live-room servers on one PostgreSQL and one Redis (REDIS_URL), in a process of its own so a
// test can kill it -9. Besides the live room it records a fact (or closes the meeting, signs, or records an
// agency's e-mail confirmation) when asked (POST /facts, JSON), through the same modules as the meeting page's
// form actions: the fact is recorded through this process, and every process's room must show it once.
// Prints its port on the first line.
import { eq } from 'drizzle-orm';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDb } from '../../../src/lib/server/db/client';
import { users } from '../../../src/lib/server/db/schema';
import { meetingAccess } from '../../../src/lib/server/meetings';
import { closeMeeting, recordAttendance, recordDisagreement } from '../../../src/lib/server/meeting-facts';
import { recordAgencyConfirmation, signPlan } from '../../../src/lib/server/meeting-signatures';
import { attachCollab, createCollabServer } from '../../../server/collab';
import { installRoomEngines, roomEngineFor, stopRoomEngine } from '../../../server/engine';

if (!process.env.REDIS_URL || !process.env.DATABASE_URL) throw new Error('REDIS_URL and DATABASE_URL are needed');
const database = createDb({ url: process.env.DATABASE_URL });
installRoomEngines();

async function recordFact(body: { kind: string; email: string; meetingId: string; [key: string]: string }) {
	const [user] = await database.db.select().from(users).where(eq(users.email, body.email));
	const access = user && (await meetingAccess(database.db, user, body.meetingId));
	if (!access) return { ok: false, status: 404 };
	if (body.kind === 'close') {
		const result = await closeMeeting(database.db, user, access);
		return result.ok ? { ok: true, finalPlanHash: result.meeting.finalPlanHash } : result;
	}
	if (body.kind === 'sign') return signPlan(database.db, user, access, { method: 'typed', typedName: user.name, planHash: body.planHash });
	if (body.kind === 'confirm') return recordAgencyConfirmation(database.db, user, access, { member: body.member, emailSentAt: new Date().toISOString(), emailText: body.emailText });
	if (body.kind === 'attendance') return recordAttendance(database.db, user, access, { member: body.member, status: body.status });
	return recordDisagreement(database.db, user, access, { about: body.about, position: body.position, reason: body.reason });
}

const server = http.createServer((req, res) => {
	if (req.method !== 'POST' || req.url !== '/facts') {
		res.statusCode = 404;
		return res.end();
	}
	const chunks: Buffer[] = [];
	req.on('data', (chunk: Buffer) => chunks.push(chunk));
	req.on('end', () => {
		recordFact(JSON.parse(Buffer.concat(chunks).toString('utf8')))
			.then((result) => res.end(JSON.stringify(result)))
			.catch((error: unknown) => {
				res.statusCode = 500;
				res.end(String(error));
			});
	});
});
const collab = createCollabServer(roomEngineFor(database.db));
attachCollab(server, collab);
// A graceful stop, as `npm start` does it: the rooms are handed over, then the process ends.
process.once('SIGTERM', () => {
	void collab
		.close()
		.then(() => stopRoomEngine(database.db))
		.finally(() => process.exit(0));
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
console.log(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
