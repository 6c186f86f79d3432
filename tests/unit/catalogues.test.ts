// Every language says everything: a key missing from a catalogue would fall back to English on a Welsh page
// unnoticed, so each catalogue must hold exactly the keys of the English one, none empty, with the same
// placeholders (a Welsh sentence that drops {date} would print the wrong thing, or nothing).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const MESSAGES = path.resolve('messages');
const settings = JSON.parse(readFileSync('project.inlang/settings.json', 'utf8')) as { baseLocale: string; locales: string[]; 'plugin.inlang.messageFormat': { pathPattern: string[] } };
const files = settings['plugin.inlang.messageFormat'].pathPattern.map((p) => path.basename(p));

function catalogue(locale: string, file: string): Record<string, string> {
	const { $schema: _schema, ...messages } = JSON.parse(readFileSync(path.join(MESSAGES, locale, file), 'utf8')) as Record<string, string>;
	return messages;
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((x) => x[1]).sort();

describe('message catalogues', () => {
	it('has a folder for each language the project declares, and a file for each catalogue', () => {
		expect(readdirSync(MESSAGES).sort()).toEqual([...settings.locales].sort());
		for (const locale of settings.locales) expect(readdirSync(path.join(MESSAGES, locale)).sort()).toEqual([...files].sort());
	});

	for (const locale of settings.locales.filter((l) => l !== settings.baseLocale)) {
		for (const file of files) {
			it(`${locale}/${file} says everything en/${file} says, with the same placeholders`, () => {
				const base = catalogue(settings.baseLocale, file);
				const translated = catalogue(locale, file);
				expect(Object.keys(translated).filter((k) => !(k in base)), 'keys English does not have').toEqual([]);
				expect(Object.keys(base).filter((k) => !(k in translated)), 'keys missing from the translation').toEqual([]);
				for (const [key, text] of Object.entries(translated)) {
					expect(typeof text === 'string' && text.trim().length > 0, `${key} is empty`).toBe(true);
					expect(placeholders(text), `${key} placeholders`).toEqual(placeholders(base[key]!));
				}
			});
		}
	}

	it('has no key in two catalogues (one would silently win)', () => {
		const seen = new Map<string, string>();
		for (const file of files)
			for (const key of Object.keys(catalogue(settings.baseLocale, file))) {
				expect(seen.get(key), `${key} in ${file} and ${seen.get(key)}`).toBeUndefined();
				seen.set(key, file);
			}
	});
});
