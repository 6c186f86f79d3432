// A temporary DATA_DIR whose outbox folder the tests read: every e-mail the app "sends" without SMTP_URL
// is an .eml file there. Restores the environment and removes the folder afterwards.
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';

export interface SentMail {
	file: string;
	to: string[];
	subject: string;
	text: string;
}

export interface TemporaryOutbox {
	dir: string;
	/** Every message in the outbox, oldest first. */
	messages(): Promise<SentMail[]>;
	/** The messages addressed to this address. */
	to(address: string): Promise<SentMail[]>;
	remove(): Promise<void>;
}

export async function temporaryOutbox(): Promise<TemporaryOutbox> {
	const previous = { DATA_DIR: process.env.DATA_DIR, SMTP_URL: process.env.SMTP_URL };
	const dir = await mkdtemp(path.join(tmpdir(), 'core-group-outbox-'));
	process.env.DATA_DIR = dir;
	delete process.env.SMTP_URL;
	const outbox = path.join(dir, 'outbox');
	const messages = async () => {
		const names = (await readdir(outbox).catch(() => [] as string[])).filter((f) => f.endsWith('.eml'));
		// File names start with the second they were written: order within a second by the time of writing.
		const written = await Promise.all(names.map(async (file) => ({ file, at: (await stat(path.join(outbox, file))).mtimeMs })));
		const files = written.sort((a, b) => a.at - b.at || a.file.localeCompare(b.file)).map((w) => w.file);
		return Promise.all(
			files.map(async (file) => {
				const mail = await simpleParser(await readFile(path.join(outbox, file)));
				const to = [mail.to ?? []].flat().flatMap((a) => a.value.map((v) => (v.address ?? '').toLowerCase()));
				return { file, to, subject: mail.subject ?? '', text: mail.text ?? '' };
			})
		);
	};
	return {
		dir,
		messages,
		to: async (address) => (await messages()).filter((m) => m.to.includes(address.toLowerCase())),
		remove: async () => {
			for (const [k, v] of Object.entries(previous)) {
				if (v === undefined) delete process.env[k];
				else process.env[k] = v;
			}
			await rm(dir, { recursive: true, force: true });
		}
	};
}

/** The set-password token in a message's text, or null. */
export function setPasswordToken(text: string): string | null {
	return /\/set-password\/([a-z2-7]+)/.exec(text)?.[1] ?? null;
}
