// A sentence from the catalogues with one of its values shown differently (in bold, as a link): the
// sentence stays whole in the catalogue, in each language's own word order, and the page cuts it around
// the value instead of gluing fragments together.

/** Stands in for the emphasised value while the message is made; never typed by anyone. */
export const MARK = '\u0001';

/** The text before and after the value that was given as `MARK`. */
export function around(sentence: string): [before: string, after: string] {
	const at = sentence.indexOf(MARK);
	return at < 0 ? [sentence, ''] : [sentence.slice(0, at), sentence.slice(at + MARK.length)];
}
