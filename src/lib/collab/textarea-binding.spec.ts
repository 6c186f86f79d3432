import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { userOrigin } from '$lib/plan';
import { bindTextarea } from './textarea-binding';

/** Just enough of a focused <textarea> for the binding: value, selection, events. */
class FakeTextarea extends EventTarget {
	#value = '';
	selectionStart = 0;
	selectionEnd = 0;
	selectionDirection: 'forward' | 'backward' | 'none' = 'none';
	scrollTop = 0;
	ownerDocument = { activeElement: this as unknown };

	get value() {
		return this.#value;
	}
	/** Like a browser: setting the value from script puts the caret at the end. */
	set value(v: string) {
		this.#value = v;
		this.selectionStart = this.selectionEnd = v.length;
	}
	setSelectionRange(start: number, end: number) {
		this.selectionStart = start;
		this.selectionEnd = end;
	}
	/** The person types `text` over the selection. */
	type(text: string, composing = false) {
		const v = this.#value;
		this.#value = v.slice(0, this.selectionStart) + text + v.slice(this.selectionEnd);
		this.selectionStart = this.selectionEnd = this.selectionStart + text.length;
		this.dispatchEvent(Object.assign(new Event('input'), { isComposing: composing }));
	}
	backspace() {
		const at = this.selectionStart;
		this.#value = this.#value.slice(0, at - 1) + this.#value.slice(at);
		this.selectionStart = this.selectionEnd = at - 1;
		this.dispatchEvent(new Event('input'));
	}
	caretAt(i: number) {
		this.setSelectionRange(i, i);
	}
}

function attendee(name: string, initial = '') {
	const doc = new Y.Doc();
	const text = doc.getText('concerns');
	if (initial) text.insert(0, initial);
	const textarea = new FakeTextarea();
	const unbind = bindTextarea(textarea as unknown as HTMLTextAreaElement, text, userOrigin(name));
	return { doc, text, textarea, unbind };
}

/** Deliver everything each doc has that the other lacks, as the server would relay it. */
function exchange(a: Y.Doc, b: Y.Doc) {
	const toB = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
	const toA = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
	Y.applyUpdate(b, toB, 'remote');
	Y.applyUpdate(a, toA, 'remote');
}

function pair(initial: string) {
	const chair = attendee('chair', initial);
	const social = attendee('social');
	exchange(chair.doc, social.doc);
	return { chair, social };
}

