// How easy an English text is to read: the Flesch reading ease (higher is easier; 60–70 is plain English, a
// public leaflet's level) and the average sentence length in words. Syllables are counted by a rule of thumb
// (groups of vowels, a silent final "e"), which is what readability tools do too. Pure.

/** Syllables in one English word, by vowel groups. */
export function syllablesIn(word: string): number {
	const w = word.toLowerCase().replace(/[^a-z]/g, '');
	if (!w) return 0;
	if (w.length <= 3) return 1;
	const trimmed = w.replace(/(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$/, '').replace(/^y/, '');
	return Math.max(1, (trimmed.match(/[aeiouy]{1,2}/g) ?? []).length);
}

export interface Readability {
	sentences: number;
	words: number;
	syllables: number;
	/** 206.835 − 1.015 × words per sentence − 84.6 × syllables per word. */
	fleschReadingEase: number;
	wordsPerSentence: number;
}

export function readability(text: string): Readability {
	const sentences = text
		.split(/(?<=[.!?:])\s+|\n+/)
		.map((s) => s.trim())
		.filter((s) => /\p{L}/u.test(s));
	const words = sentences.flatMap((s) => s.split(/\s+/).filter((w) => /\p{L}|\d/u.test(w)));
	const syllables = words.reduce((n, w) => n + (/\d/.test(w) ? 1 : syllablesIn(w)), 0);
	const wordsPerSentence = words.length / sentences.length;
	return {
		sentences: sentences.length,
		words: words.length,
		syllables,
		fleschReadingEase: 206.835 - 1.015 * wordsPerSentence - 84.6 * (syllables / words.length),
		wordsPerSentence
	};
}
