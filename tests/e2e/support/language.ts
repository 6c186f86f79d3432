// Checks that a page is wholly in the language it claims: `<html lang>` says so, and none of the English
// catalogue's sentences (those the translation words differently) is left on it. Words typed in the meeting
// and people's names stay as written, so only fixed text — the catalogues' — is looked for.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';

const MESSAGES = path.resolve(import.meta.dirname, '../../../messages');

function catalogue(locale: string): Record<string, string> {
	const all: Record<string, string> = {};
	for (const file of readdirSync(path.join(MESSAGES, locale))) {
		const { $schema: _schema, ...messages } = JSON.parse(readFileSync(path.join(MESSAGES, locale, file), 'utf8')) as Record<string, string>;
		Object.assign(all, messages);
	}
	return all;
}

/** The fixed English phrases that must not appear on a page in `locale`: each message's text between placeholders. */
export function englishPhrases(locale: string, minLength = 12): string[] {
	const english = catalogue('en');
	const translated = catalogue(locale);
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

/**
 * The page says `lang="<locale>"` and shows none of the English catalogue's phrases. `names` are people's
 * names on the page, which stay as written even when they hold an English word ("Demo Administrator").
 */
export async function expectWhollyIn(page: Page, locale: string, names: string[] = []): Promise<void> {
	await expect(page.locator('html')).toHaveAttribute('lang', locale === 'en' ? 'en-GB' : locale);
	let text = (await page.locator('body').innerText()).replace(/\s+/g, ' ');
	for (const name of names) text = text.split(name).join(' ');
	const left = englishPhrases(locale).filter((phrase) => text.includes(phrase.replace(/\s+/g, ' ')));
	expect(left, 'English fixed text left on the page').toEqual([]);
}
