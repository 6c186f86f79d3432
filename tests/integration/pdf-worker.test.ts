// The written record's PDF is made in a worker process (DESIGN §4 rule 11): the PDF is the real one, the event
// loop keeps answering while a large record is made, every thread of the worker runs at the lowest priority,
// and a record that cannot be made fails alone, clearly, naming none of its content — the pool carries on with
// the next.
import { afterAll, describe, expect, it } from 'vitest';
import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { closePdfPool, createPdfPool, makeRecordPdf, type PdfPool } from '../../src/lib/server/written-record/pdf-pool';
import type { RecordMember } from '../../src/lib/server/written-record/people';
import type { ShapedRecordJob } from '../../src/lib/server/written-record/pdf-worker';
import { shapeWrittenRecord, type WrittenRecord } from '../../src/lib/server/written-record/shape';
import { largePngSignature, largeSvgSignature, longText, TEXT_LIMIT } from '../support/large-record';
import { drawnPngSignature, drawnSvgSignature } from '../support/signature-pictures';

const run = promisify(execFile);
const hasPoppler = !spawnSync('pdftotext', ['-v']).error;
if (!hasPoppler) console.warn('pdf-worker: pdftotext not installed (apt-get install poppler-utils): reading the PDF back is skipped.');

const HASH = 'f'.repeat(64);
const CHILD = 'Jamie Workerton';
const CONCERNS = 'Jamie has missed nine school days this half term.';

const members: RecordMember[] = (['chair', 'minute-taker', 'lead-social-worker', 'family', 'professional', 'professional'] as const).map((role, i) => ({
	id: `member-${i}`,
	name: `Member ${i} Example`,
	role,
	agency: 'Example agency',
	relationship: 'Example role',
	former: false
}));

function record(plan: Record<string, unknown>, pictures: string[], minutes = { progress: 'Attendance is up.', notes: 'Agreed.' }): WrittenRecord {
	return shapeWrittenRecord({
		case: { childName: CHILD, reference: 'CP/2026/0099', nation: 'england-wales', preferredLanguage: 'English' },
		meeting: {
			scheduledFor: new Date('2026-06-30T09:00:00Z'),
			place: 'Family room',
			openedAt: new Date('2026-06-30T09:05:00Z'),
			closedAt: new Date('2026-06-30T11:00:00Z'),
			circulateBy: '2026-07-07',
			finalPlanHash: HASH
		},
		members,
		facts: {
			attendance: Object.fromEntries(members.map((m) => [m.id, 'present'])),
			plan,
			planHash: HASH,
			minutes,
			disagreements: [],
			views: [],
			signatures: pictures.map((image, i) => ({ id: `s${i}`, member: members[i % members.length].id, planHash: HASH, method: 'drawn' as const, witness: null, at: '2026-06-30T10:30:00Z', typedName: null, image, stale: false })),
			confirmations: []
		}
	});
}

/** A record to make, as the store sends it: the record and its making (the audit chain head then). */
const job = (record: WrittenRecord): ShapedRecordJob => ({ record, making: { madeAt: '2026-06-30T11:05:00Z', audit: { seq: 42, hash: 'a'.repeat(64) } } });

const small = () => job(record({ concerns: CONCERNS, needs: [{ id: 'n1', text: 'To be in school every day.' }] }, [drawnPngSignature(), drawnSvgSignature()]));

/** Texts at the limit, many items, and `pictures` of the largest size signing takes (half SVG, half PNG). */
function large(pictures: number): ShapedRecordJob {
	const svg = largeSvgSignature();
	const png = largePngSignature();
	return job(record(
		{
			concerns: longText(TEXT_LIMIT, 1),
			needs: Array.from({ length: 10 }, (_, i) => ({ id: `n${i}`, text: longText(2_000, 10 + i) })),
			actions: Array.from({ length: 10 }, (_, i) => ({ id: `a${i}`, what: longText(2_000, 30 + i), why: longText(1_000, 40 + i), owner: members[4].id, due: null, outcome: null, contact: 'Weekly', status: 'not-started' })),
			nonNegotiables: longText(TEXT_LIMIT, 2),
			contingency: longText(TEXT_LIMIT, 3)
		},
		Array.from({ length: pictures }, (_, i) => (i % 2 ? png : svg)),
		{ progress: longText(TEXT_LIMIT, 4), notes: longText(TEXT_LIMIT, 5) }
	));
}

/** A thread's niceness, from its /proc stat line (field 19; the name in field 2 may hold spaces). */
function niceOf(stat: string): number {
	return Number(statFieldsFrom3(stat)[16]);
}

