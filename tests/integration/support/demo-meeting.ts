// The demo case's scheduled meeting and its core group, by the local part of each demo e-mail address
// ('chair', 'parent', 'social.worker', …): what most integration suites start from.
import { eq } from 'drizzle-orm';
import type { Db } from '../../../src/lib/server/db/client';
import { meetings, memberships, users } from '../../../src/lib/server/db/schema';
import { seedDemo } from '../../../src/lib/server/demo';
import { livePlanVersion } from '../../../src/lib/server/plan-versions';
import { openMeeting } from '../../../src/lib/server/meeting-facts';
import { meetingAccess } from '../../../src/lib/server/meetings';
import type { SessionUser } from '../../../src/lib/server/accounts/session';

export type DemoPeople = Record<string, { user: SessionUser; memberId: string }>;

export async function seedDemoMeeting(db: Db): Promise<{ caseId: string; meetingId: string; people: DemoPeople }> {
	const { caseId } = await seedDemo(db);
	const [{ id: meetingId }] = await db.select({ id: meetings.id }).from(meetings).where(eq(meetings.caseId, caseId));
	return { caseId, meetingId, people: await demoPeople(db, meetingId) };
}

/** The core group of a meeting's case, by the local part of each demo e-mail address. */
export async function demoPeople(db: Db, meetingId: string): Promise<DemoPeople> {
	const [{ caseId }] = await db.select({ caseId: meetings.caseId }).from(meetings).where(eq(meetings.id, meetingId));
	const rows = await db
		.select({ user: users, memberId: memberships.id })
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.where(eq(memberships.caseId, caseId));
	const people: DemoPeople = {};
	for (const r of rows) people[r.user.email.split('@')[0]] = { user: r.user, memberId: r.memberId };
	return people;
}

/** The hash of the plan as it stands now: what a signer's page would post as the version it showed. */
export async function shownPlanHash(db: Db, meetingId: string): Promise<string> {
	return (await livePlanVersion(db, meetingId)).planHash;
}

/**
 * Opens the demo meeting as its chair would: before it opens only the chair, minute-taker and lead social
 * worker may write, so suites about what other members write start from an open meeting.
 */
export async function openDemoMeeting(db: Db, meetingId: string, people: DemoPeople): Promise<void> {
	const access = await meetingAccess(db, people.chair.user, meetingId);
	const opened = access && (await openMeeting(db, people.chair.user, access));
	if (!opened?.ok) throw new Error(`the demo meeting could not be opened: ${JSON.stringify(opened)}`);
}
