// Signing the plan: every member signs the exact plan as it stands — its hash computed by the server at the
// moment of signing — by drawing or typing; a family member may sign in person on a professional's device,
// that professional recorded as witness. Agencies may instead confirm by e-mail, recorded by the lead social
// worker. Nobody signs as someone else.
import { and, asc, eq, isNull } from 'drizzle-orm';
import { isUuid } from '../core-group';
import { isSignatureMethod, planHash, type Role } from '../plan';
import { appendAudit } from './audit';
import type { Db } from './db/client';
import { agencyConfirmations, memberships, signatures, users } from './db/schema';
import type { FactResult } from './meeting-facts';
import { withMeetingDocument } from './meeting-document';
import { mirrorQueued, queueMirror } from './mirror-queue';
import { recordFact } from './record-fact';
import type { MeetingAccess } from './meetings';
import type { SessionUser } from './accounts/session';
import { signaturePicture } from './signature-picture';

/** Roles that may hold the device for a family member signing in person. */
export const WITNESS_ROLES: readonly Role[] = ['chair', 'minute-taker', 'lead-social-worker', 'professional'];

const refused = (status: 400 | 403 | 409 | 413, message: string) => ({ ok: false as const, status, message });

async function activeMember(db: Db, caseId: string, memberId: string) {
	if (!isUuid(memberId)) return null;
	const [row] = await db
		.select({ id: memberships.id, role: memberships.role, name: users.name })
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.where(and(eq(memberships.id, memberId), eq(memberships.caseId, caseId), isNull(memberships.removedAt)));
	return row ?? null;
}

/** Whether the member already has a signature on this exact version of the plan. */
async function hasSigned(db: Pick<Db, 'select'>, meetingId: string, memberId: string, hash: string): Promise<boolean> {
	const [row] = await db
		.select({ id: signatures.id })
		.from(signatures)
		.where(and(eq(signatures.meetingId, meetingId), eq(signatures.memberId, memberId), eq(signatures.planHash, hash)))
		.limit(1);
	return row !== undefined;
}

export interface SignInput {
	method: string;
	/** The drawn image, as a PNG or SVG data URL; stored as a PNG drawn again here. */
	signature?: string;
	typedName?: string;
	/** In-person mode: the member signing on the caller's device; the caller is recorded as witness. */
	member?: string;
	userAgent?: string | null;
}

/**
 * At most one signature per member per version of the plan. A member signs again only when the plan has
 * changed since (their earlier signature is then stale); after the close the plan is frozen, so a late
 * signature is still welcome but only one per member. Signatures are evidence and never deleted, so without
 * this a script could pile up pictures in the record without end, each a stored row and a page of the PDF.
 */
