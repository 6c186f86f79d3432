import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { mapIndex, mapSelection, rebaseEdit, type TextDelta } from './text-delta';
import { applyEdit } from './text-diff';

describe('mapIndex', () => {
	const insertAt = (at: number, text: string): TextDelta => (at > 0 ? [{ retain: at }, { insert: text }] : [{ insert: text }]);

	it('moves a caret along when text is inserted before it', () => {
		expect(mapIndex(5, insertAt(2, 'abc'), 'left')).toBe(8);
	});

	it('leaves a caret alone when text is inserted after it', () => {
		expect(mapIndex(5, insertAt(7, 'abc'), 'left')).toBe(5);
		expect(mapIndex(5, [{ retain: 6 }, { delete: 2 }], 'left')).toBe(5);
	});

	it('keeps a caret before text someone else inserts exactly at it', () => {
		expect(mapIndex(5, insertAt(5, 'abc'), 'left')).toBe(5);
		expect(mapIndex(5, insertAt(5, 'abc'), 'right')).toBe(8);
		expect(mapIndex(0, insertAt(0, 'abc'), 'left')).toBe(0);
	});

	it('pulls a caret back when text before it is deleted', () => {
		expect(mapIndex(5, [{ retain: 1 }, { delete: 2 }], 'left')).toBe(3);
	});

	it('collapses a caret inside deleted text to where the deletion was', () => {
		expect(mapIndex(5, [{ retain: 3 }, { delete: 4 }], 'left')).toBe(3);
	});

	it('agrees with what Yjs reports for a real change', () => {
		const doc = new Y.Doc();
		const text = doc.getText('t');
		text.insert(0, 'The child is seen weekly');
		let delta: TextDelta = [];
		text.observe((e) => (delta = e.delta as TextDelta));
		const caret = 'The child is seen'.length;
		doc.transact(() => {
			text.insert(4, 'youngest ');
			text.delete(text.length - 'weekly'.length, 'weekly'.length);
			text.insert(text.length, 'daily');
		});
		expect(text.toString()).toBe('The youngest child is seen daily');
		expect(mapIndex(caret, delta, 'left')).toBe('The youngest child is seen'.length);
	});
});

describe('mapSelection', () => {
	it('does not swallow text typed at the edges of a selection', () => {
		// "abcdef" with "cd" selected; someone types X at 2 and Y at 4.
		const delta: TextDelta = [{ retain: 2 }, { insert: 'X' }, { retain: 2 }, { insert: 'Y' }];
		expect(mapSelection({ start: 2, end: 4 }, delta)).toEqual({ start: 3, end: 5 });
	});

	it('keeps a collapsed caret collapsed', () => {
		expect(mapSelection({ start: 3, end: 3 }, [{ retain: 3 }, { insert: 'zz' }])).toEqual({ start: 3, end: 3 });
	});
});

describe('rebaseEdit', () => {
	it('moves a held-back local edit past changes that arrived meanwhile', () => {
		const before = 'we meet on Monday';
		const local = { index: 17, remove: 0, insert: ' at ten' }; // typed at the end, during composition
		const remote: TextDelta = [{ insert: 'Also: ' }]; // someone prefixed the text meanwhile
		const rebased = rebaseEdit(local, [remote]);
		expect(applyEdit('Also: ' + before, rebased)).toBe('Also: we meet on Monday at ten');
	});

	it('does not delete what someone else inserted next to a local deletion', () => {
		const rebased = rebaseEdit({ index: 3, remove: 2, insert: '' }, [[{ retain: 3 }, { insert: 'NEW' }]]);
		expect(applyEdit('abcNEWdef', rebased)).toBe('abcNEWf');
	});
});
