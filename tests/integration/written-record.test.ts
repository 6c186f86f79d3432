// The written record end to end: a meeting held live (plan edited over a websocket, views, disagreements,
// signatures — one of them stale), closed, its record generated and stored with the hash of its bytes,
// circulated as .eml files with the PDF attached, and the PDF itself rendered and read back with poppler.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { londonDate } from '../../src/lib/calendar';
import { circulationStatus } from '../../src/lib/circulation-status';
import { addAction, addNeed, addOutcome, readPlan, setMinutesText, setPlanText, userOrigin } from '../../src/lib/plan';
import { circulateRecord } from '../../src/lib/server/circulation';
import type { Database } from '../../src/lib/server/db/client';
import { auditLog, circulationDeliveries, circulations, disagreements, meetings, writtenRecords } from '../../src/lib/server/db/schema';
import { closeMeeting, openMeeting, recordAttendance, recordDisagreement, recordWrittenView, reflectDisagreement } from '../../src/lib/server/meeting-facts';
import { meetingRecord } from '../../src/lib/server/meeting-record';
import { signPlan } from '../../src/lib/server/meeting-signatures';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { meetingAccess } from '../../src/lib/server/meetings';
import { outboxConfig } from '../../src/lib/server/outbox';
import type { SessionUser } from '../../src/lib/server/accounts/session';
import { storedPdfInSlices } from '../../src/lib/server/written-record/pdf-response';
import { currentRecord, currentWrittenRecord, generateWrittenRecord } from '../../src/lib/server/written-record/store';
import { loadedRoomCount, unloadRooms } from '../../server/engine';
import { connectClient, eventually, type CollabClient } from '../support/collab-client';
import { drawnPngSignature, drawnSvgSignature } from '../support/signature-pictures';
import { testDatabases } from './support/databases';
import { seedDemoMeeting, shownPlanHash, type DemoPeople } from './support/demo-meeting';
import { sessionTokenOf, startLiveServer, type LiveServer } from './support/live-server';


const run = promisify(execFile);
const hasPoppler = ['pdftoppm', 'pdftotext', 'pdfimages'].every((tool) => !spawnSync(tool, ['-v']).error);
if (!hasPoppler) console.warn('written-record: pdftoppm/pdftotext/pdfimages not installed (apt-get install poppler-utils): the PDF rendering checks are skipped.');
const hasPdfsig = !spawnSync('pdfsig', ['-v']).error;
const OUTPUT = path.resolve('tests/integration/output');
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const CONCERNS = 'Jamie has missed fourteen school days this term and has arrived hungry.';
const REASON = 'Her grandmother lives two hours away from the school.';

/** Renders one page to 8-bit grey and tells what share of it is ink: a blank or black page is a broken one. */
async function inkShare(pdfFile: string, page: number): Promise<number> {
	const { stdout } = await run('pdftoppm', ['-gray', '-r', '40', '-f', String(page), '-l', String(page), pdfFile], { encoding: 'buffer', maxBuffer: 16 << 20 });
	const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(stdout.subarray(0, 40).toString('latin1'))!;
	const pixels = stdout.subarray(header[0].length);
	return pixels.filter((v) => v < 128).length / pixels.length;
}

