// The fixed English phrases that must not be left in a text meant to be in another language: each English
// message's text between its placeholders, where the translation says it differently. (The e2e suite's
// language.ts checks pages with it, and the integration tests copies, PDFs and e-mails.)
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const MESSAGES = path.resolve(import.meta.dirname, '../../messages');

export function catalogueOf(locale: string): Record<string, string> {
	const all: Record<string, string> = {};
	for (const file of readdirSync(path.join(MESSAGES, locale))) {
		const { $schema: _schema, ...messages } = JSON.parse(readFileSync(path.join(MESSAGES, locale, file), 'utf8')) as Record<string, string>;
		Object.assign(all, messages);
	}
	return all;
}

export function englishPhrasesOf(locale: string, minLength = 12): string[] {
	const english = catalogueOf('en');
	const translated = catalogueOf(locale);
	const phrases = new Set<string>();
	for (const [key, text] of Object.entries(english)) {
		if (translated[key] === text) continue;
		for (const part of text.split(/\{\w+\}/)) {
			const phrase = part.trim();
			if (phrase.length >= minLength && !(translated[key] ?? '').includes(phrase)) phrases.add(phrase);
		}
	}
	return [...phrases];
}
