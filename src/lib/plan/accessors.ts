// Typed readers and writers of the meeting document. Every writer runs in one `doc.transact` with a
// typed origin, so observers, the UndoManager and the server's attribution know who made the change.
import * as Y from 'yjs';
import { m } from '../paraglide/messages.js';
import {
	PlanInputError,
	actionMap,
	isIsoDate,
	needMap,
	normaliseAction,
	normaliseNeed,
	normaliseOutcome,
	normalisePlan,
	outcomeMap
} from './items';
import { ORDER_FIELD, freshOrderKeys, keyBetween, orderKeyOf, sortByOrder } from './order';
import type { TransactionOrigin } from './origin';
import {
	ATTENDANCE,
	DISAGREEMENTS,
	ITEM_TEXT_FIELDS,
	MEETING,
	MINUTES,
	PLAN,
	SIGNATURES,
	VIEWS,
	isActionStatus,
	type ActionStatus,
	type ItemTextField,
	type MinutesKey,
	type PlanListKey,
	type PlanTextKey
} from './roots';
import type {
	ActionJson,
	AttendanceJson,
	DisagreementJson,
	MeetingJson,
	MinutesJson,
	NeedJson,
	OutcomeJson,
	PlanJson,
	SignatureJson,
	ViewJson
} from './types';

type ItemJson = { needs: NeedJson; outcomes: OutcomeJson; actions: ActionJson };

// ---- Y types (for editor bindings) ---------------------------------------------------------------

/** A plan section's Y.Text, or null until the doc is seeded/synced. */
export function planText(doc: Y.Doc, key: PlanTextKey): Y.Text | null {
	const t = doc.getMap(PLAN).get(key);
	return t instanceof Y.Text ? t : null;
}
export function minutesText(doc: Y.Doc, key: MinutesKey): Y.Text | null {
	const t = doc.getMap(MINUTES).get(key);
	return t instanceof Y.Text ? t : null;
}
/** The Y.Array of a plan list, or null until the doc is seeded/synced. */
export function planList(doc: Y.Doc, list: PlanListKey): Y.Array<Y.Map<unknown>> | null {
	const a = doc.getMap(PLAN).get(list);
	return a instanceof Y.Array ? (a as Y.Array<Y.Map<unknown>>) : null;
}
function indexOfItem(arr: Y.Array<Y.Map<unknown>>, id: string): number {
	return arr.toArray().findIndex((m) => m instanceof Y.Map && m.get('id') === id);
}
export function findItem(doc: Y.Doc, list: PlanListKey, id: string): Y.Map<unknown> | null {
	const arr = planList(doc, list);
	const i = arr ? indexOfItem(arr, id) : -1;
	return arr && i >= 0 ? arr.get(i) : null;
}
export function itemText<L extends PlanListKey>(
	doc: Y.Doc,
	list: L,
	id: string,
	field: ItemTextField<L>
): Y.Text | null {
	const t = findItem(doc, list, id)?.get(field);
	return t instanceof Y.Text ? t : null;
}

// ---- readers ---------------------------------------------------------------------------------------

/** The plan as typed JSON; missing parts (doc not yet synced) read as empty. */
export const readPlan = (doc: Y.Doc): PlanJson => normalisePlan(doc.getMap(PLAN).toJSON());
export function readMinutes(doc: Y.Doc): MinutesJson {
	const m = doc.getMap(MINUTES).toJSON();
	return { progress: typeof m.progress === 'string' ? m.progress : '', notes: typeof m.notes === 'string' ? m.notes : '' };
}
export function readItem<L extends PlanListKey>(doc: Y.Doc, list: L, id: string): ItemJson[L] | null {
	const m = findItem(doc, list, id);
	if (!m) return null;
	const norm = { needs: normaliseNeed, outcomes: normaliseOutcome, actions: normaliseAction }[list];
	return norm(m.toJSON()) as ItemJson[L];
}
export const readAction = (doc: Y.Doc, id: string) => readItem(doc, 'actions', id);
export const readOutcome = (doc: Y.Doc, id: string) => readItem(doc, 'outcomes', id);
export const readNeed = (doc: Y.Doc, id: string) => readItem(doc, 'needs', id);

