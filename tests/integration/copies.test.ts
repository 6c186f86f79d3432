// The copies for the family and the child, read back as their readers get them: a meeting held live and closed,
// then each copy shaped, rendered as the page renders it and drawn as a PDF (read with poppler's pdftotext),
// in English and in Welsh. Circulation sends each member the copy meant for them, in their language.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawnSync } from 'node:child_process';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { simpleParser } from 'mailparser';
import path from 'node:path';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import { render } from 'svelte/server';
import CopyView from '../../src/lib/components/copies/CopyView.svelte';
import WrittenRecordView from '../../src/lib/components/record/WrittenRecordView.svelte';
import { readWrittenRecord } from '../../src/lib/server/written-record/read';
import { writtenRecordIn } from '../../src/lib/server/written-record/store';
import { addAction, addOutcome, setPlanText, userOrigin } from '../../src/lib/plan';
import type { Database } from '../../src/lib/server/db/client';
import { meetings, memberships, users } from '../../src/lib/server/db/schema';
import { loadPolicy, saveComplaintsContact } from '../../src/lib/server/policy';
import { circulateRecord } from '../../src/lib/server/circulation';
import { outboxConfig } from '../../src/lib/server/outbox';
import { closeMeeting, openMeeting, recordDisagreement, reflectDisagreement } from '../../src/lib/server/meeting-facts';
import { meetingRecord } from '../../src/lib/server/meeting-record';
import { withMeetingDocument } from '../../src/lib/server/meeting-document';
import { signPlan } from '../../src/lib/server/meeting-signatures';
import { meetingAccess } from '../../src/lib/server/meetings';
import { shapeChildCopy } from '../../src/lib/server/written-record/child-copy';
import type { CopyDocument } from '../../src/lib/server/written-record/copies';
import { shapeFamilyCopy } from '../../src/lib/server/written-record/family-copy';
import { readCopySource } from '../../src/lib/server/written-record/copies-read';
import { closePdfPool, makeCopyPdf } from '../../src/lib/server/written-record/pdf-pool';
import { connectClient, eventually, type CollabClient } from '../support/collab-client';
import { englishPhrasesOf } from '../support/english-phrases';
import { testDatabases } from './support/databases';
import { seedDemoMeeting, shownPlanHash, type DemoPeople } from './support/demo-meeting';
import { sessionTokenOf, startLiveServer, type LiveServer } from './support/live-server';

const run = promisify(execFile);
const hasPdftotext = !spawnSync('pdftotext', ['-v']).error;
if (!hasPdftotext) console.warn('copies: pdftotext not installed (apt-get install poppler-utils): the PDF text checks are skipped.');

const PARENT_ACTION = 'Walk Jamie to school each morning.';
const CONTINGENCY = 'If attendance has not improved by the review, the chair asks for an early review conference.';
const CHILD_WORDS = 'I like my teacher. I want to stay at this school.';
const COMPLAINTS = 'Complaints Team, Children’s Services, Anytown Council';

/** The text a reader sees on the page: the copy rendered by its component, tags removed. */
function pageText(copy: CopyDocument): { html: string; text: string } {
	return textOf(render(CopyView, { props: { copy } }).body);
}

