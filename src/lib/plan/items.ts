// Building Y list items from JSON and normalising untrusted JSON into the typed shapes.
// Seeding (carry-over) and the writers build items here so both produce exactly the §3 shape.
import * as Y from 'yjs';
import { ORDER_FIELD, inPlanOrder } from './order';
import { ITEM_SHAPES, isActionStatus, type FieldKind, type PlanListKey } from './roots';
import type { ActionJson, NeedJson, OutcomeJson, PlanJson } from './types';

/** Thrown when a writer is given a value the §3 contract does not allow. */
export class PlanInputError extends Error {
	override name = 'PlanInputError';
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** A real calendar date written 'YYYY-MM-DD' (2026-02-30 is not one). */
export function isIsoDate(v: unknown): v is string {
	const m = typeof v === 'string' ? ISO_DATE.exec(v) : null;
	if (!m) return false;
	const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
	return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const idOr = (v: unknown): string => (typeof v === 'string' && v !== '' ? v : crypto.randomUUID());
const dateOrNull = (v: unknown): string | null => (isIsoDate(v) ? v : null);
const refOrNull = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** How a reader makes any stored value of each kind into the typed one (lenient: the record may be old). */
const normaliseValue: Record<Exclude<FieldKind, 'order'>, (v: unknown) => unknown> = {
	text: str,
	id: idOr,
	date: dateOrNull,
	member: refOrNull,
	outcome: refOrNull,
	'action-status': (v) => (isActionStatus(v) ? v : 'not-started')
};

type ItemJsonOf = { needs: NeedJson; outcomes: OutcomeJson; actions: ActionJson };

/** Any JSON as a complete item of `list`, field by field as ITEM_SHAPES declares it — its content, not its place. */
function normaliseItem<L extends PlanListKey>(list: L, raw: Partial<ItemJsonOf[L]>): ItemJsonOf[L] {
	const shape = ITEM_SHAPES[list] as Record<string, FieldKind>;
	const r = raw as Record<string, unknown>;
	const content = Object.entries(shape).filter((entry): entry is [string, Exclude<FieldKind, 'order'>] => entry[1] !== 'order');
	return Object.fromEntries(content.map(([field, kind]) => [field, normaliseValue[kind](r[field])])) as unknown as ItemJsonOf[L];
}

export const normaliseNeed = (r: Partial<NeedJson> = {}): NeedJson => normaliseItem('needs', r);
export const normaliseOutcome = (r: Partial<OutcomeJson> = {}): OutcomeJson => normaliseItem('outcomes', r);
export const normaliseAction = (r: Partial<ActionJson> = {}): ActionJson => normaliseItem('actions', r);

const list = <T>(v: unknown, f: (r: Partial<T>) => T): T[] =>
	Array.isArray(v) ? v.filter((r) => typeof r === 'object' && r !== null).map((r) => f(r as Partial<T>)) : [];

/** Any JSON (a stored plan, a partly synced doc) as a complete PlanJson, lists in reading order; missing parts become empty. */
export function normalisePlan(raw: unknown): PlanJson {
	const r = inPlanOrder((typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>);
	return {
		concerns: str(r.concerns),
		needs: list(r.needs, normaliseNeed),
		outcomes: list(r.outcomes, normaliseOutcome),
		actions: list(r.actions, normaliseAction),
		nonNegotiables: str(r.nonNegotiables),
		contingency: str(r.contingency),
		review: str(r.review),
		childViews: str(r.childViews),
		familyViews: str(r.familyViews)
	};
}

/** A list item placed at `order` as a Y.Map, field by field as ITEM_SHAPES declares it: texts as Y.Text, the rest as values. */
function itemMap<L extends PlanListKey>(list: L, item: ItemJsonOf[L], order: string): Y.Map<unknown> {
	const shape = ITEM_SHAPES[list] as Record<string, FieldKind>;
	const values: Record<string, unknown> = { ...(item as unknown as Record<string, unknown>), [ORDER_FIELD]: order };
	// Key order inside the Y.Map does not matter for the hash (canonical JSON sorts keys).
	return new Y.Map<unknown>(Object.entries(shape).map(([field, kind]) => [field, kind === 'text' ? new Y.Text(values[field] as string) : values[field]]));
}
export const needMap = (n: NeedJson, order: string) => itemMap('needs', n, order);
export const outcomeMap = (o: OutcomeJson, order: string) => itemMap('outcomes', o, order);
export const actionMap = (a: ActionJson, order: string) => itemMap('actions', a, order);