// Server-owned roots: written only by the server in the §3 shape, so read as-is.
export function readMeeting(doc: Y.Doc): MeetingJson {
	const defaults: MeetingJson = { status: 'scheduled', openedAt: null, closedAt: null, circulateBy: null, region: null, finalPlanHash: null, editingPaused: null };
	return { ...defaults, ...(doc.getMap(MEETING).toJSON() as Partial<MeetingJson>) };
}
export const readAttendance = (doc: Y.Doc) => doc.getMap(ATTENDANCE).toJSON() as AttendanceJson;
export const readDisagreements = (doc: Y.Doc) => doc.getArray(DISAGREEMENTS).toJSON() as DisagreementJson[];
export const readViews = (doc: Y.Doc) => doc.getArray(VIEWS).toJSON() as ViewJson[];
export const readSignatures = (doc: Y.Doc) => doc.getArray(SIGNATURES).toJSON() as SignatureJson[];

export interface MeetingDocumentJson {
	plan: PlanJson;
	minutes: MinutesJson;
	meeting: MeetingJson;
	attendance: AttendanceJson;
	disagreements: DisagreementJson[];
	views: ViewJson[];
	signatures: SignatureJson[];
}
/** Every root, typed. Unlike doc.toJSON(), which lists only the roots this peer has already touched. */
export const readDocument = (doc: Y.Doc): MeetingDocumentJson => ({
	plan: readPlan(doc),
	minutes: readMinutes(doc),
	meeting: readMeeting(doc),
	attendance: readAttendance(doc),
	disagreements: readDisagreements(doc),
	views: readViews(doc),
	signatures: readSignatures(doc)
});

// ---- writers ---------------------------------------------------------------------------------------

function requireList(doc: Y.Doc, list: PlanListKey): Y.Array<Y.Map<unknown>> {
	const arr = planList(doc, list);
	if (!arr) throw new PlanInputError(`plan.${list} is missing: the meeting document is not seeded`);
	return arr;
}
/** The list's items in reading order (by order key; see order.ts). */
function itemsInOrder(arr: Y.Array<Y.Map<unknown>>): Y.Map<unknown>[] {
	return sortByOrder(arr.toArray().filter((m) => m instanceof Y.Map));
}
/**
 * The order key that puts an item at reading position `at` among `others` (the rest of the list, in reading
 * order). When its neighbours leave no room — an old list without keys, or two keys made equal by two peers
 * adding at once — every item first gets fresh keys in the new order, the same keys on every peer that sees
 * the same list. Runs inside the caller's transaction.
 */
function placeAt(others: Y.Map<unknown>[], at: number): string {
	const before = at > 0 ? orderKeyOf(others[at - 1]) : null;
	const after = at < others.length ? orderKeyOf(others[at]) : null;
	const key = before === '' || after === '' ? null : keyBetween(before, after);
	if (key !== null) return key;
	const keys = freshOrderKeys(others.length + 1);
	others.forEach((item, i) => {
		const fresh = keys[i < at ? i : i + 1];
		if (item.get(ORDER_FIELD) !== fresh) item.set(ORDER_FIELD, fresh);
	});
	return keys[at];
}
/** Add an item at reading position `at` (default the end): pushed to the array, placed by its order key. */
function insertAt(arr: Y.Array<Y.Map<unknown>>, makeItem: (order: string) => Y.Map<unknown>, at: number | undefined): void {
	const ordered = itemsInOrder(arr);
	const i = at === undefined ? ordered.length : Math.max(0, Math.min(ordered.length, Math.trunc(at)));
	arr.push([makeItem(placeAt(ordered, i))]);
}
// A writer's refusal is shown to the person as "Not saved: …", so it reads in the page's language.
const NOT_A_DATE = { due: m.answers_plan_due_not_date, by: m.answers_plan_by_not_date } as const;
const NOT_AN_ID = { owner: m.answers_plan_owner_not_id, outcome: m.answers_plan_outcome_not_id } as const;
function checkDate(field: keyof typeof NOT_A_DATE, v: unknown): string | null {
	if (v === null || isIsoDate(v)) return v;
	throw new PlanInputError(NOT_A_DATE[field]({ value: JSON.stringify(v) }));
}
function checkRef(field: keyof typeof NOT_AN_ID, v: unknown): string | null {
	if (v === null || (typeof v === 'string' && v.trim() !== '')) return v;
	throw new PlanInputError(NOT_AN_ID[field]());
}
function checkOutcomeRef(doc: Y.Doc, v: unknown): string | null {
	const ref = checkRef('outcome', v);
	if (ref !== null && !findItem(doc, 'outcomes', ref)) throw new PlanInputError(m.answers_plan_no_outcome({ id: ref }));
	return ref;
}

