// What this device holds that the meeting's record does not — the edits a refusal left stranded (made
// offline, then the meeting closed; or refused outright). The page lists them so their author can copy the
// words elsewhere before the device's copy is discarded.
import {
	MINUTES,
	MINUTES_KEYS,
	PLAN,
	PLAN_LIST_KEYS,
	PLAN_TEXT_KEYS,
	type ActionJson,
	type MinutesJson,
	type MinutesKey,
	type NeedJson,
	type OutcomeJson,
	type PlanJson,
	type PlanListKey,
	type PlanTextKey
} from '$lib/plan';

export interface MeetingText {
	plan: PlanJson;
	minutes: MinutesJson;
}

export type UnsavedChange =
	| { root: typeof PLAN; key: PlanTextKey; text: string }
	| { root: typeof MINUTES; key: MinutesKey; text: string }
	| { root: typeof PLAN; key: PlanListKey; position: number; item: NeedJson | OutcomeJson | ActionJson };

/**
 * Each text section whose words differ from the record, and each list item the record lacks or holds
 * differently — as this device has it: text sections, then list items, then the minutes. Items this device deleted are not listed: the
 * record still has them, so nothing is lost.
 */
export function unsavedChanges(device: MeetingText, record: MeetingText): UnsavedChange[] {
	const out: UnsavedChange[] = [];
	const textChanged = (mine: string, theirs: string) => mine !== theirs && mine.trim() !== '';
	for (const key of PLAN_TEXT_KEYS) {
		if (textChanged(device.plan[key], record.plan[key])) out.push({ root: PLAN, key, text: device.plan[key] });
	}
	for (const key of PLAN_LIST_KEYS) {
		const recorded = new Map<string, string>(record.plan[key].map((item) => [item.id, JSON.stringify(item)]));
		device.plan[key].forEach((item, i) => {
			if (recorded.get(item.id) !== JSON.stringify(item)) out.push({ root: PLAN, key, position: i + 1, item });
		});
	}
	for (const key of MINUTES_KEYS) {
		if (textChanged(device.minutes[key], record.minutes[key])) out.push({ root: MINUTES, key, text: device.minutes[key] });
	}
	return out;
}
