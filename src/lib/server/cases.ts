// Cases and their core groups: who may see a case, who is in it, and the changes to its membership.
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { CaseViewer, NationId, Role } from '../core-group';
import { appendAudit } from './audit';
import type { Db } from './db/client';
import { cases, memberships, users, type Case, type Membership } from './db/schema';
import type { SessionUser } from './accounts/session';
import { createPasswordLink, createUser, findUserByEmail } from './accounts/users';

export interface CaseAccess extends CaseViewer {
	case: Case;
	membership: Membership | null;
}

/**
 * The caller's access to a case, or null — which every route answers with 404, so that a non-member
 * cannot even learn that the case exists.
 */
export async function caseAccess(db: Db, user: SessionUser, caseId: string): Promise<CaseAccess | null> {
	const [row] = await db
		.select({ case: cases, membership: memberships })
		.from(cases)
		.leftJoin(
			memberships,
			and(eq(memberships.caseId, cases.id), eq(memberships.userId, user.id), isNull(memberships.removedAt))
		)
		.where(eq(cases.id, caseId));
	if (!row) return null;
	if (!row.membership && !user.isAdmin) return null;
	return { case: row.case, membership: row.membership, role: row.membership?.role ?? null, isAdmin: user.isAdmin };
}

/** The cases the user belongs to (an administrator sees every case), with their role in each. */
export async function casesOf(db: Db, user: SessionUser): Promise<{ case: Case; role: Role | null }[]> {
	if (user.isAdmin) {
		const all = await db.select().from(cases).orderBy(asc(cases.childName));
		const mine = await db
			.select()
			.from(memberships)
			.where(and(eq(memberships.userId, user.id), isNull(memberships.removedAt)));
		return all.map((c) => ({ case: c, role: mine.find((m) => m.caseId === c.id)?.role ?? null }));
	}
	const rows = await db
		.select({ case: cases, role: memberships.role })
		.from(memberships)
		.innerJoin(cases, eq(memberships.caseId, cases.id))
		.where(and(eq(memberships.userId, user.id), isNull(memberships.removedAt)))
		.orderBy(asc(cases.childName));
	return rows;
}

export interface CoreGroupMember {
	id: string;
	userId: string;
	name: string;
	email: string;
	role: Role;
	agency: string;
	relationship: string;
	phone: string;
	/** False until the person has set a password through their invitation link. */
	active: boolean;
}

const roleOrder: Role[] = ['chair', 'lead-social-worker', 'minute-taker', 'family', 'child', 'professional', 'observer'];

export async function coreGroup(db: Db, caseId: string): Promise<CoreGroupMember[]> {
	const rows = await db
		.select({
			id: memberships.id,
			userId: users.id,
			name: users.name,
			email: users.email,
			role: memberships.role,
			agency: memberships.agency,
			relationship: memberships.relationship,
			phone: memberships.phone,
			passwordHash: users.passwordHash
		})
		.from(memberships)
		.innerJoin(users, eq(memberships.userId, users.id))
		.where(and(eq(memberships.caseId, caseId), isNull(memberships.removedAt)));
	return rows
		.map(({ passwordHash, ...m }) => ({ ...m, active: passwordHash !== null }))
		.sort((a, b) => roleOrder.indexOf(a.role) - roleOrder.indexOf(b.role) || a.name.localeCompare(b.name));
}

export interface NewCase {
	reference: string;
	childName: string;
	childDateOfBirth: string | null;
	preferredLanguage: string;
	nation: NationId;
	icpcDate: string;
}

export async function createCase(db: Db, actor: SessionUser, input: NewCase): Promise<Case> {
	const [created] = await db.insert(cases).values(input).returning();
	await appendAudit(db, { action: 'case-created', actorUserId: actor.id, caseId: created.id, detail: { reference: input.reference } });
	return created;
}

export interface NewMember {
	email: string;
	name: string;
	role: Role;
	agency: string;
	relationship: string;
	phone: string;
}

export type AddMemberResult =
	| { ok: true; membership: Membership; passwordLink: string | null }
	| { ok: false; message: string };

/**
 * Adds a person to the core group. Someone new gets an account and a one-time link to set a password;
 * the link is returned for the inviter to pass on (an outbox sends it once e-mail is configured).
 */
export async function addMember(db: Db, actor: SessionUser, caseId: string, input: NewMember): Promise<AddMemberResult> {
	let user = await findUserByEmail(db, input.email);
	user ??= await createUser(db, { email: input.email, name: input.name });
	const [existing] = await db
		.select()
		.from(memberships)
		.where(and(eq(memberships.caseId, caseId), eq(memberships.userId, user.id)));
	if (existing && !existing.removedAt) return { ok: false, message: `${user.email} is already in this core group.` };
	const details = { role: input.role, agency: input.agency, relationship: input.relationship, phone: input.phone };
	// Someone who left and rejoins keeps their membership id, so the record keeps one identity for them.
	const [membership] = existing
		? await db
				.update(memberships)
				.set({ ...details, removedAt: null })
				.where(eq(memberships.id, existing.id))
				.returning()
		: await db
				.insert(memberships)
				.values({ caseId, userId: user.id, ...details })
				.returning();
	const passwordLink = user.passwordHash ? null : await createPasswordLink(db, user.id, actor.id);
	await appendAudit(db, {
		action: 'member-added',
		actorUserId: actor.id,
		caseId,
		detail: { membershipId: membership.id, userId: user.id, role: input.role }
	});
	return { ok: true, membership, passwordLink };
}

export async function changeMemberRole(db: Db, actor: SessionUser, caseId: string, membershipId: string, role: Role): Promise<boolean> {
	const updated = await db
		.update(memberships)
		.set({ role })
		.where(and(eq(memberships.id, membershipId), eq(memberships.caseId, caseId), isNull(memberships.removedAt)))
		.returning({ id: memberships.id });
	if (updated.length === 0) return false;
	await appendAudit(db, { action: 'member-role-changed', actorUserId: actor.id, caseId, detail: { membershipId, role } });
	return true;
}

export async function removeMember(db: Db, actor: SessionUser, caseId: string, membershipId: string): Promise<boolean> {
	const removed = await db
		.update(memberships)
		.set({ removedAt: new Date() })
		.where(and(eq(memberships.id, membershipId), eq(memberships.caseId, caseId), isNull(memberships.removedAt)))
		.returning({ id: memberships.id, userId: memberships.userId });
	if (removed.length === 0) return false;
	await appendAudit(db, { action: 'member-removed', actorUserId: actor.id, caseId, detail: { membershipId, userId: removed[0].userId } });
	return true;
}

export async function caseIdsOf(db: Db, userId: string): Promise<string[]> {
	const rows = await db
		.select({ caseId: memberships.caseId })
		.from(memberships)
		.where(and(eq(memberships.userId, userId), isNull(memberships.removedAt)));
	return rows.map((r) => r.caseId);
}