export interface NeedInit { text?: string; at?: number }
export interface OutcomeInit { text?: string; measure?: string; by?: string | null; at?: number }
export interface ActionInit {
	what?: string;
	why?: string;
	owner?: string | null;
	due?: string | null;
	outcome?: string | null;
	contact?: string;
	status?: ActionStatus;
	at?: number;
}

/** Add a need (at index `at`, default the end); returns its new id. */
export function addNeed(doc: Y.Doc, init: NeedInit, origin: TransactionOrigin): string {
	const need = normaliseNeed({ text: init.text, id: crypto.randomUUID() });
	doc.transact(() => insertAt(requireList(doc, 'needs'), (order) => needMap(need, order), init.at), origin);
	return need.id;
}

export function addOutcome(doc: Y.Doc, init: OutcomeInit, origin: TransactionOrigin): string {
	const by = checkDate('by', init.by ?? null);
	const o = normaliseOutcome({ id: crypto.randomUUID(), text: init.text, measure: init.measure, by });
	doc.transact(() => insertAt(requireList(doc, 'outcomes'), (order) => outcomeMap(o, order), init.at), origin);
	return o.id;
}

export function addAction(doc: Y.Doc, init: ActionInit, origin: TransactionOrigin): string {
	const status = init.status ?? 'not-started';
	if (!isActionStatus(status)) throw new PlanInputError(m.answers_plan_unknown_status({ value: JSON.stringify(status) }));
	const a: ActionJson = {
		...normaliseAction({ id: crypto.randomUUID(), what: init.what, why: init.why, contact: init.contact }),
		owner: checkRef('owner', init.owner ?? null),
		due: checkDate('due', init.due ?? null),
		outcome: checkOutcomeRef(doc, init.outcome ?? null),
		status
	};
	doc.transact(() => insertAt(requireList(doc, 'actions'), (order) => actionMap(a, order), init.at), origin);
	return a.id;
}

/** Remove an item; removing an outcome also unlinks the actions that served it. False if not found. */
export function removeItem(doc: Y.Doc, list: PlanListKey, id: string, origin: TransactionOrigin): boolean {
	const arr = planList(doc, list);
	const i = arr ? indexOfItem(arr, id) : -1;
	if (!arr || i < 0) return false;
	doc.transact(() => {
		arr.delete(i, 1);
		if (list === 'outcomes')
			for (const a of planList(doc, 'actions')?.toArray() ?? []) if (a.get('outcome') === id) a.set('outcome', null);
	}, origin);
	return true;
}

/**
 * Move an item so it ends at reading position `toIndex` (clamped). Only its order key changes: the item itself
 * stays where it is in the Y.Array, so an edit another peer makes to it meanwhile is kept, and two peers moving
 * the same item at once leave it where the later key says. False if not found.
 */
export function moveItem(doc: Y.Doc, list: PlanListKey, id: string, toIndex: number, origin: TransactionOrigin): boolean {
	const arr = planList(doc, list);
	if (!arr) return false;
	const ordered = itemsInOrder(arr);
	const from = ordered.findIndex((m) => m.get('id') === id);
	if (from < 0) return false;
	const to = Math.max(0, Math.min(ordered.length - 1, Math.trunc(toIndex)));
	if (to === from) return true;
	const moved = ordered[from];
	const others = ordered.filter((_, i) => i !== from);
	doc.transact(() => moved.set(ORDER_FIELD, placeAt(others, to)), origin);
	return true;
}

/**
 * Delete every later item whose id already occurred earlier in the list — copies that moves made before order
 * keys (by re-creating the item) could leave when two peers moved the same item. After peers sync, all see the
 * same order, so all keep the same copy and concurrent repairs converge. Returns how many were removed.
 */
