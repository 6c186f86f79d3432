// What changed between two versions of the plan, section by section: in a text, the words added and removed
// (the `diff` library's word diff); in a list, the items added, removed and edited — matched by their id —
// with each changed field. Pure, so the page shows it live in the browser and the server attributes it.
import { diffWords } from 'diff';
import { ITEM_SHAPES, PLAN_KEYS, PLAN_LIST_KEYS, type FieldKind, type PlanKey, type PlanListKey, type PlanTextKey } from './roots';
import type { ActionJson, NeedJson, OutcomeJson, PlanJson } from './types';

/** A run of words: unchanged, added in the later version, or removed from the earlier one. */
export interface WordRun {
	kind: 'same' | 'added' | 'removed';
	text: string;
}

export type PlanItem = NeedJson | OutcomeJson | ActionJson;

export type FieldChange =
	| { field: string; kind: 'text'; words: WordRun[] }
	| { field: string; kind: 'value'; fieldKind: Exclude<FieldKind, 'text'>; from: unknown; to: unknown };

export interface ItemEdit {
	id: string;
	/** The item as it is in the later version. */
	item: PlanItem;
	fields: FieldChange[];
}

export type SectionChange =
	| { kind: 'text'; key: PlanTextKey; words: WordRun[] }
	| { kind: 'list'; key: PlanListKey; added: PlanItem[]; removed: PlanItem[]; edited: ItemEdit[]; moved: boolean };

const isListKey = (key: PlanKey): key is PlanListKey => (PLAN_LIST_KEYS as readonly string[]).includes(key);

/** The words of `to` against `from`, as runs; one 'same' run when nothing changed. */
export function wordChanges(from: string, to: string): WordRun[] {
	// Most texts are untouched between two versions (and between two updates, when changes are attributed):
	// no need to diff them word by word.
	if ((from ?? '') === (to ?? '')) return [{ kind: 'same', text: to ?? '' }];
	return diffWords(from ?? '', to ?? '').map((part) => ({ kind: part.added ? 'added' : part.removed ? 'removed' : 'same', text: part.value }));
}

const changedWords = (runs: readonly WordRun[]) => runs.some((r) => r.kind !== 'same');

function itemEdit(list: PlanListKey, before: PlanItem, after: PlanItem): ItemEdit | null {
	const shape = ITEM_SHAPES[list] as Record<string, FieldKind>;
	const fields: FieldChange[] = [];
	for (const [field, kind] of Object.entries(shape)) {
		if (kind === 'id') continue;
		const from = (before as unknown as Record<string, unknown>)[field];
		const to = (after as unknown as Record<string, unknown>)[field];
		if (kind === 'text') {
			const words = wordChanges(String(from ?? ''), String(to ?? ''));
			if (changedWords(words)) fields.push({ field, kind: 'text', words });
		} else if ((from ?? null) !== (to ?? null)) {
			fields.push({ field, kind: 'value', fieldKind: kind, from: from ?? null, to: to ?? null });
		}
	}
	return fields.length ? { id: after.id, item: after, fields } : null;
}

function listChange(key: PlanListKey, from: readonly PlanItem[], to: readonly PlanItem[]): SectionChange | null {
	const before = new Map(from.map((item) => [item.id, item]));
	const after = new Map(to.map((item) => [item.id, item]));
	const added = to.filter((item) => !before.has(item.id));
	const removed = from.filter((item) => !after.has(item.id));
	const edited = to.flatMap((item) => {
		const earlier = before.get(item.id);
		const edit = earlier ? itemEdit(key, earlier, item) : null;
		return edit ? [edit] : [];
	});
	const kept = (list: readonly PlanItem[], other: Map<string, PlanItem>) => list.filter((i) => other.has(i.id)).map((i) => i.id).join();
	const moved = kept(from, after) !== kept(to, before);
	if (!added.length && !removed.length && !edited.length && !moved) return null;
	return { kind: 'list', key, added, removed, edited, moved };
}

/** The sections that differ between `from` and `to`, in the plan's order; empty when they are the same. */
export function planChanges(from: PlanJson, to: PlanJson): SectionChange[] {
	const changes: SectionChange[] = [];
	for (const key of PLAN_KEYS) {
		if (isListKey(key)) {
			const change = listChange(key, (from[key] ?? []) as PlanItem[], (to[key] ?? []) as PlanItem[]);
			if (change) changes.push(change);
		} else {
			const words = wordChanges(from[key] ?? '', to[key] ?? '');
			if (changedWords(words)) changes.push({ kind: 'text', key, words });
		}
	}
	return changes;
}

/**
 * Where each change sits, as the places a person could have edited: a section key for a text, an item's
 * id for an item added, removed or edited (and the list's key when only the order changed).
 */
export function changedPlaces(changes: readonly SectionChange[]): string[] {
	return changes.flatMap((c) =>
		c.kind === 'text' ? [c.key] : [...c.added.map((i) => i.id), ...c.removed.map((i) => i.id), ...c.edited.map((e) => e.id), ...(c.moved ? [c.key] : [])]
	);
}
