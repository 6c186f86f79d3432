// The family's copy reads like a plain-English public leaflet: its fixed English sentences, as a parent reads
// them (names and dates in place), score at least 60 on the Flesch reading ease, at most 15 words a sentence.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readability, syllablesIn } from '../../src/lib/i18n/readability';

const catalogue = JSON.parse(readFileSync('messages/en/copies.json', 'utf8')) as Record<string, string>;
const sample: Record<string, string> = {
	child: 'Jamie',
	lsw: 'Sam Caseworth, your lead social worker',
	date: 'Fri 11 Dec 2026',
	name: 'Robin',
	interpreter: 'Anna Nowak',
	number: '1'
};

/** The copy's sentences: its messages but the short labels ("By:") and headings, with their placeholders filled. */
function fixedSentences(prefix: string): string {
	return Object.entries(catalogue)
		.filter(([key, text]) => key.startsWith(prefix) && !key.endsWith('_heading') && /[.:]$/.test(text) && text.split(' ').length > 3)
		.map(([, text]) => text.replace(/\{(\w+)\}/g, (_, p: string) => sample[p] ?? p))
		.join('\n');
}

describe('the readability of the copies', () => {
	it('counts syllables as readability tools do', () => {
		expect(['plan', 'change', 'meeting', 'complain', 'representations', 'contingency'].map(syllablesIn)).toEqual([1, 1, 2, 2, 5, 4]);
	});

	it('the family copy’s fixed English text reads as a plain-English leaflet', () => {
		const score = readability(fixedSentences('family_'));
		console.info(`family copy: Flesch reading ease ${score.fleschReadingEase.toFixed(1)}, ${score.wordsPerSentence.toFixed(1)} words a sentence (${score.sentences} sentences, ${score.words} words)`);
		expect(score.fleschReadingEase).toBeGreaterThanOrEqual(60);
		expect(score.wordsPerSentence).toBeLessThanOrEqual(15);
	});

	it('the child’s copy is simpler still', () => {
		const score = readability(fixedSentences('child_'));
		console.info(`child copy: Flesch reading ease ${score.fleschReadingEase.toFixed(1)}, ${score.wordsPerSentence.toFixed(1)} words a sentence`);
		expect(score.fleschReadingEase).toBeGreaterThanOrEqual(70);
		expect(score.wordsPerSentence).toBeLessThanOrEqual(12);
	});
});