export function removeDuplicateIds(doc: Y.Doc, origin: TransactionOrigin): number {
	const dupes: [Y.Array<Y.Map<unknown>>, number[]][] = [];
	for (const list of ['needs', 'outcomes', 'actions'] as const) {
		const arr = planList(doc, list);
		const seen = new Set<unknown>();
		const at: number[] = [];
		arr?.toArray().forEach((m, i) => {
			const id = m instanceof Y.Map ? m.get('id') : undefined;
			if (seen.has(id)) at.push(i);
			seen.add(id);
		});
		if (arr && at.length) dupes.push([arr, at]);
	}
	if (!dupes.length) return 0;
	doc.transact(() => {
		for (const [arr, at] of dupes) for (const i of at.reverse()) arr.delete(i, 1);
	}, origin);
	return dupes.reduce((n, [, at]) => n + at.length, 0);
}

export interface ActionFieldValues {
	owner: string | null;
	due: string | null;
	outcome: string | null;
	status: ActionStatus;
}

/** Set a plain field of an action, validated. Throws PlanInputError on a bad value; false if not found. */
export function setActionField<F extends keyof ActionFieldValues>(
	doc: Y.Doc,
	id: string,
	field: F,
	value: ActionFieldValues[F],
	origin: TransactionOrigin
): boolean {
	let v: unknown;
	if (field === 'owner') v = checkRef('owner', value);
	else if (field === 'due') v = checkDate('due', value);
	else if (field === 'outcome') v = checkOutcomeRef(doc, value);
	else if (field === 'status') {
		if (!isActionStatus(value)) throw new PlanInputError(m.answers_plan_unknown_status({ value: JSON.stringify(value) }));
		v = value;
	} else throw new PlanInputError(`actions have no settable field ${JSON.stringify(field)}`);
	const action = findItem(doc, 'actions', id);
	if (!action) return false;
	if (action.get(field) !== v) doc.transact(() => action.set(field, v), origin);
	return true;
}

/** Set an outcome's target date ('YYYY-MM-DD' or null). */
export function setOutcomeBy(doc: Y.Doc, id: string, by: string | null, origin: TransactionOrigin): boolean {
	const v = checkDate('by', by);
	const outcome = findItem(doc, 'outcomes', id);
	if (!outcome) return false;
	if (outcome.get('by') !== v) doc.transact(() => outcome.set('by', v), origin);
	return true;
}

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/**
 * Replace a Y.Text's content with `value`, touching only the differing middle so concurrent edits
 * elsewhere in the text survive (a form field or a test, not the live editor, uses this).
 */
export function replaceText(text: Y.Text, value: string, origin: TransactionOrigin): void {
	const old = text.toString();
	if (old === value) return;
	let start = 0;
	while (start < old.length && start < value.length && old[start] === value[start]) start++;
	let end = 0;
	while (end < old.length - start && end < value.length - start && old[old.length - 1 - end] === value[value.length - 1 - end]) end++;
	// never cut between the two halves of a surrogate pair (an emoji, say)
	if (start > 0 && isHighSurrogate(old.charCodeAt(start - 1))) start--;
	if (end > 0 && isLowSurrogate(old.charCodeAt(old.length - end))) end--;
	const apply = () => {
		text.delete(start, old.length - start - end);
		text.insert(start, value.slice(start, value.length - end));
	};
	if (text.doc) text.doc.transact(apply, origin);
	else apply();
}

export function setPlanText(doc: Y.Doc, key: PlanTextKey, value: string, origin: TransactionOrigin): void {
	const t = planText(doc, key);
	if (!t) throw new PlanInputError(`plan.${key} is missing: the meeting document is not seeded`);
	replaceText(t, value, origin);
}
export function setMinutesText(doc: Y.Doc, key: MinutesKey, value: string, origin: TransactionOrigin): void {
	const t = minutesText(doc, key);
	if (!t) throw new PlanInputError(`minutes.${key} is missing: the meeting document is not seeded`);
	replaceText(t, value, origin);
}
export function setItemText<L extends PlanListKey>(
	doc: Y.Doc,
	list: L,
	id: string,
	field: ItemTextField<L>,
	value: string,
	origin: TransactionOrigin
): boolean {
	if (!(ITEM_TEXT_FIELDS[list] as readonly string[]).includes(field))
		throw new PlanInputError(`${list} items have no text field ${JSON.stringify(field)}`);
	const t = itemText(doc, list, id, field);
	if (!t) return false;
	replaceText(t, value, origin);
	return true;
}
