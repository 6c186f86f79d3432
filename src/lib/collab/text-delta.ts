// Carrying a position in a text across someone else's change to it. Yjs describes each change to a
// Y.Text as a delta (retain / insert / delete, relative to the text before the change); mapping the local
// caret through that delta keeps it on the characters it was on, whatever was typed elsewhere.
import type { TextEdit } from './text-diff';

/** One step of a Y.Text change, as `YTextEvent.delta` lists them. */
export interface DeltaOp {
	retain?: number;
	insert?: string | object;
	delete?: number;
}
export type TextDelta = readonly DeltaOp[];

/**
 * Which way a position leans when text is inserted exactly at it. 'left': it stays with the character
 * before it (the insertion lands after the position) — right for a caret, so someone else typing at the
 * very same place does not drag your caret along. 'right': it moves with the character after it.
 */
export type Bias = 'left' | 'right';

const insertLength = (insert: string | object) => (typeof insert === 'string' ? insert.length : 1);

/** Where `index` in the text before the change is in the text after it. */
export function mapIndex(index: number, delta: TextDelta, bias: Bias): number {
	let oldPos = 0;
	let newPos = 0;
	for (const op of delta) {
		if (op.retain !== undefined) {
			if (index < oldPos + op.retain) return newPos + (index - oldPos);
			oldPos += op.retain;
			newPos += op.retain;
		} else if (op.insert !== undefined) {
			if (index === oldPos && bias === 'left') return newPos;
			newPos += insertLength(op.insert);
		} else if (op.delete !== undefined) {
			// A position inside deleted text collapses to where the deletion was.
			if (index < oldPos + op.delete) return newPos;
			oldPos += op.delete;
		}
	}
	return newPos + (index - oldPos);
}

export interface Selection {
	start: number;
	end: number;
}

/**
 * A selection after the change: a collapsed caret leans left; a range keeps its edges on the text it
 * selected, so text typed by someone else just outside it is not swallowed into it.
 */
export function mapSelection(selection: Selection, delta: TextDelta): Selection {
	if (selection.start === selection.end) {
		const at = mapIndex(selection.start, delta, 'left');
		return { start: at, end: at };
	}
	const start = mapIndex(selection.start, delta, 'right');
	const end = Math.max(start, mapIndex(selection.end, delta, 'left'));
	return { start, end };
}

/**
 * A local edit made against the text as it was *before* `deltas` (others' changes, in order), rewritten
 * for the text after them. Used when a person's input could not be applied at once (IME composition).
 */
export function rebaseEdit(edit: TextEdit, deltas: readonly TextDelta[]): TextEdit {
	let start = edit.index;
	let end = edit.index + edit.remove;
	for (const delta of deltas) {
		const newStart = mapIndex(start, delta, 'right');
		end = end === start ? newStart : Math.max(newStart, mapIndex(end, delta, 'left'));
		start = newStart;
	}
	return { index: start, remove: end - start, insert: edit.insert };
}
