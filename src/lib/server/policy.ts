// The authority's local policy: its timescales (defaults from the guidance) and the extra days it is closed.
// Every date the product computes — first meeting, next meeting, circulation, review — reads it from here.
import { asc, eq } from 'drizzle-orm';
import { defaultPolicy, type TimescalePolicy } from '../calendar';
import { isIsoDate } from '../core-group';
import { appendAudit } from './audit';
import type { Db } from './db/client';
import { authorityPolicy, closureDays, DEFAULT_COMPLAINTS_CONTACT } from './db/schema';
import type { SessionUser } from './accounts/session';
import { isEmail } from './accounts/email-address';

export interface LocalPolicy {
	timescales: TimescalePolicy;
	/** The authority's conference-chair contact, copied into every escalation; '' for none. */
	conferenceChairEmail: string;
	/** Where a family complains or makes representations (name, address, phone, e-mail): in the family's copy. */
	complaintsContact: string;
	/** Local closure days (YYYY-MM-DD), not working days on top of the nation's bank holidays. */
	closures: string[];
	closureNames: { day: string; name: string }[];
}

export async function loadPolicy(db: Db): Promise<LocalPolicy> {
	const [row] = await db.select().from(authorityPolicy).where(eq(authorityPolicy.id, 1));
	const days = await db.select().from(closureDays).orderBy(asc(closureDays.day));
	const timescales: TimescalePolicy = row
		? {
				firstMeetingWorkingDays: row.firstMeetingWorkingDays,
				meetingIntervalWeeks: row.meetingIntervalWeeks,
				circulationWorkingDays: row.circulationWorkingDays,
				firstReviewMonths: row.firstReviewMonths,
				reviewIntervalMonths: row.reviewIntervalMonths
			}
		: { ...defaultPolicy };
	return {
		timescales,
		conferenceChairEmail: row?.conferenceChairEmail ?? '',
		complaintsContact: row?.complaintsContact ?? DEFAULT_COMPLAINTS_CONTACT,
		closures: days.map((d) => d.day), closureNames: days.map((d) => ({ day: d.day, name: d.name })) };
}

/** The limits an administrator may set, with the words that explain each. */
export const policyFields = [
	{ key: 'firstMeetingWorkingDays', label: 'First core group meeting, within this many working days of the ICPC', min: 1, max: 30 },
	{ key: 'meetingIntervalWeeks', label: 'Later core group meetings, every this many weeks', min: 1, max: 13 },
	{ key: 'circulationWorkingDays', label: 'Minutes and written agreement circulated within this many working days', min: 1, max: 15 },
	{ key: 'firstReviewMonths', label: 'First review conference, this many months after the ICPC', min: 1, max: 6 },
	{ key: 'reviewIntervalMonths', label: 'Later review conferences, every this many months', min: 1, max: 12 }
] as const satisfies readonly { key: keyof TimescalePolicy; label: string; min: number; max: number }[];

export type PolicyResult = { ok: true } | { ok: false; message: string };

export async function savePolicy(db: Db, user: SessionUser, input: Record<string, string>): Promise<PolicyResult> {
	const values = {} as TimescalePolicy;
	for (const f of policyFields) {
		const n = Number(input[f.key]);
		if (!Number.isInteger(n) || n < f.min || n > f.max) return { ok: false, message: `${f.label}: enter a whole number from ${f.min} to ${f.max}.` };
		values[f.key] = n;
	}
	await db
		.insert(authorityPolicy)
		.values({ id: 1, ...values, updatedBy: user.id, updatedAt: new Date() })
		.onConflictDoUpdate({ target: authorityPolicy.id, set: { ...values, updatedBy: user.id, updatedAt: new Date() } });
	await appendAudit(db, { action: 'policy-changed', actorUserId: user.id, detail: { ...values } });
	return { ok: true };
}

export async function addClosureDay(db: Db, user: SessionUser, day: string, name: string): Promise<PolicyResult> {
	if (!isIsoDate(day)) return { ok: false, message: 'Enter the closure date.' };
	const label = name.trim().slice(0, 100);
	if (!label) return { ok: false, message: 'Say what the closure is, for example “Council closure day”.' };
	await db.insert(closureDays).values({ day, name: label, createdBy: user.id }).onConflictDoUpdate({ target: closureDays.day, set: { name: label } });
	await appendAudit(db, { action: 'closure-day-added', actorUserId: user.id, detail: { day, name: label } });
	return { ok: true };
}

export async function removeClosureDay(db: Db, user: SessionUser, day: string): Promise<PolicyResult> {
	if (!isIsoDate(day)) return { ok: false, message: 'That is not a closure date.' };
	await db.delete(closureDays).where(eq(closureDays.day, day));
	await appendAudit(db, { action: 'closure-day-removed', actorUserId: user.id, detail: { day } });
	return { ok: true };
}

/** Sets the conference-chair contact escalations are copied to (an e-mail address, or empty for none). */
export async function saveConferenceChairEmail(db: Db, user: SessionUser, address: string): Promise<PolicyResult> {
	const value = address.trim().toLowerCase();
	if (value && !isEmail(value)) return { ok: false, message: 'Enter the conference chair’s e-mail address, like conference.chair@council.example, or leave it empty.' };
	await db.transaction(async (tx) => {
		await tx
			.insert(authorityPolicy)
			.values({ id: 1, conferenceChairEmail: value, updatedBy: user.id, updatedAt: new Date() })
			.onConflictDoUpdate({ target: authorityPolicy.id, set: { conferenceChairEmail: value, updatedBy: user.id, updatedAt: new Date() } });
		await appendAudit(tx, { action: 'policy-changed', actorUserId: user.id, detail: { conferenceChairEmail: value } });
	});
	return { ok: true };
}

/** Sets the complaints contact the family's copy gives (required: a family must always be told where to complain). */
export async function saveComplaintsContact(db: Db, user: SessionUser, contact: string): Promise<PolicyResult> {
	const value = contact.trim().replace(/\s*\n\s*/g, '\n').slice(0, 500);
	if (!value) return { ok: false, message: 'Enter where a family can complain: a team, an address, a phone number or an e-mail address.' };
	await db.transaction(async (tx) => {
		await tx
			.insert(authorityPolicy)
			.values({ id: 1, complaintsContact: value, updatedBy: user.id, updatedAt: new Date() })
			.onConflictDoUpdate({ target: authorityPolicy.id, set: { complaintsContact: value, updatedBy: user.id, updatedAt: new Date() } });
		await appendAudit(tx, { action: 'policy-changed', actorUserId: user.id, detail: { complaintsContact: value } });
	});
	return { ok: true };
}
