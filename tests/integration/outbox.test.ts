// The outbox against real transports: a real SMTP server on port 0 (smtp-server, nodemailer's own), and the
// folder of .eml files. Each message succeeds or fails on its own, and a failure is a value, not a throw.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { outboxConfig, sendMessages, type OutgoingMessage } from '../../src/lib/server/outbox';

const message = (address: string): OutgoingMessage => ({
	to: { name: 'Jo Lessonby', address },
	subject: 'Core group meeting of Thu 26 Nov 2026: written agreement and minutes (DEMO-0001)',
	text: 'Dear Jo Lessonby,\n\nThe written record is attached.\n',
	attachments: [{ filename: 'core-group-record-DEMO-0001-2026-11-26.pdf', content: new TextEncoder().encode('%PDF-1.7 test'), contentType: 'application/pdf' }]
});

describe('the outbox', () => {
	let dir: string;
	let smtp: SMTPServer;
	let port: number;
	const received: { to: string[]; raw: Buffer }[] = [];

	beforeAll(async () => {
		dir = await mkdtemp(path.join(tmpdir(), 'core-group-outbox-'));
		smtp = new SMTPServer({
			authOptional: true,
			disabledCommands: ['STARTTLS'],
			logger: false,
			onRcptTo(address, _session, callback) {
				// A mailbox that does not exist, as a real server would refuse it.
				if (address.address.startsWith('nobody@')) return callback(new Error('550 No such mailbox'));
				callback();
			},
			onData(stream, session, callback) {
				const chunks: Buffer[] = [];
				stream.on('data', (c: Buffer) => chunks.push(c));
				stream.on('end', () => {
					received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks) });
					callback();
				});
			}
		});
		await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
		port = (smtp.server.address() as AddressInfo).port;
	});
	afterAll(async () => {
		await new Promise<void>((resolve) => smtp?.close(() => resolve()));
		if (dir) await rm(dir, { recursive: true, force: true });
	});

	it('reads its settings from the environment it is given', () => {
		expect(outboxConfig({ DATA_DIR: dir })).toEqual({ smtpUrl: null, outboxDir: path.join(dir, 'outbox'), from: 'Core Group <no-reply@localhost>' });
		expect(outboxConfig({ SMTP_URL: ' smtp://mail.example:25 ', MAIL_FROM: 'Core Group <cp@council.example>' })).toMatchObject({ smtpUrl: 'smtp://mail.example:25', from: 'Core Group <cp@council.example>' });
	});

	it('sends through SMTP when configured, one refused recipient not stopping the others', async () => {
		const config = { smtpUrl: `smtp://127.0.0.1:${port}`, outboxDir: path.join(dir, 'unused'), from: 'Core Group <cp@council.example>' };
		const results = await sendMessages(config, [message('school@demo.test'), message('nobody@demo.test'), message('health@demo.test')]);
		expect(results.map((r) => r.ok)).toEqual([true, false, true]);
		expect(results[1]).toMatchObject({ ok: false, transport: 'smtp', error: expect.stringMatching(/No such mailbox/) });
		expect(received.map((r) => r.to)).toEqual([['school@demo.test'], ['health@demo.test']]);
		const mail = await simpleParser(received[0].raw);
		expect(results[0]).toMatchObject({ ok: true, transport: 'smtp', reference: mail.messageId });
		expect(mail.attachments[0]).toMatchObject({ filename: 'core-group-record-DEMO-0001-2026-11-26.pdf', contentType: 'application/pdf' });
	});

	it('reports an unreachable SMTP server as a failure for each message', async () => {
		const closed = { smtpUrl: 'smtp://127.0.0.1:1', outboxDir: dir, from: 'Core Group <cp@council.example>' };
		const results = await sendMessages(closed, [message('school@demo.test')]);
		expect(results).toEqual([{ ok: false, transport: 'smtp', error: expect.stringMatching(/ECONNREFUSED|connect/i) }]);
	});

	it('writes a complete .eml file per message when there is no SMTP server, and leaves no temporary file', async () => {
		const config = outboxConfig({ DATA_DIR: dir });
		const results = await sendMessages(config, [message('parent@demo.test')]);
		const [result] = results;
		if (!result.ok) throw new Error(result.error);
		expect(await readdir(config.outboxDir)).toEqual([result.reference]);
		const raw = await readFile(path.join(config.outboxDir, result.reference));
		expect(raw.includes('\r\n')).toBe(true);
		const mail = await simpleParser(raw);
		expect(mail).toMatchObject({ messageId: result.messageId, subject: message('x').subject });
		expect(Buffer.from(mail.attachments[0].content).toString()).toBe('%PDF-1.7 test');
	});
});
