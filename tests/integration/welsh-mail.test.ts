// Each e-mail in its reader's language: a member who reads Welsh gets the reminder, the invitation and the
// password link in Welsh (subject and body from the catalogues), a member who reads English gets the same
// e-mails in English, word for word as before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { addAction, addOutcome, serverOrigin } from '../../src/lib/plan';
import type { Database } from '../../src/lib/server/db/client';
import { memberships } from '../../src/lib/server/db/schema';
import { addMember } from '../../src/lib/server/cases';
import { runReminders } from '../../src/lib/server/between/reminders';
import { requestPasswordReset } from '../../src/lib/server/accounts/password-reset';
import { closeMeeting, openMeeting } from '../../src/lib/server/meeting-facts';
import { withRoom } from '../../src/lib/server/meeting-document';
import { meetingAccess } from '../../src/lib/server/meetings';
import { outboxConfig } from '../../src/lib/server/outbox';
import { unloadRooms } from '../../server/engine';
import { testDatabases } from './support/databases';
import { seedDemoMeeting, type DemoPeople } from './support/demo-meeting';
import { temporaryOutbox, type TemporaryOutbox } from './support/outbox';

const ORIGIN = 'https://core-group.example';

/** Words every English e-mail has and a Welsh one must not. */
const ENGLISH = /\bDear\b|\bThe action\b|\bcore group\b|\bnew password\b|\bthis link\b|^Core Group$/m;

describe.each(testDatabases)('e-mails in the reader’s language on $name', (kind) => {
	let database: Database & { drop(): Promise<void> };
	let outbox: TemporaryOutbox;
	let caseId: string;
	let meetingId: string;
	let people: DemoPeople;

	beforeAll(async () => {
		database = await kind.open();
		outbox = await temporaryOutbox();
		({ caseId, meetingId, people } = await seedDemoMeeting(database.db));
		// The parent reads Welsh best; the school, English (the default).
		await database.db.update(memberships).set({ language: 'cy' }).where(eq(memberships.id, people.parent.memberId));
		const access = async () => (await meetingAccess(database.db, people.chair.user, meetingId))!;
		expect((await openMeeting(database.db, people.chair.user, await access())).ok).toBe(true);
		await withRoom(database.db, meetingId, (room) =>
			room.serverWrite((doc) => {
				const outcome = addOutcome(doc, { text: 'Jamie attends school every day.', measure: 'Over 95%.', by: '2027-02-26' }, serverOrigin);
				addAction(doc, { what: 'Ring home by 9:30 when Jamie is absent.', why: '', owner: people.school.memberId, due: '2026-12-23', outcome, contact: '', status: 'in-progress' }, serverOrigin);
				addAction(doc, { what: 'Walk Jamie to school.', why: '', owner: people.parent.memberId, due: '2026-12-23', outcome, contact: '', status: 'in-progress' }, serverOrigin);
			})
		);
		expect((await closeMeeting(database.db, people.chair.user, await access())).ok).toBe(true);
	});
	afterAll(async () => {
		unloadRooms();
		await database?.drop();
		await outbox?.remove();
	});

	it('reminds a Welsh-speaking owner in Welsh and an English-speaking one in English', async () => {
		// Monday 21 December: two working days before both actions are due.
		await runReminders(database.db, { now: new Date('2026-12-21T10:00:00Z'), outbox: outboxConfig(), origin: ORIGIN });

		const [welsh] = (await outbox.to('parent@demo.test')).filter((m) => m.subject.startsWith('Nodyn atgoffa'));
		expect(welsh.subject).toBe('Nodyn atgoffa: mae cam gweithredu i’w wneud erbyn Mer 23 Rhag 2026 (achos DEMO-0001)');
		expect(welsh.text).toContain('Annwyl Robin Testcase,');
		expect(welsh.text).toContain('Mae’r cam gweithredu “Walk Jamie to school.” yn y cynllun ar gyfer achos DEMO-0001 i’w wneud erbyn Mer 23 Rhag 2026. Ei statws: ar y gweill.');
		expect(welsh.text).toContain(`${ORIGIN}/my-actions`);
		expect(welsh.text).toContain('Grŵp Craidd');
		expect(welsh.text).not.toMatch(ENGLISH);

		const [english] = (await outbox.to('school@demo.test')).filter((m) => m.subject.startsWith('Reminder'));
		expect(english.subject).toBe('Reminder: an action is due on Wed 23 Dec 2026 (case DEMO-0001)');
		expect(english.text).toContain('The action “Ring home by 9:30 when Jamie is absent.” in the plan for case DEMO-0001 is due on Wed 23 Dec 2026. It is in progress.');
		expect(english.text).not.toContain('Annwyl');
	});

	it('invites someone in the language of the membership being made', async () => {
		const invite = (email: string, name: string, language: string) =>
			addMember(database.db, people.chair.user, caseId, { email, name, role: 'professional', agency: 'Youth service (demo)', relationship: 'Youth worker', phone: '', language }, { origin: ORIGIN });

		expect((await invite('welsh.youth.worker@demo.test', 'Morgan Demo', 'cy')).ok).toBe(true);
		const [welsh] = await outbox.to('welsh.youth.worker@demo.test');
		expect(welsh.subject).toBe('Rydych chi wedi cael eich ychwanegu at grŵp craidd: gosodwch eich cyfrinair');
		expect(welsh.text).toContain('Annwyl Morgan Demo,');
		expect(welsh.text).toContain(`${ORIGIN}/set-password/`);
		expect(welsh.text).not.toMatch(ENGLISH);

		expect((await invite('english.youth.worker@demo.test', 'Alex Demo', 'en')).ok).toBe(true);
		const [english] = await outbox.to('english.youth.worker@demo.test');
		expect(english.subject).toBe('You have been added to a core group: set your password');
		expect(english.text).toContain('Dear Alex Demo,');
	});

	it('sends a forgotten-password link in the language of the account’s owner', async () => {
		for (const email of ['parent@demo.test', 'school@demo.test']) {
			const asked = await requestPasswordReset(database.db, { email, address: '203.0.113.9', origin: ORIGIN, outbox: outboxConfig() });
			expect(asked.ok).toBe(true);
			if (asked.ok) await asked.delivery;
		}
		const [welsh] = (await outbox.to('parent@demo.test')).filter((m) => m.text.includes('/set-password/'));
		expect(welsh.subject).toBe('Gosod cyfrinair newydd ar gyfer Grŵp Craidd');
		expect(welsh.text).not.toMatch(ENGLISH);
		const [english] = (await outbox.to('school@demo.test')).filter((m) => m.text.includes('/set-password/'));
		expect(english.subject).toBe('Set a new password for Core Group');
	});
});
