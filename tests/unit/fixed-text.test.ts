// No fixed words in the templates: every word a page shows comes from the message catalogues, so a Welsh page
// has no English left on it and a new language is a translation. This reads each component's template and
// fails on any text or user-facing attribute written in it directly. A component not yet moved to the
// catalogues carries the comment `<!-- words: not yet in the catalogues -->`, and is listed here.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'svelte/compiler';
import { describe, expect, it } from 'vitest';

const PENDING_MARK = '<!-- words: not yet in the catalogues -->';
const SPOKEN_ATTRIBUTES = new Set(['aria-label', 'aria-description', 'aria-roledescription', 'aria-valuetext', 'title', 'placeholder', 'alt', 'label']);
// Text with no letters (punctuation, an arrow, a number) says nothing that needs translating.
const WORDS = /\p{L}{2,}/u;

type Node = { type: string; start: number; data?: string; name?: string; value?: unknown; [key: string]: unknown };

function fixedText(source: string): { at: number; text: string }[] {
	const ast = parse(source, { modern: true });
	const found: { at: number; text: string }[] = [];
	const visit = (node: unknown): void => {
		if (!node || typeof node !== 'object') return;
		if (Array.isArray(node)) return node.forEach(visit);
		const n = node as Node;
		if (n.type === 'Text' && typeof n.data === 'string' && WORDS.test(n.data)) found.push({ at: n.start, text: n.data.trim() });
		if (n.type === 'Attribute') {
			// Only what is read out or shown (a label, a title); `type="submit"` or a class is code.
			if (n.name && SPOKEN_ATTRIBUTES.has(n.name) && Array.isArray(n.value))
				for (const part of n.value as Node[]) if (part.type === 'Text' && WORDS.test(part.data ?? '')) found.push({ at: part.start, text: `${n.name}="${part.data}"` });
			return;
		}
		for (const [key, value] of Object.entries(n)) {
			// Scripts and styles are code, not words on the page.
			if (key === 'instance' || key === 'module' || key === 'css') continue;
			if (value && typeof value === 'object') visit(value);
		}
	};
	visit(ast.fragment);
	return found;
}

const lineOf = (source: string, at: number) => source.slice(0, at).split('\n').length;

const components = (readdirSync('src', { recursive: true }) as string[])
	.filter((f) => f.endsWith('.svelte'))
	.map((f) => path.join('src', f))
	.sort();

describe('words on the pages come from the message catalogues', () => {
	it('finds the components', () => expect(components.length).toBeGreaterThan(20));
	for (const file of components) {
		const source = readFileSync(file, 'utf8');
		const pending = source.includes(PENDING_MARK);
		it.skipIf(pending)(`${file} has no fixed words`, () => {
			const found = fixedText(source).map((t) => `${file}:${lineOf(source, t.at)} ${JSON.stringify(t.text.slice(0, 60))}`);
			expect(found).toEqual([]);
		});
	}
});
