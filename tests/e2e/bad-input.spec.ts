// Bad input is a 4xx with words, never a 500 (DESIGN §4 rule 11), through the real server: SvelteKit's own
// refusals and the form actions' — a multipart form without its boundary, JSON to a form action, a body past
// the size limit, a picture bomb — each answered at once, with the meeting record unchanged.
import { crc32, deflateSync } from 'node:zlib';
import { expect, test } from './support/accounts';
import { apiAs, postAction, scheduleFreshMeeting } from './support/forms';

/** A PNG of a few hundred bytes whose header declares 20,000 × 20,000 pixels. */
function pictureBomb(): string {
	const chunk = (type: string, data: Buffer) => {
		const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
		const head = Buffer.alloc(4);
		head.writeUInt32BE(data.length);
		const crc = Buffer.alloc(4);
		crc.writeUInt32BE(crc32(body));
		return Buffer.concat([head, body, crc]);
	};
	const header = Buffer.alloc(13);
	header.writeUInt32BE(20_000, 0);
	header.writeUInt32BE(20_000, 4);
	header.set([8, 6, 0, 0, 0], 8);
	const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.alloc(65_536)).subarray(0, 200)), chunk('IEND', Buffer.alloc(0))]);
	return `data:image/png;base64,${png.toString('base64')}`;
}

test('malformed posts get a 4xx that says what to do, a picture bomb is refused at once, and nothing is recorded', async ({ playwright, baseURL }) => {
	const meetingId = await scheduleFreshMeeting(playwright, baseURL);
	const chair = await apiAs(playwright, baseURL, 'chair');
	expect((await postAction(chair, `/meetings/${meetingId}?/open`, {})).type).toBe('success');
	const parent = await apiAs(playwright, baseURL, 'parent');
	const action = `/meetings/${meetingId}?/disagree`;

	const noBoundary = await parent.post(action, { headers: { 'content-type': 'multipart/form-data' }, data: '--x\r\nContent-Disposition: form-data; name="reason"\r\n\r\nNo\r\n--x--\r\n' });
	expect(noBoundary.status()).toBe(400);
	expect(await noBoundary.text()).toContain('The form arrived without its multipart boundary');

	const json = await parent.post(action, { headers: { 'content-type': 'application/json' }, data: JSON.stringify({ about: 'contingency', position: 'No', reason: 'Because' }) });
	expect(json.status()).toBe(415);
	expect(await json.text()).toContain('Send this as a web form');

	const tooLarge = await postAction(parent, action, { about: 'contingency', position: 'No', reason: 'x'.repeat(600 * 1024) });
	expect(tooLarge).toMatchObject({ status: 413, data: { message: expect.stringMatching(/too large to take in one go/) } });

	const nul = await postAction(parent, action, { about: 'contingency', position: 'No', reason: 'a\u0000b' });
	expect(nul).toMatchObject({ status: 400, data: { message: expect.stringMatching(/NUL byte/) } });

	const { planHash } = (await (await chair.get(`/api/meetings/${meetingId}`)).json()) as { planHash: string };
	const started = Date.now();
	const bomb = await postAction(parent, `/meetings/${meetingId}?/sign`, { method: 'drawn', signature: pictureBomb(), planHash });
	expect(bomb).toMatchObject({ status: 413, data: { message: expect.stringMatching(/^Draw your signature again: .*20000 × 20000/) } });
	expect(Date.now() - started).toBeLessThan(1000);

	const record = (await (await chair.get(`/api/meetings/${meetingId}`)).json()) as { disagreements: unknown[]; signatures: unknown[] };
	expect(record).toMatchObject({ disagreements: [], signatures: [] });
	for (const request of [chair, parent]) await request.dispose();
});
