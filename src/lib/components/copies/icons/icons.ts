// The pictures beside each section of the copies for the family and the child: simple line drawings on a
// 24 × 24 grid, drawn as SVG paths so the page (CopyIcon.svelte) and the PDF (copies-pdf.ts) draw the same
// picture. They are decoration: the words beside them carry the meaning, so they are hidden from screen readers.
// What each one shows, in words, is beside it.
export const copyIcons = {
	/** A calendar page with two rings at the top. */
	meeting: 'M4 6h16v14H4z M4 10h16 M8 3v5 M16 3v5',
	/** A speech bubble with a question mark in it. */
	why: 'M4 4h16v11H10l-4 4v-4H4z M10 7.5a2 2 0 1 1 3 1.7c-.6.4-1 .8-1 1.6 M12 13v.5',
	/** Three steps going up, with an arrow at the top. */
	change: 'M3 20h5v-5h5v-5h5V5h3 M18 2l3 3-3 3',
	/** A person with a tick beside them. */
	you: 'M5 7a3 3 0 1 0 6 0a3 3 0 1 0 -6 0 M2 20c0-4 3-6 6-6s6 2 6 6 M15 11l2 2 4-4',
	/** Two people side by side. */
	others: 'M4 8a2.5 2.5 0 1 0 5 0a2.5 2.5 0 1 0 -5 0 M15 8a2.5 2.5 0 1 0 5 0a2.5 2.5 0 1 0 -5 0 M2 19c0-3 2-5 4.5-5s4.5 2 4.5 5 M13 19c0-3 2-5 4.5-5s4.5 2 4.5 5',
	/** A mobile phone. */
	contact: 'M7 2h10v20H7z M11 18h2',
	/** An exclamation mark in a triangle. */
	rules: 'M12 3L2 21h20z M12 9v6 M12 17.5v.5',
	/** A signpost with two arms pointing different ways. */
	contingency: 'M12 2v20 M5 4h11l3 2.5-3 2.5H5z M19 11H8l-3 2.5 3 2.5h11z',
	/** A speech bubble with lines of writing in it. */
	views: 'M4 4h16v11H10l-4 4v-4H4z M8 8h8 M8 11h5',
	/** Two speech bubbles facing each other. */
	disagree: 'M2 3h10v7H6l-3 3v-3H2z M12 10h10v7h-1v3l-3-3h-6z',
	/** A letter in an envelope. */
	complain: 'M3 6h18v12H3z M3 6l9 7 9-7',
	/** A clock face. */
	next: 'M3 12a9 9 0 1 0 18 0a9 9 0 1 0 -18 0 M12 7v5l3 3',
	/** A house with a heart inside it. */
	safe: 'M3 11l9-8 9 8 M5 9v12h14V9 M12 18c-3-2-4-3.5-4-5a2 2 0 0 1 4-.5a2 2 0 0 1 4 .5c0 1.5-1 3-4 5z'
} as const;

export type CopyIconName = keyof typeof copyIcons;
