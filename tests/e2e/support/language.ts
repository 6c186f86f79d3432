// Checks that a page is wholly in the language it claims: `<html lang>` says so, and none of the English
// catalogue's sentences (those the translation words differently) is left on it. Words typed in the meeting
// and people's names stay as written, so only fixed text — the catalogues' — is looked for.
import { expect, type Page } from '@playwright/test';
import { englishPhrasesOf } from '../../support/english-phrases';

/**
 * The page says `lang="<locale>"` and shows none of the English catalogue's phrases. `names` are people's
 * names on the page, which stay as written even when they hold an English word ("Demo Administrator").
 */
export async function expectWhollyIn(page: Page, locale: string, names: string[] = []): Promise<void> {
	await expect(page.locator('html')).toHaveAttribute('lang', locale === 'en' ? 'en-GB' : locale);
	let text = (await page.locator('body').innerText()).replace(/\s+/g, ' ');
	for (const name of names) text = text.split(name).join(' ');
	const left = englishPhrasesOf(locale).filter((phrase) => text.includes(phrase.replace(/\s+/g, ' ')));
	expect(left, 'English fixed text left on the page').toEqual([]);
}
