// Who changed what between two versions of a meeting's plan, and when: the attributed update log (DESIGN §4
// rule 4) replayed from the earlier version's time to the later one's, each update's effect placed on the
// sections and items it changed (by the same comparison the page shows).
import { and, asc, eq, lte } from 'drizzle-orm';
import * as Y from 'yjs';
import { changedPlaces, planChanges, readPlan, type PlanJson, type SectionChange } from '../plan';
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

/**
 * The authors of each place changed by updates logged after `fromAt` and up to `toAt` (null: up to now).
 * Null when there were too many updates to replay for a page.
 */
export async function attributeChanges(db: Db, meetingId: string, fromAt: Date, toAt: Date | null): Promise<Record<string, ChangeAuthors> | null> {
	const rows = await db
		.select({ memberId: meetingUpdates.memberId, at: meetingUpdates.at, update: meetingUpdates.update })
		.from(meetingUpdates)
		// Everything up to the later version: what came before rebuilds the document, the rest is replayed.
		.where(and(eq(meetingUpdates.meetingId, meetingId), toAt === null ? undefined : lte(meetingUpdates.at, toAt)))
		.orderBy(asc(meetingUpdates.seq));
	const inWindow = (at: Date) => at > fromAt && (toAt === null || at <= toAt);
	if (rows.filter((r) => inWindow(r.at)).length > MAX_REPLAYED) return null;
	const doc = new Y.Doc({ gc: false });
	let before: PlanJson | null = null;
	const authors: Record<string, ChangeAuthors> = {};
	for (const row of rows) {
		if (toAt !== null && row.at > toAt) break;
		if (!inWindow(row.at)) {
			Y.applyUpdate(doc, row.update);
			continue;
		}
		before ??= readPlan(doc);
		Y.applyUpdate(doc, row.update);
		const after = readPlan(doc);
		for (const place of changedPlaces(planChanges(before, after))) {
			const at = row.at.toISOString();
			const entry = (authors[place] ??= { members: [], firstAt: at, lastAt: at });
			if (!entry.members.includes(row.memberId)) entry.members.push(row.memberId);
			entry.lastAt = at;
		}
		before = after;
	}
	doc.destroy();
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
