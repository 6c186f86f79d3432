// One-time links through which a member who cannot attend sends written views without signing in. Only the
// token's hash is stored; a link works once, for one member and one meeting, until it expires.
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { appendAudit } from './audit';
import type { Db } from './db/client';
import { meetings, memberships, users, viewLinks, type Meeting } from './db/schema';

export const VIEW_LINK_LIFETIME_MS = 14 * 24 * 60 * 60 * 1000;

const linkId = (token: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(token)));

export async function createViewLink(db: Db, input: { meetingId: string; caseId: string; memberId: string; createdBy: string }): Promise<string> {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	const token = encodeBase32LowerCaseNoPadding(bytes);
	await db.insert(viewLinks).values({
		id: linkId(token),
		meetingId: input.meetingId,
		memberId: input.memberId,
		createdBy: input.createdBy,
		expiresAt: new Date(Date.now() + VIEW_LINK_LIFETIME_MS)
	});
	await appendAudit(db, { action: 'view-link-created', actorUserId: input.createdBy, caseId: input.caseId, meetingId: input.meetingId, detail: { memberId: input.memberId } });
	return token;
}

export interface ViewLinkHolder {
	meeting: Meeting;
	memberId: string;
	name: string;
}

/** The member and meeting of a link while it is unused and unexpired, else null. */
export async function viewLinkHolder(db: Db, meetingId: string, token: string): Promise<ViewLinkHolder | null> {
	if (!/^[a-z2-7]{16,64}$/.test(token)) return null;
	const [row] = await db
		.select({ meeting: meetings, memberId: viewLinks.memberId, name: users.name })
		.from(viewLinks)
		.innerJoin(meetings, eq(viewLinks.meetingId, meetings.id))
		.innerJoin(memberships, eq(viewLinks.memberId, memberships.id))
		.innerJoin(users, eq(memberships.userId, users.id))
		.where(and(eq(viewLinks.id, linkId(token)), eq(viewLinks.meetingId, meetingId), isNull(viewLinks.usedAt), gt(viewLinks.expiresAt, new Date()), isNull(memberships.removedAt)));
	return row ?? null;
}

/** Marks the link used; false when another request used it first. */
export async function useViewLink(db: Db, token: string): Promise<boolean> {
	const used = await db
		.update(viewLinks)
		.set({ usedAt: new Date() })
		.where(and(eq(viewLinks.id, linkId(token)), isNull(viewLinks.usedAt)))
		.returning({ id: viewLinks.id });
	return used.length === 1;
}
