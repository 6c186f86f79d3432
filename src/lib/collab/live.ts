// The one bridge from Yjs (and the other observables of the live room) to Svelte's runes. A `Live` value
// is re-read whenever its source reports a change, and observes that source only while some effect or
// template is reading it — a closed section of the page costs no observers.
import { createSubscriber } from 'svelte/reactivity';
import type * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';

export interface Live<T> {
	readonly current: T;
}

/**
 * `read()` as a reactive value. `observe(changed)` starts watching the source and returns how to stop;
 * it runs when the first reader appears and is stopped after the last one goes.
 */
export function live<T>(observe: (changed: () => void) => () => void, read: () => T): Live<T> {
	const subscribe = createSubscriber(observe);
	return {
		get current() {
			subscribe();
			return read();
		}
	};
}

/** `read()`, re-read after any change inside `type` (deeply: the text of an action's `what` counts). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any Y type: map, array, text
export function liveY<T>(type: Y.AbstractType<any>, read: () => T): Live<T> {
	return live((changed) => {
		const handler = () => changed();
		type.observeDeep(handler);
		return () => type.unobserveDeep(handler);
	}, read);
}

/** `read()`, re-read whenever anyone's presence changes (arrives, leaves, moves to another field). */
export function liveAwareness<T>(awareness: Awareness, read: () => T): Live<T> {
	return live((changed) => {
		const handler = () => changed();
		awareness.on('change', handler);
		return () => awareness.off('change', handler);
	}, read);
}
