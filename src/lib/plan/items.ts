// Building Y list items from JSON and normalising untrusted JSON into the typed shapes.
// Seeding (carry-over) and the writers build items here so both produce exactly the §3 shape.
import * as Y from 'yjs';
import { isActionStatus } from './roots';
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

export const normaliseNeed = (r: Partial<NeedJson> = {}): NeedJson => ({ id: idOr(r.id), text: str(r.text) });
export const normaliseOutcome = (r: Partial<OutcomeJson> = {}): OutcomeJson => ({
	id: idOr(r.id),
	text: str(r.text),
	measure: str(r.measure),
	by: dateOrNull(r.by)
});
export const normaliseAction = (r: Partial<ActionJson> = {}): ActionJson => ({
	id: idOr(r.id),
	what: str(r.what),
	why: str(r.why),
	owner: refOrNull(r.owner),
	due: dateOrNull(r.due),
	outcome: refOrNull(r.outcome),
	contact: str(r.contact),
	status: isActionStatus(r.status) ? r.status : 'not-started'
});

const list = <T>(v: unknown, f: (r: Partial<T>) => T): T[] =>
	Array.isArray(v) ? v.filter((r) => typeof r === 'object' && r !== null).map((r) => f(r as Partial<T>)) : [];

/** Any JSON (a stored plan, a partly synced doc) as a complete PlanJson; missing parts become empty. */
export function normalisePlan(raw: unknown): PlanJson {
	const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
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

// Key order inside the Y.Map does not matter for the hash (canonical JSON sorts keys).
export const needMap = (n: NeedJson) =>
	new Y.Map<unknown>([
		['id', n.id],
		['text', new Y.Text(n.text)]
	]);
export const outcomeMap = (o: OutcomeJson) =>
	new Y.Map<unknown>([
		['id', o.id],
		['text', new Y.Text(o.text)],
		['measure', new Y.Text(o.measure)],
		['by', o.by]
	]);
export const actionMap = (a: ActionJson) =>
	new Y.Map<unknown>([
		['id', a.id],
		['what', new Y.Text(a.what)],
		['why', new Y.Text(a.why)],
		['owner', a.owner],
		['due', a.due],
		['outcome', a.outcome],
		['contact', new Y.Text(a.contact)],
		['status', a.status]
	]);
