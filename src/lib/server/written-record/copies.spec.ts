import { describe, expect, it } from 'vitest';
import { ageBand } from './child-copy';
import { ageOn, sentencesOf } from './copies';

describe('the copies for the family and the child', () => {
	it('puts one sentence on each line when the reader asked for easy read, and keeps paragraphs otherwise', () => {
		const text = 'Jamie must be in school. The school rings by 9:30 if not.\n\nDr. Ash visits weekly.';
		expect(sentencesOf(text, true)).toEqual(['Jamie must be in school.', 'The school rings by 9:30 if not.', 'Dr. Ash visits weekly.']);
		expect(sentencesOf(text, false)).toEqual(['Jamie must be in school. The school rings by 9:30 if not.', 'Dr. Ash visits weekly.']);
	});

	it('pitches the child’s copy to their age on the day of the meeting', () => {
		expect(ageOn('2019-03-14', '2026-03-13')).toBe(6);
		expect(ageOn('2019-03-14', '2026-03-14')).toBe(7);
		expect([ageBand(ageOn('2019-03-14', '2026-12-07')), ageBand(10), ageBand(13), ageBand(null)]).toEqual(['young', 'middle', 'older', 'middle']);
	});
});