describe.each(testDatabases)('the written record on $name', (kind) => {
	let database: Database & { drop(): Promise<void> };
	let server: LiveServer;
	let meetingId: string;
	let dataDir: string;
	const people: Record<string, { user: SessionUser; memberId: string }> = {};
	const clients: CollabClient[] = [];
	const access = async (who: string) => (await meetingAccess(database.db, people[who].user, meetingId))!;
	const meeting = async () => (await database.db.select().from(meetings).where(eq(meetings.id, meetingId)))[0];
	const ok = <T extends { ok: boolean }>(result: T): Extract<T, { ok: true }> => {
		if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result)}`);
		return result as Extract<T, { ok: true }>;
	};

	beforeAll(async () => {
		database = await kind.open();
		dataDir = await mkdtemp(path.join(tmpdir(), 'core-group-record-'));
		let demo: DemoPeople;
		({ meetingId, people: demo } = await seedDemoMeeting(database.db));
		Object.assign(people, demo);
		server = await startLiveServer(database.db);
	});
	afterAll(async () => {
		for (const c of clients) c.destroy();
		await server?.close();
		await database?.drop();
		if (dataDir) await rm(dataDir, { recursive: true, force: true });
	});

	it('refuses to make or circulate a record before the meeting has closed', async () => {
		expect(await generateWrittenRecord(database.db, people.chair.user, meetingId)).toMatchObject({ ok: false, status: 409 });
		expect(await circulateRecord(database.db, people.chair.user, await access('chair'), { outbox: outboxConfig({ DATA_DIR: dataDir }) })).toMatchObject({ ok: false, status: 409 });
		expect(await database.db.$count(writtenRecords)).toBe(0);
	});

	it('holds the meeting: a plan edited live, written views, a disagreement with its reason, and signatures', async () => {
		ok(await openMeeting(database.db, people.chair.user, await access('chair')));
		for (const [who, status] of [['chair', 'present'], ['minutes', 'present'], ['social.worker', 'present'], ['parent', 'present'], ['school', 'present'], ['health', 'apologies']] as const) {
			ok(await recordAttendance(database.db, people.minutes.user, await access('minutes'), { member: people[who].memberId, status }));
		}
		ok(await recordWrittenView(database.db, { meeting: await meeting(), caseId: (await meeting()).caseId, memberId: people.health.memberId, userId: people.health.user.id, text: 'Jamie’s weight has improved since my last visit.', via: 'account' }));

		const school = connectClient(server.url, meetingId, await sessionTokenOf(database.db, 'school@demo.test'));
		clients.push(school);
		await school.synced;
		const me = userOrigin(people.school.memberId);
		setPlanText(school.doc, 'concerns', CONCERNS, me);
		addNeed(school.doc, { text: 'To be in school every day, on time, having eaten.' }, me);
		const outcome = addOutcome(school.doc, { text: 'Jamie attends school every day.', measure: 'Attendance above 95% on the register.', by: '2027-01-29' }, me);
		addAction(school.doc, { what: 'Walk Jamie to school each morning.', why: 'So that Jamie arrives on time.', owner: people.parent.memberId, due: '2026-12-11', outcome, contact: 'Daily; the school rings by 9:30 if Jamie is absent.', status: 'in-progress' }, me);
		setPlanText(school.doc, 'contingency', 'If attendance has not improved by the review, the chair asks for an early review conference.', me);
		setPlanText(school.doc, 'childViews', 'Jamie likes their teacher and wants to stay at this school.', me);
		setMinutesText(school.doc, 'progress', 'Attendance has risen from 80% to 88%.', me);
		await eventually(async () => readPlan(school.doc).actions.length === 1 && (await meetingRecord(database.db, await meeting())).plan.actions?.length === 1, 3000, 'the plan in the record');

		const disagreement = ok(await recordDisagreement(database.db, people.parent.user, await access('parent'), { about: 'contingency', position: 'Jamie should not go to stay with the grandmother.', reason: REASON }));
		ok(await reflectDisagreement(database.db, people['social.worker'].user, await access('social.worker'), { id: disagreement.id, reflected: 'Not accepted: no family member nearer the school can care for Jamie.', accepted: 'no' }));

		// The school signs, then the plan changes: that signature is now for an earlier version.
		ok(await signPlan(database.db, people.school.user, await access('school'), { planHash: await shownPlanHash(database.db, meetingId), method: 'typed', typedName: 'Jo Lessonby' }));
		setPlanText(school.doc, 'familyViews', 'Robin agrees with the plan apart from the contingency.', me);
		await eventually(async () => (await meetingRecord(database.db, await meeting())).signatures.some((s) => s.stale), 3000, 'the school’s signature to go stale');
		ok(await signPlan(database.db, people['social.worker'].user, await access('social.worker'), { planHash: await shownPlanHash(database.db, meetingId), method: 'drawn', signature: drawnPngSignature(), member: people.parent.memberId }));
		ok(await signPlan(database.db, people.chair.user, await access('chair'), { planHash: await shownPlanHash(database.db, meetingId), method: 'drawn', signature: drawnSvgSignature() }));
		ok(await closeMeeting(database.db, people.chair.user, await access('chair')));
		expect((await meeting()).status).toBe('closed');
	});

	it('stores the generated PDF with the SHA-256 of its bytes and the final plan hash, and audits it without plan text', async () => {
		const { record } = ok(await generateWrittenRecord(database.db, people.chair.user, meetingId));
		expect(Buffer.from(record.pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
		expect(record.sha256).toBe(sha256(record.pdf));
		expect(record.planHash).toBe((await meeting()).finalPlanHash);
		const [audit] = await database.db.select().from(auditLog).where(and(eq(auditLog.action, 'record-generated'), eq(auditLog.meetingId, meetingId)));
		expect(audit.detail).toMatchObject({ recordId: record.id, sha256: record.sha256 });
		expect(JSON.stringify(audit.detail)).not.toContain('Jamie');
		// Nothing changed since: the stored copy is the current one.
		expect(ok(await currentWrittenRecord(database.db, people.chair.user, meetingId)).record.id).toBe(record.id);
	});

	it('gives a stored record without reading its PDF, and reads it from the database in parts as it is sent', async () => {
		const current = ok(await currentRecord(database.db, people.chair.user, meetingId));
		expect(current.pdf).toBeNull();
		const [stored] = await database.db.select().from(writtenRecords).where(eq(writtenRecords.id, current.record.id));
		expect(current.record.bytes).toBe(stored.pdf.byteLength);
		const parts: Uint8Array[] = [];
		const reader = storedPdfInSlices(database.db, current.record.id, current.record.bytes).getReader();
		for (let part = await reader.read(); !part.done; part = await reader.read()) parts.push(part.value);
		expect(parts.length).toBeGreaterThan(1);
		expect(Math.max(...parts.map((p) => p.byteLength))).toBeLessThanOrEqual(64 * 1024);
		const sent = Buffer.concat(parts);
		expect(sent.equals(Buffer.from(stored.pdf))).toBe(true);
		expect(sha256(sent)).toBe(current.record.sha256);
		// Kept uncompressed ('e'xternal): a part is read without decompressing the whole PDF first.
		const storage = await database.db.execute(sql`select attstorage from pg_attribute where attrelid = 'written_records'::regclass and attname = 'pdf'`);
		expect(JSON.stringify(storage)).toContain('"attstorage":"e"');
	});

	it('lets only the chair, minute-taker or lead social worker circulate', async () => {
		const outbox = outboxConfig({ DATA_DIR: dataDir });
		expect(await circulateRecord(database.db, people.parent.user, await access('parent'), { outbox })).toMatchObject({ ok: false, status: 403 });
		expect(await circulateRecord(database.db, people.school.user, await access('school'), { outbox })).toMatchObject({ ok: false, status: 403 });
		expect(await database.db.$count(circulations)).toBe(0);
	});

	it('circulates the record as an .eml file to every member, the PDF attached, and marks the meeting circulated', async () => {
		const outbox = outboxConfig({ DATA_DIR: dataDir });
		expect(outbox.outboxDir).toBe(path.join(dataDir, 'outbox'));
		const result = ok(await circulateRecord(database.db, people.minutes.user, await access('minutes'), { outbox }));
		const stored = (await database.db.select().from(writtenRecords).where(eq(writtenRecords.id, result.record.id)))[0];
		const members = Object.values(people).filter((p) => p.user.email !== 'outsider@demo.test' && p.user.email !== 'admin@demo.test');
		expect(result.sent).toHaveLength(members.length);
		expect(result.failed).toEqual([]);

		const files = (await readdir(outbox.outboxDir)).filter((f) => f.endsWith('.eml'));
		expect(files.sort()).toEqual(result.sent.map((s) => s.reference).sort());
		const recipients: string[] = [];
		for (const file of files) {
			const mail = await simpleParser(await readFile(path.join(outbox.outboxDir, file)));
			const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
			recipients.push(to!.value[0].address!);
			expect(mail.messageId).toMatch(/^<.+>$/);
			// Each is sent the copy meant for them: the parent their own copy with the record, the lead social
			// worker the record with the child's copy to give, everyone else the record.
			const who = to!.value[0].address!.split('@')[0];
			const copies = { parent: /^core-group-family-copy-DEMO-0001-\d{4}-\d{2}-\d{2}-en\.pdf$/, 'social.worker': /^core-group-child-copy-DEMO-0001-\d{4}-\d{2}-\d{2}-(en|cy)\.pdf$/ }[who];
			if (who === 'parent') {
				expect(mail.subject).toMatch(/^Your copy of the plan for .+: core group meeting of .+ \(DEMO-0001\)$/);
				expect(mail.text).toContain('The full written agreement and minutes of the meeting are attached too.');
				expect(mail.text).toContain('You also have the right to complain');
			} else {
				expect(mail.subject).toMatch(/^Core group meeting of .+: written agreement and minutes \(DEMO-0001\)$/);
				expect(mail.text).toContain('The Child Protection Plan agreed at the meeting is in the attached PDF.');
			}
			expect(mail.text).toMatch(/easy-read copy/);
			// The plan travels only as the attachment.
			expect(mail.text).not.toContain(CONCERNS.slice(0, 30));
			expect(mail.attachments).toHaveLength(copies ? 2 : 1);
			if (copies) expect(mail.attachments[0]).toMatchObject({ contentType: 'application/pdf', filename: expect.stringMatching(copies) });
			const pdf = mail.attachments.at(-1)!;
			expect(pdf).toMatchObject({ contentType: 'application/pdf', filename: expect.stringMatching(/^core-group-record-DEMO-0001-\d{4}-\d{2}-\d{2}\.pdf$/) });
			expect(sha256(pdf.content)).toBe(stored.sha256);
		}
		expect(recipients.sort()).toEqual(members.map((m) => m.user.email).sort());

		const rows = await database.db.select().from(circulations).where(eq(circulations.meetingId, meetingId));
		expect(rows).toHaveLength(members.length);
		expect(rows.every((r) => r.recordId === stored.id && r.sentBy === people.minutes.user.id)).toBe(true);
		const attempts = await database.db.select().from(circulationDeliveries).where(inArray(circulationDeliveries.circulationId, rows.map((r) => r.id)));
		expect(attempts.every((a) => a.transport === 'file' && a.error === null)).toBe(true);
		expect(attempts).toHaveLength(members.length);

		const circulated = await meeting();
		expect(circulated.circulatedAt).toEqual(result.circulatedAt);
		const nation = 'england-wales';
		expect(circulationStatus(circulated, nation, londonDate(new Date()))?.text).toMatch(/^circulated on \w{3} \d{1,2} \w{3} \d{4}/);
		const [audit] = await database.db.select().from(auditLog).where(and(eq(auditLog.action, 'record-circulated'), eq(auditLog.meetingId, meetingId)));
		expect(audit.detail).toMatchObject({ recordId: stored.id, members: expect.arrayContaining(rows.map((r) => r.memberId)), resend: [] });

		// A second circulation sends nothing new and keeps the first date: that is the statutory one.
		const again = ok(await circulateRecord(database.db, people.chair.user, await access('chair'), { outbox }));
		expect(again.sent).toEqual([]);
		expect(again.alreadySent).toHaveLength(members.length);
		expect(again.circulatedAt).toEqual(result.circulatedAt);
		expect((await readdir(outbox.outboxDir)).filter((f) => f.endsWith('.eml'))).toHaveLength(files.length);
	});

	it('makes a new record when a signature arrives after the last one was made', async () => {
		const before = ok(await currentWrittenRecord(database.db, people.chair.user, meetingId)).record;
		ok(await signPlan(database.db, people.health.user, await access('health'), { planHash: await shownPlanHash(database.db, meetingId), method: 'typed', typedName: 'Kit Wellbeing' }));
		const after = ok(await currentWrittenRecord(database.db, people.chair.user, meetingId)).record;
		expect(after.id).not.toBe(before.id);
		expect(ok(await currentWrittenRecord(database.db, people.chair.user, meetingId)).record.id).toBe(after.id);
	});

	it.skipIf(!hasPoppler)('holds a late fact recorded while nobody had the meeting open, without loading its room', async () => {
		for (const client of clients.splice(0)) client.destroy();
		unloadRooms();
		const [said] = await database.db.select({ id: disagreements.id }).from(disagreements).where(eq(disagreements.meetingId, meetingId));
		const late = 'Not accepted, looked at again after the meeting: Fridays only.';
		ok(await reflectDisagreement(database.db, people['social.worker'].user, await access('social.worker'), { id: said.id, reflected: late, accepted: 'no' }));
		expect(loadedRoomCount()).toBe(0);
		const { record } = ok(await currentWrittenRecord(database.db, people.chair.user, meetingId));
		// On PostgreSQL the PDF worker read the stored document and mirrored the record's facts into it there.
		if (kind.name === 'postgres') expect(loadedRoomCount()).toBe(0);
		const pdfFile = path.join(dataDir, 'late.pdf');
		await writeFile(pdfFile, record.pdf);
		const { stdout } = await run('pdftotext', [pdfFile, '-']);
		expect(stdout.replace(/\s+/g, ' ')).toContain(late);
	});

	it.skipIf(!hasPoppler)('renders a readable PDF: the signatures, the stale one marked, and disagreements with their reasons', async () => {
		const { record } = ok(await currentWrittenRecord(database.db, people.chair.user, meetingId));
		const pdfFile = path.join(dataDir, 'record.pdf');
		await writeFile(pdfFile, record.pdf);
		const { stdout: text } = await run('pdftotext', ['-layout', pdfFile, '-']);
		const pages = text.split('\f');
		const flat = text.replace(/\s+/g, ' ');
		expect(flat).toContain('Written views from Kit Wellbeing');
		expect(flat).toContain(CONCERNS);
		expect(flat).toContain('Disagreements');
		expect(flat).toContain(REASON);
		expect(flat).toMatch(/Robin Testcase has the right to complain/);
		expect(flat).toContain('Signed an earlier version of the plan');
		for (const name of ['Robin Testcase', 'Morgan Chairfield', 'Jo Lessonby', 'Kit Wellbeing']) expect(flat).toContain(name);
		expect(flat).toContain(`Final plan fingerprint (SHA-256): ${(await meeting()).finalPlanHash}`);
		// The last page is the certificate of completion, carrying the audit chain's head the record is stored with.
		const certificatePage = pages.findIndex((p) => /^\s*Certificate of completion\s*$/m.test(p));
		expect(certificatePage).toBeGreaterThan(pages.findIndex((p) => /The plan this record holds/.test(p)));
		expect(flat).toContain(`Audit chain head at the making: sequence ${record.auditSeq}, hash ${record.auditHash}`);
		if (hasPdfsig) {
			const { stdout: seal } = await run('pdfsig', [pdfFile]);
			expect(seal).toContain('Total document signed');
			expect(seal).toContain('Signature Validation: Signature is Valid.');
		}

		// Each drawn signature is in the PDF as a picture (two: the parent's, witnessed, and the chair's), not as
		// the note that stands in for one that cannot be drawn.
		const { stdout: images } = await run('pdfimages', ['-list', pdfFile]);
		expect(images.trim().split('\n').slice(2).filter((line) => /^\s*\d+\s+\d+\s+image\s/.test(line))).toHaveLength(2);
		// Drawn for print (pdf-pictures.ts): grey on white paper, with no transparency (a soft mask) beside them.
		expect(images).not.toMatch(/\bsmask\b/);
		expect(images).toMatch(/\bimage\s+\d+\s+\d+\s+gray\b/);
		expect(flat).not.toContain('Drawn signature kept in the record');

		const signaturesPage = pages.findIndex((p) => /^\s*Signatures\s*$/m.test(p)) + 1;
		expect(signaturesPage).toBeGreaterThan(0);
		for (const page of [1, signaturesPage]) {
			const ink = await inkShare(pdfFile, page);
			expect(ink).toBeGreaterThan(0.005);
			expect(ink).toBeLessThan(0.3);
		}
		// Kept for a person to look at: page 1 and the page with the signatures.
		await mkdir(OUTPUT, { recursive: true });
		for (const [page, name] of [[1, 'page-1'], [signaturesPage, 'signatures']] as const) {
			await run('pdftoppm', ['-png', '-r', '80', '-singlefile', '-f', String(page), '-l', String(page), pdfFile, path.join(OUTPUT, `written-record-${kind.name}-${name}`)]);
			const png = await readFile(path.join(OUTPUT, `written-record-${kind.name}-${name}.png`));
			expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
		}
	});

	it.skipIf(!hasPoppler)('is a tagged PDF a screen reader takes in order: language, title, headings, signatures with alternative text, valid ones first', async () => {
		const { record } = ok(await currentWrittenRecord(database.db, people.chair.user, meetingId));
		const pdfFile = path.join(dataDir, 'tagged.pdf');
		await writeFile(pdfFile, record.pdf);
		const { stdout: info } = await run('pdfinfo', [pdfFile]);
		expect(info).toMatch(/^Tagged:\s+yes$/m);
		const { stdout: tree } = await run('pdfinfo', ['-struct-text', pdfFile]);
		expect(tree).toMatch(/^Document$/m);
		// The headings, in the order of the record.
		const headings = [...tree.matchAll(/^\s*H2 \(block\)\n\s*"([^"]+)"/gm)].map((m) => m[1]);
		expect(headings.slice(0, 4)).toEqual(['Attendance', 'Written views received', 'The Child Protection Plan', 'Minutes']);
		expect(headings).toContain('Signatures');
		expect(tree).toMatch(/^\s*H1 \(block\)\n\s*"Child Protection Plan: written agreement and minutes/m);
		// A label is read with its value: "Child: Jamie Testcase", not "ChildJamie Testcase".
		expect(Buffer.from(record.pdf).toString('latin1')).toContain('/ActualText (Child: )');
		// poppler does not print alternative text or the language; pdf.js reads the structure tree with them.
		const pdf = await getDocument({ data: new Uint8Array(record.pdf), isEvalSupported: false }).promise;
		expect((await pdf.getMetadata()).info).toMatchObject({ Language: 'en-GB', Title: expect.stringMatching(/^Child Protection Plan/) });
		const alts: string[] = [];
		const collect = (node: { role?: string; alt?: string; children?: unknown[] }) => {
			if (node.role === 'Figure') alts.push(node.alt ?? '');
			for (const child of node.children ?? []) collect(child as typeof node);
		};
		for (let n = 1; n <= pdf.numPages; n++) collect((await (await pdf.getPage(n)).getStructTree()) ?? {});
		await pdf.destroy();
		expect(alts).toEqual([
			'Signature of Robin Testcase, drawn by hand, witnessed by Sam Caseworth',
			'Signature of Morgan Chairfield, drawn by hand',
			'Signature of Kit Wellbeing: the name typed, Kit Wellbeing',
			'Signature of Jo Lessonby: the name typed, Jo Lessonby'
		]);
		// Signatures of the final plan come before the one of an earlier version (the school's, signed first).
		const signers = [...tree.matchAll(/^\s*H4 \(block\)\n\s*"(Robin Testcase|Morgan Chairfield|Kit Wellbeing|Jo Lessonby)"/gm)].map((m) => m[1]);
		expect(signers.at(-1)).toBe('Jo Lessonby');
		expect(signers.slice(0, -1).sort()).toEqual(['Kit Wellbeing', 'Morgan Chairfield', 'Robin Testcase']);
		// Page furniture is not read out: no footer line in the structure.
		expect(tree).not.toContain('Page 1 of');
		if (hasPdfsig) expect((await run('pdfsig', [pdfFile])).stdout).toContain('Signature Validation: Signature is Valid.');
	});
});
