// Who changed what between two versions of a meeting's plan, and when: the attributed update log (DESIGN §4
// rule 4) replayed from the earlier version's time to the later one's, each update's effect placed on the
// sections and items it changed (by the same comparison the page shows).
import { and, asc, eq, lte } from 'drizzle-orm';
import * as Y from 'yjs';
import { MINUTES_KEYS, PLAN_KEYS, changedPlaces, planChanges, readMinutes, readPlan, type MinutesJson, type PlanJson, type SectionChange } from '../plan';
import type { Db } from './db/client';
import { meetingUpdates, type Meeting } from './db/schema';
import { withMeetingDocument } from './meeting-document';
import { serverPlanVersion } from './plan-hash';
import { planVersionOf } from './plan-versions';

/** Who made the changes to one place (a section key or an item id), first and last time. */
export interface ChangeAuthors {
	/** Membership ids; null stands for the server's own writes (seeding, carrying a plan over). */
	members: (string | null)[];
	firstAt: string;
	lastAt: string;
}

/** Past this many updates between the two versions, changes are shown but not attributed. */
const MAX_REPLAYED = 5_000;

/** What one logged update changed: who sent it (null: the server), when, and the places and sections it touched. */
export interface LoggedChange {
	memberId: string | null;
	at: Date;
	/** Section keys or item ids, as `changedPlaces` names them (empty unless asked for). */
	places: string[];
	/** The plan sections and minutes parts it changed, e.g. 'concerns', 'actions', 'minutes.notes'. */
	sections: string[];
}

/**
 * Replays the attributed log up to `toAt` (null: up to now) and says, for each update after `fromAt`, what it
 * changed in the plan and the minutes. Null when there are more than `limit` such updates to replay for a page.
 */
export async function loggedChanges(
	db: Db,
	meetingId: string,
	fromAt: Date,
	toAt: Date | null,
	{ limit = MAX_REPLAYED, places = true }: { limit?: number; places?: boolean } = {}
): Promise<LoggedChange[] | null> {
	const rows = await db
		.select({ memberId: meetingUpdates.memberId, at: meetingUpdates.at, update: meetingUpdates.update })
		.from(meetingUpdates)
		// Everything up to the later version: what came before rebuilds the document, the rest is replayed.
		.where(and(eq(meetingUpdates.meetingId, meetingId), toAt === null ? undefined : lte(meetingUpdates.at, toAt)))
		.orderBy(asc(meetingUpdates.seq));
	const inWindow = (at: Date) => at > fromAt && (toAt === null || at <= toAt);
	if (rows.filter((r) => inWindow(r.at)).length > limit) return null;
	const doc = new Y.Doc({ gc: false });
	let before: { plan: PlanJson; minutes: MinutesJson } | null = null;
	const logged: LoggedChange[] = [];
	for (const row of rows) {
		if (toAt !== null && row.at > toAt) break;
		if (!inWindow(row.at)) {
			Y.applyUpdate(doc, row.update);
			continue;
		}
		before ??= { plan: readPlan(doc), minutes: readMinutes(doc) };
		Y.applyUpdate(doc, row.update);
		const after = { plan: readPlan(doc), minutes: readMinutes(doc) };
		// Which sections changed is a comparison of values; where in them (the word diff) only when asked for.
		const sections = [
			...PLAN_KEYS.filter((key) => JSON.stringify(before!.plan[key]) !== JSON.stringify(after.plan[key])),
			...MINUTES_KEYS.filter((key) => before!.minutes[key] !== after.minutes[key]).map((key) => `minutes.${key}`)
		];
		if (sections.length)
			logged.push({ memberId: row.memberId, at: row.at, places: places ? changedPlaces(planChanges(before.plan, after.plan)) : [], sections });
		before = after;
	}
	doc.destroy();
	return logged;
}

/**
 * The authors of each place changed by updates logged after `fromAt` and up to `toAt` (null: up to now).
 * Null when there were too many updates to replay for a page.
 */
export async function attributeChanges(db: Db, meetingId: string, fromAt: Date, toAt: Date | null): Promise<Record<string, ChangeAuthors> | null> {
	const logged = await loggedChanges(db, meetingId, fromAt, toAt);
	if (!logged) return null;
	const authors: Record<string, ChangeAuthors> = {};
	for (const change of logged) {
		const at = change.at.toISOString();
		for (const place of change.places) {
			const entry = (authors[place] ??= { members: [], firstAt: at, lastAt: at });
			if (!entry.members.includes(change.memberId)) entry.members.push(change.memberId);
			entry.lastAt = at;
		}
	}
	return authors;
}

/** One side of a comparison: a kept version, or the plan as it stands now. */
export interface ComparedVersion {
	planHash: string;
	plan: PlanJson;
	/** When it was kept; null for the live plan. */
	at: string | null;
}

export async function comparedVersion(db: Db, meeting: Meeting, hash: string | null): Promise<ComparedVersion | null> {
	if (hash === null) {
		const live = await withMeetingDocument(db, meeting.id, serverPlanVersion);
		return { planHash: live.planHash, plan: JSON.parse(live.plan) as PlanJson, at: null };
	}
	const version = await planVersionOf(db, meeting, hash);
	return version ? { planHash: version.planHash, plan: JSON.parse(version.plan) as PlanJson, at: version.at.toISOString() } : null;
}

/** What changed from one version to another (`to` null: to the plan as it stands), and who changed it. */
export async function compareVersions(db: Db, meeting: Meeting, fromHash: string, toHash: string | null) {
	const [from, to] = await Promise.all([comparedVersion(db, meeting, fromHash), comparedVersion(db, meeting, toHash)]);
	if (!from || !to) return null;
	const changes: SectionChange[] = planChanges(from.plan, to.plan);
	// Attribution runs forward in time: from the earlier of the two.
	const forward = from.at !== null && (to.at === null || from.at <= to.at);
	const authors = changes.length && forward ? await attributeChanges(db, meeting.id, new Date(from.at!), to.at === null ? null : new Date(to.at)) : null;
	return { from, to, changes, authors };
}
