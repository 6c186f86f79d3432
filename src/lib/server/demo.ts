// Demo data: two obviously fictional cases and one account per role, so the product can be tried at once.
import { count, eq } from 'drizzle-orm';
import type { Role } from '../core-group';
import { appendAudit } from './audit';
import type { Db } from './db/client';
import { cases, meetings, memberships, users } from './db/schema';
import { hashPassword } from './accounts/password';

export const demoPassword = () => process.env.DEMO_PASSWORD || 'demo-password';

interface DemoPerson {
	email: string;
	name: string;
	role: Role;
	agency: string;
	relationship: string;
}

const demoCoreGroup: DemoPerson[] = [
	{ email: 'chair@demo.test', name: 'Morgan Chairfield', role: 'chair', agency: "Children's Services (demo)", relationship: 'Team manager' },
	{ email: 'minutes@demo.test', name: 'Lee Notetaker', role: 'minute-taker', agency: "Children's Services (demo)", relationship: 'Business support officer' },
	{ email: 'social.worker@demo.test', name: 'Sam Caseworth', role: 'lead-social-worker', agency: "Children's Services (demo)", relationship: 'Social worker' },
	{ email: 'parent@demo.test', name: 'Robin Testcase', role: 'family', agency: 'Family', relationship: 'Parent' },
	{ email: 'school@demo.test', name: 'Jo Lessonby', role: 'professional', agency: 'Example Primary School (demo)', relationship: 'Designated safeguarding lead' },
	{ email: 'health@demo.test', name: 'Kit Wellbeing', role: 'professional', agency: 'Health Visiting Team (demo)', relationship: 'Health visitor' },
	{ email: 'observer@demo.test', name: 'Ash Shadowing', role: 'observer', agency: "Children's Services (demo)", relationship: 'Student social worker' }
];
const outsider: DemoPerson = {
	email: 'outsider@demo.test',
	name: 'Pat Elsewhere',
	role: 'lead-social-worker',
	agency: "Children's Services (demo)",
	relationship: 'Social worker'
};
const administrator = { email: 'admin@demo.test', name: 'Demo Administrator' };

const DAY_MS = 24 * 60 * 60 * 1000;
const isoDate = (d: Date) => d.toISOString().slice(0, 10);
/** 10:00 UK time on the day `days` from now: demo meetings sit in the near future whenever the demo starts. */
function morningInDays(days: number): Date {
	const d = new Date(Date.now() + days * DAY_MS);
	d.setUTCHours(10, 0, 0, 0);
	return d;
}

export const DEMO_CASE_REFERENCE = 'DEMO-0001';

/** Creates the demo (once) and `extraMeetings` more scheduled meetings of the demo case. */
export async function seedDemo(db: Db, options: { extraMeetings?: number } = {}): Promise<{ caseId: string; created: boolean }> {
	let [demoCase] = await db.select().from(cases).where(eq(cases.reference, DEMO_CASE_REFERENCE));
	const created = !demoCase;
	if (!demoCase) demoCase = await createDemoCases(db);
	const extra = options.extraMeetings ?? 0;
	if (extra > 0) {
		await db.insert(meetings).values(
			Array.from({ length: extra }, (_, i) => ({
				caseId: demoCase.id,
				scheduledFor: morningInDays(4 + i),
				place: `Demo meeting room ${i + 2}`
			}))
		);
	}
	return { caseId: demoCase.id, created };
}

/** Seeds only when the database has nobody in it: the first start of a fresh embedded database. */
export async function ensureDemoData(db: Db): Promise<void> {
	const [{ n }] = await db.select({ n: count() }).from(users);
	if (n === 0) await seedDemo(db);
}

async function createDemoCases(db: Db) {
	const passwordHash = await hashPassword(demoPassword());
	const userIds = new Map<string, string>();
	for (const person of [...demoCoreGroup, outsider, { ...administrator }]) {
		const [u] = await db
			.insert(users)
			.values({ email: person.email, name: person.name, passwordHash, isAdmin: person.email === administrator.email })
			.onConflictDoUpdate({ target: users.email, set: { name: person.name } })
			.returning({ id: users.id });
		userIds.set(person.email, u.id);
	}

	const [demoCase] = await db
		.insert(cases)
		.values({
			reference: DEMO_CASE_REFERENCE,
			childName: 'Jamie Testcase (fictional)',
			childDateOfBirth: '2019-03-14',
			preferredLanguage: 'English',
			nation: 'england-wales',
			icpcDate: isoDate(new Date(Date.now() - 5 * DAY_MS))
		})
		.returning();
	await db.insert(memberships).values(
		demoCoreGroup.map((p) => ({
			caseId: demoCase.id,
			userId: userIds.get(p.email)!,
			role: p.role,
			agency: p.agency,
			relationship: p.relationship
		}))
	);
	await db.insert(meetings).values({
		caseId: demoCase.id,
		scheduledFor: morningInDays(3),
		place: 'Family room, Example Children’s Centre (demo)'
	});

	const [otherCase] = await db
		.insert(cases)
		.values({
			reference: 'DEMO-0002',
			childName: 'Casey Samplecase (fictional)',
			childDateOfBirth: '2016-09-02',
			preferredLanguage: 'Welsh',
			nation: 'england-wales',
			icpcDate: isoDate(new Date(Date.now() - 20 * DAY_MS))
		})
		.returning();
	await db.insert(memberships).values({
		caseId: otherCase.id,
		userId: userIds.get(outsider.email)!,
		role: outsider.role,
		agency: outsider.agency,
		relationship: outsider.relationship
	});
	await db.insert(meetings).values({ caseId: otherCase.id, scheduledFor: morningInDays(6), place: 'Demo office' });
	await appendAudit(db, { action: 'demo-data-created', caseId: demoCase.id });
	return demoCase;
}