export async function signPlan(db: Db, user: SessionUser, access: MeetingAccess, input: SignInput): Promise<FactResult<{ id: string; planHash: string }>> {
	if (!access.membership) return refused(403, 'Only members of the core group sign the plan.');
	if (access.meeting.status === 'scheduled') return refused(409, 'The meeting has not started yet: the plan is signed once it has been agreed.');
	const { method } = input;
	if (!isSignatureMethod(method)) return refused(400, 'Choose how to sign: draw your signature or type your name.');

	let memberId = access.membership.id;
	let signerRole = access.membership.role;
	let witness: string | null = null;
	let alreadySigned = 'You have already signed this version of the plan. Sign again only if it changes.';
	if (input.member && input.member !== memberId) {
		if (!WITNESS_ROLES.includes(access.membership.role)) return refused(403, 'You can sign only for yourself. A professional can hand over their device for a family member to sign in person.');
		const signer = await activeMember(db, access.case.id, input.member);
		if (!signer) return refused(400, 'Choose a member of this core group to sign.');
		memberId = signer.id;
		signerRole = signer.role;
		witness = access.membership.id;
		alreadySigned = `${signer.name} has already signed this version of the plan. They sign again only if it changes.`;
	}
	if (signerRole === 'observer') return refused(403, 'Observers do not sign the plan.');

	const drawn = input.signature?.trim() || null;
	const typedName = input.typedName?.trim() || null;
	if (input.method === 'drawn' && !drawn) return refused(400, 'Draw your signature in the box before signing.');
	if (input.method === 'typed' && !typedName) return refused(400, 'Type your full name to sign.');
	if (input.method === 'witnessed' && (!witness || (!drawn && !typedName))) return refused(400, 'A witnessed signature is drawn or typed by the member on a professional’s device.');
	if (typedName && typedName.length > 200) return refused(400, 'Type your name in under 200 characters.');

	// The hash of the plan as it stands now, from the live document itself.
	const currentHash = await withMeetingDocument(db, access.meeting.id, planHash);
	if (await hasSigned(db, access.meeting.id, memberId, currentHash)) return refused(409, alreadySigned);
	// Only a PNG drawn again here is stored: checked by its declared size before anything is decoded.
	let image: string | null = null;
	if (drawn) {
		const picture = await signaturePicture(drawn);
		if (!picture.ok) return refused(picture.status, picture.message);
		image = picture.dataUrl;
	}
	// The signer's membership row is held while checking and inserting, so two requests at once cannot both pass.
	const row = await db.transaction(async (tx) => {
		await tx.select({ id: memberships.id }).from(memberships).where(eq(memberships.id, memberId)).for('update');
		if (await hasSigned(tx, access.meeting.id, memberId, currentHash)) return null;
		const [inserted] = await tx
			.insert(signatures)
			.values({
				meetingId: access.meeting.id,
				memberId,
				planHash: currentHash,
				method,
				image,
				typedName,
				witnessMemberId: witness,
				signedBy: user.id,
				userAgent: input.userAgent?.slice(0, 500) ?? null
			})
			.returning({ id: signatures.id });
		// The signature, its audit row and its mirror job commit together.
		await appendAudit(tx, {
			action: 'plan-signed',
			actorUserId: user.id,
			caseId: access.case.id,
			meetingId: access.meeting.id,
			detail: { signatureId: inserted.id, memberId, method: input.method, witness, planHash: currentHash }
		});
		await queueMirror(tx, access.meeting.id);
		return inserted;
	});
	if (!row) return refused(409, alreadySigned);
	await mirrorQueued(db, access.meeting.id);
	return { ok: true, id: row.id, planHash: currentHash };
}

/** The lead social worker records an agency's e-mail confirming it accepts its responsibilities in the plan. */
export async function recordAgencyConfirmation(
	db: Db,
	user: SessionUser,
	access: MeetingAccess,
	input: { member: string; emailSentAt: string; emailText: string }
): Promise<FactResult<{ id: string }>> {
	if (access.role !== 'lead-social-worker') return refused(403, 'Only the lead social worker records an agency’s e-mail confirmation.');
	if (access.meeting.status === 'scheduled') return refused(409, 'The meeting has not started yet.');
	const member = await activeMember(db, access.case.id, input.member);
	if (!member || !['professional', 'chair', 'minute-taker'].includes(member.role)) return refused(400, 'Choose the agency member whose e-mail this is.');
	const emailText = input.emailText.trim();
	if (!emailText) return refused(400, 'Paste the text of the e-mail confirming the agency accepts its responsibilities.');
	if (emailText.length > 20_000) return refused(400, 'The e-mail text is too long: keep the confirmation itself.');
	const sent = new Date(input.emailSentAt);
	if (Number.isNaN(sent.getTime())) return refused(400, 'Enter when the e-mail was sent, as shown in the e-mail.');
	const currentHash = await withMeetingDocument(db, access.meeting.id, planHash);
	// Not mirrored into the room (the document holds no confirmations): the row and its audit row only.
	const id = await recordFact(db, null, async (tx) => {
		const [row] = await tx
			.insert(agencyConfirmations)
			.values({ meetingId: access.meeting.id, memberId: member.id, planHash: currentHash, emailSentAt: sent.toISOString(), emailText, recordedBy: user.id })
			.returning({ id: agencyConfirmations.id });
		return { value: row.id, audit: { action: 'agency-confirmation-recorded', actorUserId: user.id, caseId: access.case.id, meetingId: access.meeting.id, detail: { confirmationId: row.id, memberId: member.id, planHash: currentHash } } };
	});
	return { ok: true, id: id! };
}

export async function agencyConfirmationsOf(db: Db, meetingId: string) {
	const rows = await db.select().from(agencyConfirmations).where(eq(agencyConfirmations.meetingId, meetingId)).orderBy(asc(agencyConfirmations.at));
	return rows.map((c) => ({ id: c.id, member: c.memberId, planHash: c.planHash, emailSentAt: c.emailSentAt, emailText: c.emailText, at: c.at.toISOString() }));
}
