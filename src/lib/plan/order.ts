// Where each item of a plan list stands. An item is never moved inside its Y.Array — Yjs cannot move, and
// deleting and re-creating it loses an edit someone is making to it — so each item carries a fractional
// `order` key (fractional-indexing) and the list reads sorted by it; a move sets one key.
// The key is placement, not content: the canonical plan is the sorted list without it, so a plan hashes the
// same however its items came to stand where they are, and a document written before order keys existed
// (no key anywhere) reads and hashes exactly as it did.
import { generateKeyBetween, generateNKeysBetween } from 'fractional-indexing';
import { PLAN_LIST_KEYS } from './roots';

/** The item field that holds its order key. */
export const ORDER_FIELD = 'order';
/** Longer than any key a meeting makes (each move between two neighbours adds about one character). */
const MAX_ORDER_KEY_LENGTH = 200;

/** True when `value` is an order key the writers can place another key beside. */
export function isOrderKey(value: unknown): value is string {
	if (typeof value !== 'string' || value.length === 0 || value.length > MAX_ORDER_KEY_LENGTH || !/^[0-9A-Za-z]+$/.test(value)) return false;
	try {
		generateKeyBetween(value, null); // the library's own check of a key's form
		return true;
	} catch {
		return false;
	}
}

/** An item's key as stored, or '' (sorts first) for an item written before order keys. */
export function orderKeyOf(item: unknown): string {
	const get = (item as { get?: unknown })?.get;
	const key = typeof get === 'function' ? (get as (k: string) => unknown).call(item, ORDER_FIELD) : (item as Record<string, unknown> | null)?.[ORDER_FIELD];
	return typeof key === 'string' ? key : '';
}

/** The items in their reading order: by key; equal keys (none at all, in an old document) keep their array order. */
export function sortByOrder<T>(items: readonly T[]): T[] {
	// Keys compare by code unit, as fractional-indexing makes them — never by locale.
	return [...items].sort((a, b) => {
		const ka = orderKeyOf(a);
		const kb = orderKeyOf(b);
		return ka < kb ? -1 : ka > kb ? 1 : 0;
	});
}

/** The plan's JSON (doc.getMap('plan').toJSON() or a stored plan) in reading order, without order keys. */
export function inPlanOrder<P extends Record<string, unknown>>(plan: P): P {
	const lists = PLAN_LIST_KEYS.filter((key) => Array.isArray(plan[key]));
	if (lists.length === 0) return plan;
	const ordered: Record<string, unknown> = { ...plan };
	for (const key of lists)
		ordered[key] = sortByOrder(plan[key] as unknown[]).map((item) => {
			if (typeof item !== 'object' || item === null || !Object.hasOwn(item, ORDER_FIELD)) return item;
			const { [ORDER_FIELD]: _placement, ...content } = item as Record<string, unknown>;
			return content;
		});
	return ordered as P;
}

/** Keys for `n` items in a row, the same on every peer (so two peers giving an old list keys agree). */
export const freshOrderKeys = (n: number): string[] => generateNKeysBetween(null, null, n);

/** A key between two neighbours' keys (null: the start or the end), or null when they leave no room (equal, missing or out of order). */
export function keyBetween(before: string | null, after: string | null): string | null {
	if ((before !== null && !isOrderKey(before)) || (after !== null && !isOrderKey(after))) return null;
	if (before !== null && after !== null && !(before < after)) return null;
	return generateKeyBetween(before, after);
}