/** A thread's CPU time in clock ticks, user and system, from its /proc stat line (fields 14 and 15). */
function cpuTicksOf(stat: string): number {
	const fields = statFieldsFrom3(stat);
	return Number(fields[11]) + Number(fields[12]);
}

/** A /proc stat line's fields from the third on (after the name, which may hold spaces). */
const statFieldsFrom3 = (stat: string) => stat.slice(stat.lastIndexOf(')') + 2).split(' ');

/** Counts the ticks of a 10 ms timer while `work` runs: a blocked event loop gets none. */
async function timerTicksDuring<T>(work: () => Promise<T>): Promise<{ ticks: number; result: T }> {
	let ticks = 0;
	const timer = setInterval(() => ticks++, 10);
	try {
		const result = await work();
		return { ticks, result };
	} finally {
		clearInterval(timer);
	}
}

describe('the written record’s PDF, made in a worker process', () => {
	const pools: PdfPool[] = [];
	afterAll(async () => {
		await closePdfPool();
		for (const pool of pools) await pool.close();
		// Nothing is left running: every pool has stopped its workers.
		expect(pools.map((pool) => pool.workers())).toEqual(pools.map(() => []));
	});

	it('is a PDF with the record’s text, read back by pdftotext', async () => {
		const { pdf, sha256 } = await makeRecordPdf(small());
		expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
		expect(sha256).toBe(createHash('sha256').update(pdf).digest('hex'));
		if (!hasPoppler) return;
		const folder = await mkdtemp(path.join(tmpdir(), 'core-group-pdf-worker-'));
		try {
			const file = path.join(folder, 'record.pdf');
			await writeFile(file, pdf);
			const { stdout } = await run('pdftotext', ['-layout', file, '-']);
			const text = stdout.replace(/\s+/g, ' ');
			expect(text).toContain(CHILD);
			expect(text).toContain(CONCERNS);
			expect(text).toContain('To be in school every day.');
			expect(text).toContain('Member 0 Example');
		} finally {
			await rm(folder, { recursive: true, force: true });
		}
	});

	it('keeps the event loop answering while a large record is made', { timeout: 120_000 }, async () => {
		await makeRecordPdf(small()); // the worker is up: what follows is the rendering alone
		const { ticks, result } = await timerTicksDuring(() => makeRecordPdf(large(2)));
		expect(result.pdf.byteLength).toBeGreaterThan(500_000);
		// Made on this thread, the record leaves the timer a handful of ticks (7 when tried: only between pdfkit's
		// stages), however long it takes; in a worker the timer runs on throughout (170–190 ticks when tried).
		expect(ticks).toBeGreaterThanOrEqual(50);
	});

	it.runIf(process.platform === 'linux')('runs every thread of the worker at the lowest priority, the garbage collector’s helpers included', async () => {
		const pool = createPdfPool({ workers: 1 });
		pools.push(pool);
		await pool.render(large(2));
		const [pid] = pool.workers();
		const threads = await readdir(`/proc/${pid}/task`);
		// V8's helper threads and libuv's, beside the main one: a niceness set on the main thread alone would
		// leave them at 0, and they did the worker's garbage collection beside the rooms.
		expect(threads.length).toBeGreaterThan(4);
		const niceness = await Promise.all(threads.map(async (tid) => niceOf(await readFile(`/proc/${pid}/task/${tid}/stat`, 'utf8'))));
		expect(niceness).toEqual(threads.map(() => 19));
		// The server's own threads keep their priority.
		const own = await readdir(`/proc/${process.pid}/task`);
		expect(await Promise.all(own.map(async (tid) => niceOf(await readFile(`/proc/${process.pid}/task/${tid}/stat`, 'utf8').catch(() => ')  x 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0'))))).not.toContain(19);
	});

	it.runIf(process.platform === 'linux')('runs V8 on the worker’s one thread, its garbage collector and compiler included, so a record takes one core at most', async () => {
		const pool = createPdfPool({ workers: 1 });
		pools.push(pool);
		await pool.render(large(2)); // warm: what the loader's thread and V8's compiler threads did first is counted before
		const [pid] = pool.workers();
		const ticks = async () => {
			const threads = await readdir(`/proc/${pid}/task`);
			const each = await Promise.all(threads.map(async (tid) => cpuTicksOf(await readFile(`/proc/${pid}/task/${tid}/stat`, 'utf8').catch(() => ') x 0 0 0 0 0 0 0 0 0 0 0 0'))));
			const main = each[threads.indexOf(String(pid))];
			return { main, others: each.reduce((sum, n) => sum + n, 0) - main };
		};
		const before = await ticks();
		for (let i = 0; i < 3; i++) await pool.render(large(2));
		const after = await ticks();
		const main = after.main - before.main;
		const others = after.others - before.others;
		// With V8's background threads (its parallel garbage collector, its optimising compiler) the others took
		// 0.2 to 0.3 of the main thread's time when tried: a record kept more than a core busy, while the rooms
		// wait for the other. With V8 on one thread, none.
		expect(main).toBeGreaterThan(50);
		expect(others / main).toBeLessThan(0.05);
	});

	it('rests a worker after each record, three times as long as its CPU time at a quarter of a core, so records queued together never keep a core busy', { timeout: 120_000 }, async () => {
		const pool = createPdfPool({ workers: 1, share: 1 / 4 });
		pools.push(pool);
		await pool.render(small()); // the worker is up
		const done: number[] = [];
		const [first, second] = await Promise.all(
			[large(2), large(2)].map((job) =>
				pool.render(job).then((made) => {
					done.push(performance.now());
					return made;
				})
			)
		);
		expect(first.cpuMs).toBeGreaterThan(20);
		expect(second.cpuMs).toBeGreaterThan(20);
		// The second is drawn after the first's rest: without it, it came as soon as it was drawn (about 1 × the
		// first's CPU time after it). Timers may fire a millisecond early.
		expect(done[1] - done[0]).toBeGreaterThanOrEqual(3 * first.cpuMs + second.cpuMs * 0.5 - 2);
	});

	it('rests a worker no longer than the longest rest, however much CPU one record took', { timeout: 120_000 }, async () => {
		// A hundredth of a core would rest 99 times the first record's CPU time (tens of seconds): capped at 1 s.
		const pool = createPdfPool({ workers: 1, share: 1 / 100, longestRestMs: 1_000 });
		pools.push(pool);
		await pool.render(small()); // the worker is up
		const done: number[] = [];
		const [first] = await Promise.all(
			[large(2), large(2)].map((job) =>
				pool.render(job).then((made) => {
					done.push(performance.now());
					return made;
				})
			)
		);
		expect(first.cpuMs).toBeGreaterThan(20);
		const gap = done[1] - done[0];
		expect(gap).toBeGreaterThanOrEqual(1_000 - 2);
		// Uncapped, the gap would be at least 99 × the first's CPU time: far beyond this.
		expect(gap).toBeLessThan(50 * first.cpuMs);
	});

	it('rejects a record it cannot draw with an error that names none of its content, then makes the next', async () => {
		const broken = { ...small(), record: { ...small().record, attendance: [{ label: 'Present', people: null }] } } as unknown as ShapedRecordJob;
		const failure = await makeRecordPdf(broken).then(
			() => null,
			(error: unknown) => error
		);
		expect(failure).toBeInstanceOf(Error);
		const message = (failure as Error).message;
		expect(message).toMatch(/^The written record’s PDF could not be made \(TypeError at \S+\.ts:\d+\)\.$/);
		expect(message).not.toContain(CHILD);
		const next = await makeRecordPdf(small());
		expect(next.pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
	});

	it('fails a record that needs more memory than a worker may use, alone: the next one is made', { timeout: 120_000 }, async () => {
		const pool = createPdfPool({ workers: 1, heapMb: 48 });
		pools.push(pool);
		// 48 MiB: a worker has its catalogues, fonts and pdfkit loaded before any record. Thirty-two of the largest
		// pictures are well past what it holds.
		await expect(pool.render(large(32))).rejects.toThrow('The written record’s PDF could not be made: it needed more than the 48 MiB a PDF worker may use.');
		const next = await pool.render(small());
		expect(next.pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
	});

	it('fails the records waiting for a worker that cannot start, at once and saying why', async () => {
		const pool = createPdfPool({ workers: 1, heapMb: 4 });
		pools.push(pool);
		await expect(pool.render(small())).rejects.toThrow(/^The written record’s PDF could not be made: no PDF worker could start \(.+\)\.$/);
	});

	it('fails a record that takes longer than its time, rather than keeping its request waiting', { timeout: 120_000 }, async () => {
		const pool = createPdfPool({ workers: 1, timeoutMs: 500 });
		pools.push(pool);
		await expect(pool.render(large(2))).rejects.toThrow('The written record’s PDF could not be made: it took longer than 0.5 s.');
	});
});