describe('bindTextarea', () => {
	it('shows the text that is already there', () => {
		const { textarea } = attendee('chair', 'Concerns so far');
		expect(textarea.value).toBe('Concerns so far');
	});

	it('sends typing as one small insertion, marked as the typist’s', () => {
		const { doc, text, textarea } = attendee('chair', 'Mum works nights');
		const seen: { delta: unknown; origin: unknown }[] = [];
		const updates: unknown[] = [];
		doc.on('update', (_update: Uint8Array, origin: unknown) => updates.push(origin));
		text.observe((e) => seen.push({ delta: e.delta, origin: e.transaction.origin }));
		textarea.caretAt(4);
		textarea.type('often ');
		expect(text.toString()).toBe('Mum often works nights');
		expect(seen).toEqual([{ delta: [{ retain: 4 }, { insert: 'often ' }], origin: userOrigin('chair') }]);
		expect(updates).toEqual([userOrigin('chair')]);
	});

	it('keeps the caret on the same words when someone types before it', () => {
		const { chair, social } = pair('dad visits');
		social.textarea.caretAt(3); // after "dad"
		chair.text.insert(0, 'Step-');
		exchange(chair.doc, social.doc);
		expect(social.textarea.value).toBe('Step-dad visits');
		expect(social.textarea.selectionStart).toBe(8);
		social.textarea.type(' (Chris)');
		exchange(chair.doc, social.doc);
		expect(chair.textarea.value).toBe('Step-dad (Chris) visits');
	});

	it('keeps a selection on the same words when text changes around it', () => {
		const { chair, social } = pair('school attendance is poor');
		social.textarea.setSelectionRange(7, 17); // "attendance"
		chair.textarea.caretAt(0);
		chair.textarea.type('Her ');
		chair.textarea.caretAt(chair.textarea.value.length);
		chair.textarea.type(' this term');
		exchange(chair.doc, social.doc);
		const { value, selectionStart, selectionEnd } = social.textarea;
		expect(value.slice(selectionStart, selectionEnd)).toBe('attendance');
	});

	it('converges when two people type in the same place at the same time', () => {
		const { chair, social } = pair('Notes: ');
		chair.textarea.caretAt(7);
		social.textarea.caretAt(7);
		// Interleaved keystrokes, each side relaying only now and then.
		for (const [c, s] of [['A', 'x'], ['B', 'y'], ['C', 'z']]) {
			chair.textarea.type(c);
			social.textarea.type(s);
			if (c === 'B') exchange(chair.doc, social.doc);
		}
		exchange(chair.doc, social.doc);
		expect(chair.textarea.value).toBe(social.textarea.value);
		expect(chair.textarea.value).toBe(chair.text.toString());
		// Each person's words stay whole and in order.
		const merged = chair.textarea.value;
		expect(merged.replace(/[xyz]/g, '')).toBe('Notes: ABC');
		expect(merged.replace(/[ABC]/g, '')).toBe('Notes: xyz');
		expect(merged.length).toBe('Notes: ABCxyz'.length);
	});

	it('lets each person carry on typing where they were after others’ edits arrive', () => {
		const { chair, social } = pair('');
		chair.textarea.type('Chair here.');
		social.textarea.type('Social worker here.');
		exchange(chair.doc, social.doc);
		chair.textarea.type(' More from the chair.');
		social.textarea.type(' More from the social worker.');
		exchange(chair.doc, social.doc);
		const merged = chair.textarea.value;
		expect(social.textarea.value).toBe(merged);
		expect(merged).toContain('Chair here. More from the chair.');
		expect(merged).toContain('Social worker here. More from the social worker.');
	});

	it('deletes only what the person deleted', () => {
		const { chair, social } = pair('abc');
		chair.textarea.caretAt(3);
		chair.textarea.backspace();
		social.textarea.caretAt(0);
		social.textarea.type('>');
		exchange(chair.doc, social.doc);
		expect(chair.textarea.value).toBe('>ab');
		expect(social.textarea.value).toBe('>ab');
	});

	it('does not touch the textarea during IME composition, then merges the composed text', () => {
		const { chair, social } = pair('会議: ');
		social.textarea.caretAt(4);
		social.textarea.dispatchEvent(new Event('compositionstart'));
		social.textarea.type('かい', true);
		// The chair edits meanwhile; the social worker's input method must not be disturbed.
		chair.textarea.caretAt(0);
		chair.textarea.type('[draft] ');
		exchange(chair.doc, social.doc);
		expect(social.textarea.value).toBe('会議: かい');
		expect(social.text.toString()).toBe('[draft] 会議: ');
		// The composition ends with different characters than were shown while composing.
		social.textarea.setSelectionRange(4, 6);
		social.textarea.type('開始', true);
		social.textarea.dispatchEvent(new Event('compositionend'));
		expect(social.textarea.value).toBe('[draft] 会議: 開始');
		expect(social.textarea.selectionStart).toBe('[draft] 会議: 開始'.length);
		exchange(chair.doc, social.doc);
		expect(chair.textarea.value).toBe('[draft] 会議: 開始');
	});

	it('undoes and redoes only this person’s own typing, after someone else’s edit arrived', () => {
		const { chair, social } = pair('Concerns: ');
		chair.textarea.caretAt(10);
		chair.textarea.type('neglect');
		exchange(chair.doc, social.doc);
		social.textarea.caretAt(social.textarea.value.length);
		social.textarea.type(' and school');
		exchange(chair.doc, social.doc);
		expect(chair.textarea.value).toBe('Concerns: neglect and school');

		const press = (shiftKey = false) =>
			Object.assign(new Event('keydown', { cancelable: true }), { key: shiftKey ? 'Z' : 'z', ctrlKey: true, metaKey: false, altKey: false, shiftKey });
		const undo = press();
		chair.textarea.dispatchEvent(undo);
		expect(undo.defaultPrevented).toBe(true);
		expect(chair.textarea.value).toBe('Concerns:  and school');
		chair.textarea.dispatchEvent(press(true));
		expect(chair.textarea.value).toBe('Concerns: neglect and school');

		chair.textarea.dispatchEvent(Object.assign(new Event('beforeinput', { cancelable: true }), { inputType: 'historyUndo' }));
		exchange(chair.doc, social.doc);
		expect(social.textarea.value).toBe('Concerns:  and school');
	});

	it('stops following the text once unbound', () => {
		const { text, textarea, unbind } = attendee('chair', 'before');
		unbind();
		text.insert(0, 'x');
		textarea.type('!');
		expect(textarea.value).toBe('before!');
		expect(text.toString()).toBe('xbefore');
	});
});
