// Attendance and contribution across a case's meetings: per member, each meeting held as attended, sent
// written views, sent apologies, absent or not recorded — the latest mark holding — so absent agencies show.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attendanceAcrossMeetings } from '../../src/lib/server/between/attendance-history';
import type { Database } from '../../src/lib/server/db/client';
import { closeMeeting, openMeeting, recordAttendance, recordWrittenView } from '../../src/lib/server/meeting-facts';
import { meetingAccess, meetingsOfCase, scheduleMeeting } from '../../src/lib/server/meetings';
import { unloadRooms } from '../../server/engine';
import { testDatabases } from './support/databases';
import { seedDemoMeeting, type DemoPeople } from './support/demo-meeting';

describe.each(testDatabases)('attendance across meetings on $name', (kind) => {
	let database: Database & { drop(): Promise<void> };
	let caseId: string;
	let people: DemoPeople;

	/** Holds a meeting: opened, attendance marked by the minute-taker, written views sent, closed. */
	async function hold(meetingId: string, marks: Record<string, string[]>, views: string[]) {
		const access = async (who: string) => (await meetingAccess(database.db, people[who].user, meetingId))!;
		expect((await openMeeting(database.db, people.chair.user, await access('chair'))).ok).toBe(true);
		for (const [status, who] of Object.entries(marks)) for (const w of who) expect((await recordAttendance(database.db, people.minutes.user, await access('minutes'), { member: people[w].memberId, status })).ok).toBe(true);
		for (const w of views) {
			const meeting = (await access(w)).meeting;
			expect((await recordWrittenView(database.db, { meeting, caseId, memberId: people[w].memberId, userId: people[w].user.id, text: 'My views.', via: 'account' })).ok).toBe(true);
		}
		expect((await closeMeeting(database.db, people.chair.user, await access('chair'))).ok).toBe(true);
	}

	beforeAll(async () => {
		database = await kind.open();
		let meetingId: string;
		({ caseId, meetingId, people } = await seedDemoMeeting(database.db));
		// The school is marked absent, then present (it arrived late): the latest mark holds.
		await hold(meetingId, { absent: ['school'], present: ['chair', 'minutes', 'social.worker', 'parent', 'school'], apologies: ['health'] }, ['health']);
		const second = await scheduleMeeting(database.db, people.chair.user, caseId, { scheduledFor: new Date(Date.now() + 30 * 86_400_000), place: '' });
		await hold(second.id, { present: ['chair', 'minutes', 'social.worker'], apologies: ['parent'], absent: ['school'] }, []);
	});
	afterAll(async () => {
		unloadRooms();
		await database?.drop();
	});

	it('shows each member’s contribution to each meeting held, and how many they missed', async () => {
		const history = await attendanceAcrossMeetings(database.db, await meetingsOfCase(database.db, caseId));
		expect(history.meetings).toHaveLength(2);
		const row = (name: string) => history.members.find((m) => m.name === name)!;
		expect(row('Jo Lessonby')).toMatchObject({ agency: 'Example Primary School (demo)', meetings: ['attended', 'absent'], missed: 1 });
		expect(row('Kit Wellbeing')).toMatchObject({ meetings: ['written-views', 'not-recorded'], missed: 0 });
		expect(row('Robin Testcase')).toMatchObject({ meetings: ['attended', 'apologies'], missed: 1 });
		expect(row('Sam Caseworth').meetings).toEqual(['attended', 'attended']);
		// Observers are not expected to contribute.
		expect(history.members.find((m) => m.name === 'Ash Shadowing')).toBeUndefined();
	});
});
