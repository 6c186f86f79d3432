// Gives a new meeting document every root and key of DESIGN §3, optionally carrying over the previous
// meeting's final plan. Run on the server only: two peers seeding separately would race for each key.
import * as Y from 'yjs';
import { actionMap, needMap, normalisePlan, outcomeMap } from './items';
import { freshOrderKeys } from './order';
import { serverOrigin } from './origin';
import {
	ATTENDANCE,
	DISAGREEMENTS,
	MEETING,
	MEETING_KEYS,
	MINUTES,
	MINUTES_KEYS,
	PLAN,
	PLAN_KEYS,
	SIGNATURES,
	VIEWS
} from './roots';
import type { PlanJson } from './types';

function planValue(key: (typeof PLAN_KEYS)[number], plan: PlanJson): unknown {
	switch (key) {
		case 'needs': {
			const keys = freshOrderKeys(plan.needs.length);
			return Y.Array.from(plan.needs.map((n, i) => needMap(n, keys[i])));
		}
		case 'outcomes': {
			const keys = freshOrderKeys(plan.outcomes.length);
			return Y.Array.from(plan.outcomes.map((o, i) => outcomeMap(o, keys[i])));
		}
		case 'actions': {
			const keys = freshOrderKeys(plan.actions.length);
			return Y.Array.from(plan.actions.map((a, i) => actionMap(a, keys[i])));
		}
		default:
			return new Y.Text(plan[key]);
	}
}

/** True when every root key of §3 exists (the roots themselves always "exist" in Yjs). */
export function isSeeded(doc: Y.Doc): boolean {
	const plan = doc.getMap(PLAN);
	const minutes = doc.getMap(MINUTES);
	const meeting = doc.getMap(MEETING);
	return (
		PLAN_KEYS.every((k) => plan.has(k)) &&
		MINUTES_KEYS.every((k) => minutes.has(k)) &&
		MEETING_KEYS.every((k) => meeting.has(k))
	);
}

/**
 * Fill in whatever §3 key is missing, in one transaction with `serverOrigin`; keys already present are
 * left alone, so seeding a seeded doc changes nothing (and emits no update). With `carriedPlan` the plan
 * starts as that plan (ids kept; links to outcomes it does not contain are dropped); minutes start empty.
 * Returns whether anything was written.
 */
export function seedMeetingDocument(doc: Y.Doc, carriedPlan?: PlanJson | null): boolean {
	if (isSeeded(doc)) return false;
	const plan = normalisePlan(carriedPlan ?? null);
	const outcomeIds = new Set(plan.outcomes.map((o) => o.id));
	for (const a of plan.actions) if (a.outcome !== null && !outcomeIds.has(a.outcome)) a.outcome = null;

	doc.transact(() => {
		const planMap = doc.getMap(PLAN);
		for (const k of PLAN_KEYS) if (!planMap.has(k)) planMap.set(k, planValue(k, plan));
		const minutes = doc.getMap(MINUTES);
		for (const k of MINUTES_KEYS) if (!minutes.has(k)) minutes.set(k, new Y.Text());
		const meeting = doc.getMap(MEETING);
		for (const k of MEETING_KEYS) if (!meeting.has(k)) meeting.set(k, k === 'status' ? 'scheduled' : null);
		// attendance, disagreements, views and signatures are empty: getting the root type is enough,
		// and an empty Y type has the same JSON on every peer whether or not it was ever written.
		doc.getMap(ATTENDANCE);
		doc.getArray(DISAGREEMENTS);
		doc.getArray(VIEWS);
		doc.getArray(SIGNATURES);
	}, serverOrigin);
	return true;
}
