// Cases and their core groups: who may see a case, who is in it, and the changes to its membership.
import { and, asc, eq, isNull, ne } from 'drizzle-orm';
import { FORMER_CHAIR_ROLE, removalRefusal, roleChangeRefusal, type CaseViewer, type NationId, type Role } from '../core-group';
import { appendAudit } from './audit';
import type { Db } from './db/client';
import { cases, memberships, users, type Case, type Membership, type User } from './db/schema';
import type { OutboxConfig } from './outbox';
import { sendInvitation, type InvitationSent } from './accounts/invitation';
import type { SessionUser } from './accounts/session';
import { findOrCreatePendingUser } from './accounts/users';
import { m } from '../paraglide/messages.js';

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
	language: string;
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
			language: memberships.language,
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
	/** A language code ('en', 'cy', …): the person's copies and e-mails follow it. */
	language: string;
}

/** A chair who became a professional member because the chair was handed over. */
export interface FormerChair {
	membershipId: string;
	name: string;
}

export type MembershipRefusal = { ok: false; status: 403 | 404 | 409; message: string };

export type AddMemberResult =
	| ({ ok: true; membership: Membership; formerChair: FormerChair | null } & InvitationSent)
	| MembershipRefusal;

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/**
 * Locks the case's row for the rest of the transaction, so that changes to one core group happen one after
 * another (two chair hand-overs at once must not leave two chairs), and returns the actor as a viewer of it.
 */
async function lockCaseFor(tx: Tx, actor: SessionUser, caseId: string): Promise<CaseViewer | null> {
	const [locked] = await tx.select({ id: cases.id }).from(cases).where(eq(cases.id, caseId)).for('update');
	if (!locked) return null;
	const [mine] = await tx
		.select({ role: memberships.role })
		.from(memberships)
		.where(and(eq(memberships.caseId, caseId), eq(memberships.userId, actor.id), isNull(memberships.removedAt)));
	return { role: mine?.role ?? null, isAdmin: actor.isAdmin };
}

/** Makes every other chair of the case a professional member; the caller is naming a new chair. */
async function handOverChair(tx: Tx, actor: SessionUser, caseId: string, newChairId: string): Promise<FormerChair | null> {
	const former = await tx
		.update(memberships)
		.set({ role: FORMER_CHAIR_ROLE })
		.where(and(eq(memberships.caseId, caseId), eq(memberships.role, 'chair'), ne(memberships.id, newChairId), isNull(memberships.removedAt)))
		.returning({ id: memberships.id, userId: memberships.userId });
	for (const f of former) {
		await appendAudit(tx, {
			action: 'member-role-changed',
			actorUserId: actor.id,
			caseId,
			detail: { membershipId: f.id, userId: f.userId, from: 'chair', to: FORMER_CHAIR_ROLE, because: 'chair handed over' }
		});
	}
	if (former.length === 0) return null;
	const [person] = await tx.select({ name: users.name }).from(users).where(eq(users.id, former[0].userId));
	return { membershipId: former[0].id, name: person?.name ?? '' };
}

/**
 * Adds a person to the core group. A new address gets a pending account and a link to set its password,
 * sent to that address only (or, asked for `handOver`, shown once to the inviter to give in person). An
 * address that already has an account gets a membership and an e-mail saying so — never a link, because its
 * password belongs to whoever owns the address.
 */
