// The firewall's second question (DESIGN §4 rule 10): not only *where* an update writes, but *what* — every
// value it puts under a section must fit the document's one declared shape (src/lib/plan: ITEM_SHAPES, the
// limits): texts hold plain characters only, a list holds items that are maps with exactly the declared
// fields, each field of its kind, nothing nests deeper, and no text grows past MAX_TEXT_LENGTH. It is judged
// as the touched texts and items would be after the update, without applying it. Pure: no I/O.
import * as Y from 'yjs';
import {
	ITEM_SHAPES,
	MAX_TEXT_LENGTH,
	MINUTES,
	MINUTES_KEYS,
	PLAN,
	PLAN_LIST_KEYS,
	PLAN_TEXT_KEYS,
	fitsField,
	type FieldKind,
	type PlanListKey,
	type ShapeContext
} from '../../src/lib/plan';

/** An item as decoded from an update: its parent may be a root's name, the id of the item holding the type, or unknown (beside a neighbour). */
export type DecodedItem = Y.Item & { parent: Y.AbstractType<unknown> | Y.ID | string | null };

/** What the firewall knows of one update: its new items, how to find an item by id, what it deletes. */
export interface UpdateView {
	items: readonly DecodedItem[];
	/** The new item of this update covering `id`, if any. */
	created(id: Y.ID): DecodedItem | undefined;
	/** The struct the document already holds at `id`, if any. */
	stored(id: Y.ID): Y.Item | Y.GC | null;
	deletes: readonly { client: number; clock: number; len: number }[];
}

/** Where an item sits: the keys from its root down (null for a place in a sequence), and the item holding its parent type. */
interface Location {
	steps: (string | null)[];
	/** The item whose content is this item's parent type; null directly under a root. */
	holder: Y.Item | null;
}

const isTextSection = (root: string, key: string | null) =>
	(root === PLAN && (PLAN_TEXT_KEYS as readonly (string | null)[]).includes(key)) || (root === MINUTES && (MINUTES_KEYS as readonly (string | null)[]).includes(key));
const isListSection = (root: string, key: string | null): key is PlanListKey => root === PLAN && (PLAN_LIST_KEYS as readonly (string | null)[]).includes(key);
/** Exactly this Y type: a Y.XmlText is a Y.Text too, and is not allowed. */
const typeIs = (content: Y.Item['content'], type: typeof Y.Text | typeof Y.Map) => content instanceof Y.ContentType && content.type.constructor === type;
const textLength = (holder: Y.Item) => (holder.content instanceof Y.ContentType ? holder.content.type._length : 0);

