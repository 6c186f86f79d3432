import { describe, expect, it } from 'vitest';
import { applyEdit, diffText } from './text-diff';

describe('diffText', () => {
	it('finds nothing to do when the text is unchanged', () => {
		expect(diffText('same', 'same', 2)).toBeNull();
	});

	it('turns typing in the middle into one insertion there', () => {
		expect(diffText('Mum works nights', 'Mum often works nights', 10)).toEqual({ index: 4, remove: 0, insert: 'often ' });
	});

	it('turns a deletion into one removal', () => {
		expect(diffText('the the cat', 'the cat', 4)).toEqual({ index: 4, remove: 4, insert: '' });
	});

	it('turns typing over a selection into one replacement', () => {
		expect(diffText('abcdef', 'abxef', 3)).toEqual({ index: 2, remove: 2, insert: 'x' });
	});

	it('uses the caret to tell where a repeated letter was typed', () => {
		// "aa" → "aaa" with the caret at 2: the new "a" went in at 1, not at the end.
		expect(diffText('aa', 'aaa', 2)).toEqual({ index: 1, remove: 0, insert: 'a' });
		expect(diffText('aa', 'aaa', 1)).toEqual({ index: 0, remove: 0, insert: 'a' });
		// Without a caret, the rightmost reading is as good as any.
		expect(diffText('aa', 'aaa')).toEqual({ index: 2, remove: 0, insert: 'a' });
	});

	it('uses the caret to tell which repeated letter was deleted', () => {
		expect(diffText('aaa', 'aa', 1)).toEqual({ index: 1, remove: 1, insert: '' });
		expect(diffText('aaa', 'aa', 0)).toEqual({ index: 0, remove: 1, insert: '' });
	});

	it('never splits an emoji in half', () => {
		const before = 'a😀b';
		const after = 'a😃b';
		const edit = diffText(before, after, 3)!;
		expect(edit).toEqual({ index: 1, remove: 2, insert: '😃' });
		expect(applyEdit(before, edit)).toBe(after);
	});

	it('always produces a splice that gives the new text', () => {
		const pairs: [string, string, number][] = [
			['', 'hello', 5],
			['hello', '', 0],
			['abcabc', 'abcXabc', 4],
			['line one\nline two', 'line one\nline 2\nline two', 16],
			['xyz', 'abc', 3]
		];
		for (const [before, after, caret] of pairs) expect(applyEdit(before, diffText(before, after, caret)!)).toBe(after);
	});
});
