// Keeps a <textarea> and a Y.Text equal while several people type into the same field. Local input goes
// to Yjs as the one small splice the person made; others' changes come back into the textarea with the
// caret and selection carried across them, so nobody's typing jumps about. Undo and redo are Yjs's, and undo
// only this person's own edits: the browser's own undo history is lost each time others' changes are shown.
import { UndoManager } from 'yjs';
import type * as Y from 'yjs';
import type { TransactionOrigin } from '$lib/plan';
import { diffText, type TextEdit } from './text-diff';
import { mapSelection, rebaseEdit, type Selection, type TextDelta } from './text-delta';

/**
 * Binds `textarea` to `text` until the returned function is called. Writes carry `origin`, so the
 * server, the undo manager and observers know whose edit it was.
 *
 * During IME composition the textarea belongs to the input method: neither side is touched until the
 * composition ends; others' changes that arrived meanwhile are held and the composed text is rebased
 * over them then.
 */
export function bindTextarea(textarea: HTMLTextAreaElement, text: Y.Text, origin: TransactionOrigin): () => void {
	/** What the textarea showed after the last reconciliation: Yjs's text at that moment. */
	let shown = text.toString();
	/** Others' changes not yet shown, each relative to the text after the one before (oldest first). */
	let held: TextDelta[] = [];
	let composing = false;
	let writing = false;

	setValue(shown, null);

	function focused(): boolean {
		return textarea.ownerDocument?.activeElement === textarea;
	}

	function selection(): Selection {
		return { start: textarea.selectionStart ?? 0, end: textarea.selectionEnd ?? 0 };
	}

	function setValue(value: string, caret: Selection | null): void {
		const scrollTop = textarea.scrollTop;
		const direction = textarea.selectionDirection ?? 'none';
		if (textarea.value !== value) textarea.value = value;
		if (caret && focused()) textarea.setSelectionRange(caret.start, caret.end, direction);
		textarea.scrollTop = scrollTop;
	}

	function write(edit: TextEdit): void {
		const length = text.length;
		const index = Math.min(edit.index, length);
		const remove = Math.min(edit.remove, length - index);
		writing = true;
		try {
			const apply = () => {
				if (remove > 0) text.delete(index, remove);
				if (edit.insert) text.insert(index, edit.insert);
			};
			if (text.doc) text.doc.transact(apply, origin);
			else apply();
		} finally {
			writing = false;
		}
	}

	/** Bring Yjs up to the textarea's local edit, then the textarea up to Yjs. */
	function reconcile(): void {
		const local = diffText(shown, textarea.value, textarea.selectionEnd);
		let caret: Selection | null = null;
		if (local) {
			const edit = held.length > 0 ? rebaseEdit(local, held) : local;
			write(edit);
			if (held.length > 0) caret = { start: edit.index + edit.insert.length, end: edit.index + edit.insert.length };
		} else if (held.length > 0) {
			caret = held.reduce((s, delta) => mapSelection(s, delta), selection());
		}
		held = [];
		shown = text.toString();
		setValue(shown, caret);
	}

	const onChange = (event: Y.YTextEvent) => {
		if (writing) return;
		const delta = event.delta as TextDelta;
		if (composing || textarea.value !== shown) {
			// The textarea holds input Yjs has not seen yet: keep this change until that input is rebased on it.
			held.push(delta);
			if (!composing) queueMicrotask(() => {
				if (!composing && held.length > 0) reconcile();
			});
			return;
		}
		const caret = mapSelection(selection(), delta);
		shown = text.toString();
		setValue(shown, caret);
	};

	const onInput = (event: Event) => {
		if (composing || (event as InputEvent).isComposing) return;
		reconcile();
	};
	const onCompositionStart = () => {
		composing = true;
	};
	const onCompositionEnd = () => {
		composing = false;
		reconcile();
	};

	const history = new UndoManager(text, { trackedOrigins: new Set([origin]) });
	/** Undoes or redoes this person's edits instead of the browser. */
	function historyStep(step: 'undo' | 'redo' | null, event: Event): void {
		if (!step || composing) return;
		event.preventDefault();
		if (textarea.value !== shown) reconcile();
		if (step === 'undo') history.undo();
		else history.redo();
	}
	const onKeyDown = (event: KeyboardEvent) => {
		if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
		const key = event.key.toLowerCase();
		historyStep(key === 'z' ? (event.shiftKey ? 'redo' : 'undo') : key === 'y' && !event.shiftKey ? 'redo' : null, event);
	};
	// The browser's menu and other ways of asking to undo.
	const onBeforeInput = (event: InputEvent) => {
		historyStep(event.inputType === 'historyUndo' ? 'undo' : event.inputType === 'historyRedo' ? 'redo' : null, event);
	};

	text.observe(onChange);
	textarea.addEventListener('keydown', onKeyDown);
	textarea.addEventListener('beforeinput', onBeforeInput);
	textarea.addEventListener('input', onInput);
	textarea.addEventListener('compositionstart', onCompositionStart);
	textarea.addEventListener('compositionend', onCompositionEnd);
	return () => {
		text.unobserve(onChange);
		history.destroy();
		textarea.removeEventListener('keydown', onKeyDown);
		textarea.removeEventListener('beforeinput', onBeforeInput);
		textarea.removeEventListener('input', onInput);
		textarea.removeEventListener('compositionstart', onCompositionStart);
		textarea.removeEventListener('compositionend', onCompositionEnd);
	};
}