export async function addMember(
	db: Db,
	actor: SessionUser,
	caseId: string,
	input: NewMember,
	options: { origin: string; handOver?: boolean; outbox?: OutboxConfig }
): Promise<AddMemberResult> {
	const added = await db.transaction(async (tx): Promise<MembershipRefusal | { ok: true; membership: Membership; user: User; created: boolean; formerChair: FormerChair | null }> => {
		const viewer = await lockCaseFor(tx, actor, caseId);
		if (!viewer) return { ok: false, status: 404, message: m.answers_case_gone() };
		const refusal = roleChangeRefusal(viewer, null, input.role);
		if (refusal) return { ok: false, status: 403, message: refusal };
		const { user, created } = await findOrCreatePendingUser(tx, { email: input.email, name: input.name });
		const [existing] = await tx
			.select()
			.from(memberships)
			.where(and(eq(memberships.caseId, caseId), eq(memberships.userId, user.id)));
		if (existing && !existing.removedAt) return { ok: false, status: 409, message: m.answers_already_member({ email: user.email }) };
		const details = { role: input.role, agency: input.agency, relationship: input.relationship, phone: input.phone, language: input.language };
		// Someone who left and rejoins keeps their membership id, so the record keeps one identity for them.
		const [membership] = existing
			? await tx
					.update(memberships)
					.set({ ...details, removedAt: null })
					.where(eq(memberships.id, existing.id))
					.returning()
			: await tx
					.insert(memberships)
					.values({ caseId, userId: user.id, ...details })
					.returning();
		const formerChair = input.role === 'chair' ? await handOverChair(tx, actor, caseId, membership.id) : null;
		await appendAudit(tx, {
			action: 'member-added',
			actorUserId: actor.id,
			caseId,
			detail: { membershipId: membership.id, userId: user.id, role: input.role, accountCreated: created }
		});
		return { ok: true, membership, user, created, formerChair };
	});
	if (!added.ok) return added;
	const sent = await sendInvitation(db, {
		user: added.user,
		created: added.created,
		inviter: actor,
		handOver: options.handOver ?? false,
		origin: options.origin,
		outbox: options.outbox,
		language: input.language
	});
	return { ok: true, membership: added.membership, formerChair: added.formerChair, ...sent };
}

/** A member of this case's core group now (within the transaction that locked the case), or undefined. */
async function currentMember(tx: Tx, caseId: string, membershipId: string) {
	const [member] = await tx
		.select({ role: memberships.role, userId: memberships.userId, name: users.name })
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.where(and(eq(memberships.id, membershipId), eq(memberships.caseId, caseId), isNull(memberships.removedAt)));
	return member;
}

export type ChangeRoleResult = { ok: true; name: string; from: Role; to: Role; formerChair: FormerChair | null } | MembershipRefusal;

/** Gives a member another role, within the rules of `roleChangeRefusal`; naming a new chair hands the chair over. */
export async function changeMemberRole(db: Db, actor: SessionUser, caseId: string, membershipId: string, role: Role): Promise<ChangeRoleResult> {
	return db.transaction(async (tx): Promise<ChangeRoleResult> => {
		const viewer = await lockCaseFor(tx, actor, caseId);
		const member = await currentMember(tx, caseId, membershipId);
		if (!viewer || !member) return { ok: false, status: 404, message: m.answers_member_gone() };
		const refusal = roleChangeRefusal(viewer, member.role, role);
		if (refusal) return { ok: false, status: 403, message: refusal };
		if (member.role === role) return { ok: true, name: member.name, from: role, to: role, formerChair: null };
		await tx.update(memberships).set({ role }).where(eq(memberships.id, membershipId));
		const formerChair = role === 'chair' ? await handOverChair(tx, actor, caseId, membershipId) : null;
		await appendAudit(tx, {
			action: 'member-role-changed',
			actorUserId: actor.id,
			caseId,
			detail: { membershipId, userId: member.userId, from: member.role, to: role }
		});
		return { ok: true, name: member.name, from: member.role, to: role, formerChair };
	});
}

export type RemoveMemberResult = { ok: true; name: string } | MembershipRefusal;

export async function removeMember(db: Db, actor: SessionUser, caseId: string, membershipId: string): Promise<RemoveMemberResult> {
	return db.transaction(async (tx): Promise<RemoveMemberResult> => {
		const viewer = await lockCaseFor(tx, actor, caseId);
		const member = await currentMember(tx, caseId, membershipId);
		if (!viewer || !member) return { ok: false, status: 404, message: m.answers_member_gone() };
		if (member.userId === actor.id) return { ok: false, status: 403, message: m.answers_remove_self() };
		const refusal = removalRefusal(viewer, member.role);
		if (refusal) return { ok: false, status: 403, message: refusal };
		await tx.update(memberships).set({ removedAt: new Date() }).where(eq(memberships.id, membershipId));
		await appendAudit(tx, { action: 'member-removed', actorUserId: actor.id, caseId, detail: { membershipId, userId: member.userId, role: member.role } });
		return { ok: true, name: member.name };
	});
}

export async function caseIdsOf(db: Db, userId: string): Promise<string[]> {
	const rows = await db
		.select({ caseId: memberships.caseId })
		.from(memberships)
		.where(and(eq(memberships.userId, userId), isNull(memberships.removedAt)));
	return rows.map((r) => r.caseId);
}

