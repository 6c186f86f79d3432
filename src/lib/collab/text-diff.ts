// Turns "the textarea said this, now it says that" into the one small splice Yjs should apply, so an edit
// touches only the characters the person changed and concurrent edits elsewhere in the field survive.

/** Replace `remove` characters at `index` with `insert` (UTF-16 indices, as Y.Text and textareas count). */
export interface TextEdit {
	index: number;
	remove: number;
	insert: string;
}

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/**
 * The single splice that turns `before` into `after`, or null when they are equal.
 *
 * A common prefix/suffix diff alone cannot tell where a repeated character was typed ("aa" → "aaa"), and
 * guessing wrong moves the person's text relative to someone else's concurrent edit. `caret` — where the
 * caret is after the change — resolves that: the inserted text ends at the caret, so the splice starts no
 * later than `caret - (growth)`.
 */
export function diffText(before: string, after: string, caret?: number | null): TextEdit | null {
	if (before === after) return null;
	const shortest = Math.min(before.length, after.length);
	let start = 0;
	while (start < shortest && before.charCodeAt(start) === after.charCodeAt(start)) start++;
	if (caret !== undefined && caret !== null && caret >= 0 && caret <= after.length) {
		const growth = Math.max(0, after.length - before.length);
		start = Math.max(0, Math.min(start, caret - growth));
	}
	let end = 0;
	while (
		end < shortest - start &&
		before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)
	)
		end++;
	// Never split a surrogate pair (an emoji): Yjs would store half a character.
	if (start > 0 && isHighSurrogate(before.charCodeAt(start - 1))) start--;
	if (end > 0 && isLowSurrogate(before.charCodeAt(before.length - end))) end--;
	return { index: start, remove: before.length - start - end, insert: after.slice(start, after.length - end) };
}

/** `text` with `edit` applied. */
export function applyEdit(text: string, edit: TextEdit): string {
	return text.slice(0, edit.index) + edit.insert + text.slice(edit.index + edit.remove);
}
