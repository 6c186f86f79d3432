// The outbox: sends one e-mail through SMTP when SMTP_URL is set, otherwise writes it as an RFC 822 .eml
// file under DATA_DIR/outbox/ for someone to send by hand (or for tests to read). Nodemailer builds the MIME
// either way. Failures are values, and nothing here logs a message's content.
import { randomUUID } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import nodemailer from 'nodemailer';

export interface OutboxConfig {
	/** smtp://user:pass@host:port (or smtps://); null writes .eml files instead. */
	smtpUrl: string | null;
	/** Folder of the .eml files when there is no SMTP server. */
	outboxDir: string;
	/** The From address, e.g. "Core Group <no-reply@council.example>". */
	from: string;
}

export interface OutgoingMessage {
	to: { name: string; address: string };
	subject: string;
	text: string;
	attachments: OutgoingAttachment[];
}

export interface OutgoingAttachment {
	filename: string;
	contentType: string;
	/** The bytes, or a stream of them opened for each sending (a record's PDF is read in parts as it goes out). */
	content: Uint8Array | (() => Readable);
}

export type Transport = 'smtp' | 'file';
export type SendResult =
	| { ok: true; transport: Transport; messageId: string; reference: string }
	| { ok: false; transport: Transport; error: string };

/** The outbox as the environment configures it: SMTP_URL, DATA_DIR (default ./data) and MAIL_FROM. */
export function outboxConfig(env: Record<string, string | undefined> = process.env): OutboxConfig {
	return {
		smtpUrl: env.SMTP_URL?.trim() || null,
		outboxDir: path.resolve(env.DATA_DIR || 'data', 'outbox'),
		from: env.MAIL_FROM?.trim() || 'Core Group <no-reply@localhost>'
	};
}

const mail = (message: OutgoingMessage, from: string) => ({
	from,
	to: { name: message.to.name, address: message.to.address },
	subject: message.subject,
	text: message.text,
	attachments: message.attachments.map((a) => ({ filename: a.filename, content: typeof a.content === 'function' ? a.content() : Buffer.from(a.content), contentType: a.contentType }))
});

/** Why sending failed, without the message: nodemailer's errors name the server's answer, not the content. */
const reason = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 500);

/**
 * Sends the messages through one transport (one SMTP connection pool, or the outbox folder). Each message
 * succeeds or fails on its own: one bad address does not stop the rest.
 */
export async function sendMessages(config: OutboxConfig, messages: OutgoingMessage[]): Promise<SendResult[]> {
	if (config.smtpUrl) return sendBySmtp(config, messages);
	return Promise.all(messages.map((m) => writeToOutbox(config, m)));
}

async function sendBySmtp(config: OutboxConfig, messages: OutgoingMessage[]): Promise<SendResult[]> {
	// Short timeouts: the person who pressed "Circulate" is waiting for the answer.
	const transporter = nodemailer.createTransport({ url: config.smtpUrl!, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000 });
	try {
		const results: SendResult[] = [];
		for (const message of messages) {
			try {
				const info = await transporter.sendMail(mail(message, config.from));
				results.push({ ok: true, transport: 'smtp', messageId: info.messageId, reference: info.messageId });
			} catch (error) {
				results.push({ ok: false, transport: 'smtp', error: reason(error) });
			}
		}
		return results;
	} finally {
		transporter.close();
	}
}

async function writeToOutbox(config: OutboxConfig, message: OutgoingMessage): Promise<SendResult> {
	try {
		// Streamed to the file as it is composed: a message with a record attached is megabytes.
		const composer = nodemailer.createTransport({ streamTransport: true, newline: 'windows' });
		const info = await composer.sendMail(mail(message, config.from));
		await mkdir(config.outboxDir, { recursive: true });
		const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
		const fileName = `${stamp}-${randomUUID()}.eml`;
		// Written under a temporary name and renamed, so whoever watches the folder never reads half a message.
		const temporary = path.join(config.outboxDir, `.${fileName}.tmp`);
		await writeFile(temporary, info.message as Readable, { mode: 0o600 });
		await rename(temporary, path.join(config.outboxDir, fileName));
		return { ok: true, transport: 'file', messageId: info.messageId, reference: fileName };
	} catch (error) {
		return { ok: false, transport: 'file', error: reason(error) };
	}
}