function textOf(body: string): { html: string; text: string } {
	const text = body
		.replace(/<!--.*?-->/gs, '')
		.replace(/<[^>]+>/g, ' ')
		.replace(/&#39;|&apos;/g, "'")
		.replace(/&quot;/g, '"')
		.replace(/&amp;/g, '&')
		.replace(/\s+/g, ' ')
		.trim();
	return { html: body, text };
}

describe.each(testDatabases)('the copies for the family and the child on $name', (kind) => {
	let database: Database & { drop(): Promise<void> };
	let server: LiveServer;
	let meetingId: string;
	let work: string;
	const people: DemoPeople = {};
	const clients: CollabClient[] = [];
	const access = async (who: string) => (await meetingAccess(database.db, people[who].user, meetingId))!;
	const meeting = async () => (await database.db.select().from(meetings).where(eq(meetings.id, meetingId)))[0];
	const ok = <T extends { ok: boolean }>(result: T): Extract<T, { ok: true }> => {
		if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result)}`);
		return result as Extract<T, { ok: true }>;
	};
	const source = async () => readCopySource(database.db, await access('parent'), (id, use) => withMeetingDocument(database.db, id, use));
	async function pdfText(copy: CopyDocument, name: string): Promise<string> {
		const { pdf } = await makeCopyPdf(copy);
		const file = path.join(work, `${name}.pdf`);
		await writeFile(file, pdf);
		const { stdout } = await run('pdftotext', ['-layout', file, '-']);
		return stdout.replace(/\s+/g, ' ');
	}

	beforeAll(async () => {
		database = await kind.open();
		// Kept for a person to look at (git-ignored), one folder per database.
		work = path.resolve('tests/integration/output/copies', kind.name);
		await mkdir(work, { recursive: true });
		let demo: DemoPeople;
		({ meetingId, people: demo } = await seedDemoMeeting(database.db));
		Object.assign(people, demo);
		server = await startLiveServer(database.db);

		ok(await openMeeting(database.db, people.chair.user, await access('chair')));
		const chair = connectClient(server.url, meetingId, await sessionTokenOf(database.db, 'chair@demo.test'));
		clients.push(chair);
		await chair.synced;
		const me = userOrigin(people.chair.memberId);
		setPlanText(chair.doc, 'concerns', 'Jamie has missed fourteen school days this term and has arrived hungry.', me);
		const outcome = addOutcome(chair.doc, { text: 'Jamie attends school every day.', measure: 'Attendance above 95% on the register.', by: '2027-01-29' }, me);
		addAction(chair.doc, { what: PARENT_ACTION, why: 'So that Jamie arrives on time.', owner: people.parent.memberId, due: '2026-12-11', outcome, contact: 'The school rings by 9:30 if Jamie is absent.', status: 'in-progress' }, me);
		addAction(chair.doc, { what: 'Visit Jamie at home every two weeks.', why: 'To see how Jamie is.', owner: people['social.worker'].memberId, due: '2027-01-29', outcome, contact: 'Every two weeks, by phone first.', status: 'not-started' }, me);
		setPlanText(chair.doc, 'nonNegotiables', 'Jamie must not be left alone at home overnight.', me);
		setPlanText(chair.doc, 'contingency', CONTINGENCY, me);
		setPlanText(chair.doc, 'childViews', CHILD_WORDS, me);
		setPlanText(chair.doc, 'familyViews', 'Robin agrees with the plan apart from the contingency.', me);
		await eventually(async () => (await meetingRecord(database.db, await meeting())).plan.actions?.length === 2, 3000, 'the plan in the record');

		const disagreement = ok(await recordDisagreement(database.db, people.parent.user, await access('parent'), { about: 'contingency', position: 'Jamie should not go to stay with the grandmother.', reason: 'Her grandmother lives two hours away from the school.' }));
		ok(await reflectDisagreement(database.db, people['social.worker'].user, await access('social.worker'), { id: disagreement.id, reflected: 'Not accepted: no family member nearer the school can care for Jamie.', accepted: 'no' }));
		ok(
			await signPlan(database.db, people['social.worker'].user, await access('social.worker'), {
				planHash: await shownPlanHash(database.db, meetingId),
				method: 'typed',
				typedName: 'Robin Testcase',
				member: people.parent.memberId,
				interpreter: 'Anna Nowak, Polish'
			})
		);
		ok(await closeMeeting(database.db, people.chair.user, await access('chair')));
	});
	afterAll(async () => {
		for (const c of clients) c.destroy();
		await closePdfPool();
		await server?.close();
		await database?.drop();
	});

	it('the family copy says what the parent will do, what happens if things do not change, how to complain, and when the next meeting is', async () => {
		const copy = shapeFamilyCopy(await source(), 'en');
		const next = copy.sections.find((s) => s.id === 'next')!.blocks[0][0].text;
		expect(next).toMatch(/^The next core group meeting will be by \w{3} \d{1,2} \w{3} \d{4}\.$/);
		const { text } = pageText(copy);
		// The parent's own actions come before any agency's.
		expect(text.indexOf(PARENT_ACTION)).toBeGreaterThan(-1);
		expect(text.indexOf(PARENT_ACTION)).toBeLessThan(text.indexOf('Visit Jamie at home every two weeks.'));
		expect(text).toContain('Robin Testcase will: Walk Jamie to school each morning.');
		expect(text).toContain(CONTINGENCY);
		expect(text).toContain('You have the right to complain.');
		expect(text).toContain(COMPLAINTS);
		expect(text).toContain('Your view was not accepted. You can complain about this.');
		expect(text).toContain('An interpreter helped at the meeting: Anna Nowak, Polish.');
		expect(text).toContain(next);
		if (!hasPdftotext) return;
		const pdf = await pdfText(copy, 'family-en');
		for (const phrase of [PARENT_ACTION, CONTINGENCY, 'You have the right to complain.', 'Complaints Team', next]) expect(pdf).toContain(phrase);
	});

	it('the easy-read family copy puts one idea on each line, with a picture for each section', async () => {
		const copy = shapeFamilyCopy(await source(), 'en', 'easy-read');
		const contingency = copy.sections.find((s) => s.id === 'contingency')!;
		expect(contingency.blocks[0].map((l) => l.text)).toEqual(['If things do not get better, this is what will happen:', CONTINGENCY]);
		expect(copy.sections.find((s) => s.id === 'rules')!.icon).toBe('rules');
		const { html } = pageText(copy);
		// Each picture is decoration beside the heading that says the same.
		expect((html.match(/<svg[^>]*aria-hidden="true"/g) ?? []).length).toBe(copy.sections.length);
		expect(html).toMatch(/<strong class="key[^"]*">By:<\/strong>/);
		if (!hasPdftotext) return;
		expect(await pdfText(copy, 'family-easy-read')).toContain(CONTINGENCY);
	});

	it('the child’s copy opens with the child’s own words', async () => {
		const copy = shapeChildCopy(await source(), 'en');
		expect(copy.sections[0].id).toBe('words');
		const { text } = pageText(copy);
		const afterTitle = text.slice(text.indexOf(copy.title) + copy.title.length).trim();
		expect(afterTitle.startsWith('What you told us I like my teacher.')).toBe(true);
		expect(text).toContain('Sam Caseworth: Visit Jamie at home every two weeks.');
		if (!hasPdftotext) return;
		const pdf = await pdfText(copy, 'child-en');
		const words = pdf.indexOf('I like my teacher.');
		expect(words).toBeGreaterThan(-1);
		expect(words).toBeLessThan(pdf.indexOf('The grown-ups who help you'));
	});

	it('the Welsh copies are wholly in Welsh but for what was typed at the meeting', async () => {
		const english = englishPhrasesOf('cy');
		for (const copy of [shapeFamilyCopy(await source(), 'cy'), shapeFamilyCopy(await source(), 'cy', 'easy-read'), shapeChildCopy(await source(), 'cy')]) {
			expect(copy.lang).toBe('cy');
			const { html, text } = pageText(copy);
			expect(html).toContain('lang="cy"');
			expect(english.filter((p) => text.includes(p))).toEqual([]);
			expect(text).toContain(copy.kind === 'family' ? 'Mae gennych chi’r hawl i gwyno.'.replace('’', "'") : 'Beth ddywedaist ti wrthym');
			if (!hasPdftotext) continue;
			const pdf = await pdfText(copy, `${copy.kind}-cy`);
			expect(english.filter((p) => pdf.includes(p))).toEqual([]);
			expect(pdf).toContain(copy.kind === 'family' ? CONTINGENCY : 'I like my teacher.');
		}
	});

	it('gives the complaints contact the authority sets in its local policy, and refuses an empty one', async () => {
		const [admin] = await database.db.select().from(users).where(eq(users.email, 'admin@demo.test'));
		expect(await saveComplaintsContact(database.db, admin, '   ')).toMatchObject({ ok: false });
		ok(await saveComplaintsContact(database.db, admin, 'Customer Feedback Team\nPO Box 12, Anytown AT1 9ZZ\n01632 960 123'));
		expect((await loadPolicy(database.db)).complaintsContact).toBe('Customer Feedback Team\nPO Box 12, Anytown AT1 9ZZ\n01632 960 123');
		const { text } = pageText(shapeFamilyCopy(await source(), 'en'));
		expect(text).toContain('To complain, contact: Customer Feedback Team PO Box 12, Anytown AT1 9ZZ 01632 960 123');
	});

	it('the professional record reads in Welsh too, on the page and in its PDF, with what was typed as written', async () => {
		const english = englishPhrasesOf('cy');
		const record = await readWrittenRecord(database.db, await access('chair'), (id, use) => withMeetingDocument(database.db, id, use), 'inline', 'cy');
		const { text } = textOf(render(WrittenRecordView, { props: { record } }).body);
		expect(text).toContain('Y Cynllun Amddiffyn Plant');
		expect(text).toContain(CONTINGENCY);
		expect(english.filter((p) => text.includes(p))).toEqual([]);
		const made = await writtenRecordIn(database.db, meetingId, 'cy');
		if (!made.ok) throw new Error(made.message);
		if (!hasPdftotext) return;
		const file = path.join(work, 'record-cy.pdf');
		await writeFile(file, made.pdf);
		const { stdout } = await run('pdftotext', [file, '-']);
		const pdf = stdout.replace(/\s+/g, ' ');
		expect(pdf).toContain('Tystysgrif cwblhau');
		expect(english.filter((p) => pdf.includes(p))).toEqual([]);
	});

	it('circulation sends each member the copy meant for them, in their language', async () => {
		await database.db.update(memberships).set({ language: 'cy' }).where(eq(memberships.id, people.parent.memberId));
		const dataDir = path.join(work, 'data');
		await rm(dataDir, { recursive: true, force: true });
		const outbox = outboxConfig({ DATA_DIR: dataDir });
		const result = ok(await circulateRecord(database.db, people.chair.user, await access('chair'), { outbox }));
		expect(result.failed).toEqual([]);
		const mails = await Promise.all((await readdir(outbox.outboxDir)).filter((f) => f.endsWith('.eml')).map(async (f) => simpleParser(await readFile(path.join(outbox.outboxDir, f)))));
		const to = (address: string) => mails.find((mail) => (Array.isArray(mail.to) ? mail.to[0] : mail.to)!.value[0].address === address)!;

		// The parent reads Welsh: a Welsh e-mail, their copy in Welsh, and the full record.
		const parent = to(people.parent.user.email);
		expect(parent.subject).toMatch(/^Eich copi o'r cynllun ar gyfer .+ \(DEMO-0001\)$/);
		expect(englishPhrasesOf('cy').filter((p) => parent.text!.includes(p))).toEqual([]);
		expect(parent.attachments.map((a) => a.filename)).toEqual([expect.stringMatching(/^core-group-family-copy-.+-cy\.pdf$/), expect.stringMatching(/^core-group-record-/)]);
		if (hasPdftotext) {
			const file = path.join(work, 'circulated-family-cy.pdf');
			await writeFile(file, parent.attachments[0].content);
			const { stdout } = await run('pdftotext', [file, '-']);
			expect(stdout.replace(/\s+/g, ' ')).toContain("Mae gennych chi'r hawl i gwyno.");
		}
		// The lead social worker: the record, and the child's copy to give and explain.
		const lead = to(people['social.worker'].user.email);
		expect(lead.text).toContain('Please give it to Jamie');
		expect(lead.attachments.map((a) => a.filename)).toEqual([expect.stringMatching(/^core-group-child-copy-/), expect.stringMatching(/^core-group-record-/)]);
		// A professional: the record alone, in English.
		const school = to(people.school.user.email);
		expect(school.subject).toMatch(/^Core group meeting of .+: written agreement and minutes \(DEMO-0001\)$/);
		expect(school.attachments).toHaveLength(1);
	});
});