/** Refuses the first write outside the shape; null when the whole update fits. */
export function shapeRefusal(view: UpdateView, context: ShapeContext): string | null {
	const isNew = new Set<Y.Item>(view.items);
	const located = new Map<Y.Item, Location | null>();
	// plan / actions / (position) / what / (position): deeper than that is never allowed.
	const MAX_STEPS = 6;

	function itemAt(id: Y.ID): Y.Item | null {
		const found = view.created(id) ?? view.stored(id);
		return found instanceof Y.Item ? found : null;
	}
	type Link = { root: Location } | { holder: Y.Item; key: string | null } | { sameAs: Y.Item } | null;
	/** One step up from an item: to its root, to the item holding its parent type, or to its neighbour. */
	function linkOf(item: Y.Item): Link {
		const parent = (item as DecodedItem).parent;
		if (!isNew.has(item)) {
			const type = parent as Y.AbstractType<unknown> | null;
			if (!type) return null;
			return type._item ? { holder: type._item, key: item.parentSub } : { root: { steps: [Y.findRootTypeKey(type), item.parentSub], holder: null } };
		}
		if (typeof parent === 'string') return { root: { steps: [parent, item.parentSub], holder: null } };
		if (parent instanceof Y.ID) {
			const holder = itemAt(parent);
			return holder ? { holder, key: item.parentSub } : null;
		}
		// Written without its parent: it sits where its neighbour sits, under the same key.
		const neighbourId = item.origin ?? item.rightOrigin;
		const neighbour = neighbourId ? itemAt(neighbourId) : null;
		return neighbour ? { sameAs: neighbour } : null;
	}
	/**
	 * Where an item sits, walking up without recursion (an update may nest thousands deep). Past a depth
	 * the shape never reaches, the steps stop growing: such an item is refused whatever lies below.
	 */
	function locate(start: Y.Item): Location | null {
		const path: Y.Item[] = [];
		const seen = new Set<Y.Item>();
		let found: Location | null = null;
		for (let item: Y.Item | null = start; item; ) {
			if (located.has(item)) {
				found = located.get(item)!;
				break;
			}
			if (seen.has(item)) break; // a cycle of references is nowhere
			seen.add(item);
			const link = linkOf(item);
			if (!link) break;
			if ('root' in link) {
				located.set(item, (found = link.root));
				break;
			}
			path.push(item);
			item = 'holder' in link ? link.holder : link.sameAs;
		}
		for (let i = path.length - 1; i >= 0; i--) {
			const link = linkOf(path[i]);
			if (found && link && 'holder' in link && found.steps.length < MAX_STEPS) found = { steps: [...found.steps, link.key], holder: link.holder };
			located.set(path[i], found);
		}
		return located.get(start) ?? null;
	}

	// Characters each touched text gains and loses, keyed by the item holding the text.
	const gained = new Map<Y.Item, number>();
	const lost = new Map<Y.Item, number>();
	const add = (counts: Map<Y.Item, number>, holder: Y.Item, n: number) => counts.set(holder, (counts.get(holder) ?? 0) + n);
	const deletedHere = (item: Y.Item) => {
		let n = 0;
		for (const d of view.deletes) {
			if (d.client !== item.id.client) continue;
			n += Math.max(0, Math.min(d.clock + d.len, item.id.clock + item.length) - Math.max(d.clock, item.id.clock));
		}
		return n;
	};
	const newFields = new Map<Y.Item, Set<string>>();

	for (const item of view.items) {
		const where = locate(item);
		if (!where) return 'writes where no known section is';
		const [root, key, ...rest] = where.steps;
		const content = item.content;
		// Something inserted and deleted at once, or already collected, holds nothing.
		if (content instanceof Y.ContentDeleted) continue;
		if (rest.length === 0) return `replaces the section ${root}.${key}`;

		if (root !== null && isTextSection(root, key)) {
			if (rest.length !== 1 || rest[0] !== null) return `nests inside the text ${root}.${key}`;
			if (!(content instanceof Y.ContentString)) return `puts something other than plain text in ${root}.${key}`;
			add(gained, where.holder!, item.length - deletedHere(item));
			continue;
		}
		if (root === null || !isListSection(root, key)) return `writes ${root}.${key}, which holds no such thing`;
		const shape = ITEM_SHAPES[key] as Record<string, FieldKind>;
		if (rest.length === 1) {
			if (rest[0] !== null) return `puts a key in the list ${root}.${key}`;
			if (!typeIs(content, Y.Map)) return `puts something other than an item in ${root}.${key}`;
			newFields.set(item, new Set());
			continue;
		}
		const [position, field] = rest;
		if (position !== null || field === null || !Object.hasOwn(shape, field)) return `puts an unknown key ${JSON.stringify(field)} in an item of ${root}.${key}`;
		const kind = shape[field];
		if (rest.length === 2) {
			const holder = where.holder!;
			if (!isNew.has(holder) && (kind === 'text' || kind === 'id')) return `replaces the ${field} of an item of ${root}.${key}`;
			newFields.get(holder)?.add(field);
			if (kind === 'text') {
				if (!typeIs(content, Y.Text)) return `puts something other than a text in ${key}.${field}`;
			} else if (!(content instanceof Y.ContentAny) || content.arr.length !== 1 || !fitsField(kind, content.arr[0], context)) {
				return `puts a value that is not a valid ${kind} in ${key}.${field}`;
			}
			continue;
		}
		if (rest.length === 3 && rest[2] === null && kind === 'text') {
			if (!(content instanceof Y.ContentString)) return `puts something other than plain text in ${key}.${field}`;
			add(gained, where.holder!, item.length - deletedHere(item));
			continue;
		}
		return `nests deeper than an item of ${root}.${key} allows`;
	}

	// A new item comes whole: every declared field, so nothing reads it half-made.
	for (const [item, fields] of newFields) {
		const where = locate(item)!;
		const shape = ITEM_SHAPES[where.steps[1] as PlanListKey];
		if (Object.keys(shape).some((f) => !fields.has(f))) return `adds an item to plan.${where.steps[1]} without all its fields`;
	}

	// Characters deleted from texts the document holds (history re-sent counts nothing: it is deleted already).
	for (const range of view.deletes) {
		for (let clock = range.clock; clock < range.clock + range.len; ) {
			const stored = view.stored(Y.createID(range.client, clock));
			if (!stored) break;
			const end = Math.min(range.clock + range.len, stored.id.clock + stored.length);
			const type = stored instanceof Y.Item ? (stored.parent as Y.AbstractType<unknown> | null) : null;
			const holder = type?._item;
			if (stored instanceof Y.Item && !stored.deleted && stored.countable && holder && type.constructor === Y.Text) add(lost, holder, end - clock);
			clock = end;
		}
	}
	for (const [holder, n] of gained) {
		const before = isNew.has(holder) ? 0 : textLength(holder);
		if (before + n - (lost.get(holder) ?? 0) > MAX_TEXT_LENGTH) return `makes a text longer than ${MAX_TEXT_LENGTH.toLocaleString('en-GB')} characters`;
	}
	return null;
}
