// Signing the plan: every member signs the exact version of the plan their page showed (its hash posted with
// the signature, and refused if the stored plan has changed since), by drawing or typing, saying whether they
// agree or have read it and do not agree (and why), who explained it and who interpreted. A family member or
// the child may sign in person on a professional's device, that professional recorded as witness; a
// professional signs for themselves. Agencies may instead confirm by e-mail, recorded by the lead social
// worker. Nobody signs as someone else. The version signed is kept (plan-versions.ts).
import { and, eq, isNull } from 'drizzle-orm';
import { isUuid } from '../core-group';
import { isSignatureMethod, type Role } from '../plan';
import { appendAudit } from './audit';
import type { Db } from './db/client';
import { agencyConfirmations, memberships, signatures, users } from './db/schema';
import { insertDisagreement, type FactResult } from './meeting-facts';
import { mirrorQueued, queueMirror } from './mirror-queue';
import { recordFact } from './record-fact';
import type { MeetingAccess } from './meetings';
import type { SessionUser } from './accounts/session';
import { signaturePicture } from './signature-picture';
import { isPlanHash, lockedPlanVersion, storePlanVersion } from './plan-versions';
import { meetingChangesStored } from './meeting-document';
import { m } from '../paraglide/messages.js';

/** Roles that may hold the device for a family member signing in person. */
export const WITNESS_ROLES: readonly Role[] = ['chair', 'minute-taker', 'lead-social-worker', 'professional'];
/** Roles that may sign in person on someone else's device: the family and the child (DESIGN §5). */
export const SIGNS_IN_PERSON: readonly Role[] = ['family', 'child'];
/** What a disagreement raised by a signature is about: the plan as a whole. */
export const WHOLE_PLAN = 'plan';
export const DO_NOT_AGREE = 'I have read this plan and I do not agree.';

const MAX_REASON = 10_000;
const MAX_INTERPRETER = 200;

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
	/** The hash of the plan the signer's page showed: the only version this signature may be for. */
	planHash: string;
	/** The drawn image, as a PNG or SVG data URL; stored as a PNG drawn again here. */
	signature?: string;
	typedName?: string;
	/** In-person mode: the member signing on the caller's device; the caller is recorded as witness. */
	member?: string;
	/** 'yes' "I agree to this plan" (also when absent) or 'no' "I have read this plan and I do not agree". */
	agrees?: string;
	/** Why the signer does not agree: required with agrees 'no'. */
	reason?: string;
	/** The member who explained the plan to the signer. */
	explainedBy?: string;
	/** Who interpreted, in which language. */
	interpreter?: string;
	userAgent?: string | null;
}

/** A refusal because the plan changed after the signer's page showed it: carries the version it is now. */
export type PlanChanged = { ok: false; status: 409; message: string; currentPlanHash: string };

/**
 * At most one signature per member per version of the plan. A member signs again only when the plan has
 * changed since (their earlier signature is then stale); after the close the plan is frozen, so a late
 * signature is still welcome but only one per member. Signatures are evidence and never deleted, so without
 * this a script could pile up pictures in the record without end, each a stored row and a page of the PDF.
 */
export async function signPlan(
	db: Db,
	user: SessionUser,
	access: MeetingAccess,
	input: SignInput
): Promise<FactResult<{ id: string; planHash: string; disagreementId: string | null }> | PlanChanged> {
	if (!access.membership) return refused(403, m.answers_sign_members_only());
	if (access.meeting.status === 'scheduled') return refused(409, m.answers_sign_not_started());
	const { method } = input;
	if (!isSignatureMethod(method)) return refused(400, m.answers_sign_choose_method());

	let memberId = access.membership.id;
	let signerRole = access.membership.role;
	let witness: string | null = null;
	let alreadySigned = m.answers_sign_already_self();
	if (input.member && input.member !== memberId) {
		if (!WITNESS_ROLES.includes(access.membership.role)) return refused(403, m.answers_sign_self_only());
		const signer = await activeMember(db, access.case.id, input.member);
		if (!signer) return refused(400, m.answers_sign_choose_member());
		memberId = signer.id;
		signerRole = signer.role;
		witness = access.membership.id;
		alreadySigned = m.answers_sign_already_other({ name: signer.name });
	}
	if (signerRole === 'observer') return refused(403, m.answers_sign_observer());
	// A witnessed signature appears in the record as the signer's own: only the family and the child sign in
	// person on someone else's device; a professional signs for themselves.
	if ((witness || method === 'witnessed') && !SIGNS_IN_PERSON.includes(signerRole)) {
		return refused(403, m.answers_sign_in_person_family());
	}

	const drawn = input.signature?.trim() || null;
	const typedName = input.typedName?.trim() || null;
	if (input.method === 'drawn' && !drawn) return refused(400, m.answers_sign_draw_first());
	if (input.method === 'typed' && !typedName) return refused(400, m.answers_sign_type_name());
	if (input.method === 'witnessed' && (!witness || (!drawn && !typedName))) return refused(400, m.answers_sign_witnessed());
	if (typedName && typedName.length > 200) return refused(400, m.answers_sign_name_long());

	// What the signer means by signing.
	const agreesWord = input.agrees?.trim() || 'yes';
	if (agreesWord !== 'yes' && agreesWord !== 'no') return refused(400, m.answers_sign_agree_yes_no());
	const agrees = agreesWord === 'yes';
	const reason = input.reason?.trim() || null;
	if (!agrees && !reason) return refused(400, m.answers_sign_why_not());
	if (reason && reason.length > MAX_REASON) return refused(400, m.answers_sign_reason_long({ max: MAX_REASON.toLocaleString('en-GB') }));
	let explainedBy: string | null = null;
	if (input.explainedBy?.trim()) {
		const explainer = await activeMember(db, access.case.id, input.explainedBy.trim());
		if (!explainer) return refused(400, m.answers_sign_explainer());
		explainedBy = explainer.id;
	}
	const interpreter = input.interpreter?.trim() || null;
	if (interpreter && interpreter.length > MAX_INTERPRETER) return refused(400, m.answers_sign_interpreter_long({ max: String(MAX_INTERPRETER) }));

	// Bound to what the signer saw: the version their page showed must be the plan as the record holds it when
	// the signature is stored.
	const shown = input.planHash?.trim().toLowerCase() ?? '';
	if (!isPlanHash(shown)) return refused(400, m.answers_sign_no_version());
	// Signed that version already: refused below without decoding a picture (or, if the plan has moved on, told so).
	const signedShown = await hasSigned(db, access.meeting.id, memberId, shown);
	// Only a PNG drawn again here is stored: checked by its declared size before anything is decoded.
	let image: string | null = null;
	if (drawn && !signedShown) {
		const picture = await signaturePicture(drawn);
		if (!picture.ok) return refused(picture.status, picture.message);
		image = picture.dataUrl;
	}
	// What this process's room holds is stored first, so the log read below holds at least what the page was sent from here.
	await meetingChangesStored(db, access.meeting.id);
	// In one transaction: the meeting's row locked and the plan read from the stored log (not this process's room,
	// which may lag an edit stored through another process), so the version compared is the one bound; then the
	// signer's membership row, so two requests at once cannot both pass. The meeting's row first, as the close
	// takes it. The signature, its version and any disagreement it raises are kept together or not at all.
	const outcome = await db.transaction(async (tx) => {
		const version = await lockedPlanVersion(tx, access.meeting.id);
		if (version.planHash !== shown) return { changed: version.planHash };
		await tx.select({ id: memberships.id }).from(memberships).where(eq(memberships.id, memberId)).for('update');
		if (await hasSigned(tx, access.meeting.id, memberId, version.planHash)) return null;
		const [inserted] = await tx
			.insert(signatures)
			.values({
				meetingId: access.meeting.id,
				memberId,
				planHash: version.planHash,
				method,
				image,
				typedName,
				witnessMemberId: witness,
				signedBy: user.id,
				userAgent: input.userAgent?.slice(0, 500) ?? null,
				agrees,
				reason,
				explainedById: explainedBy,
				interpreter
			})
			.returning({ id: signatures.id });
		await storePlanVersion(tx, access.meeting.id, version);
		const disagreement = agrees
			? null
			: await insertDisagreement(tx, { meetingId: access.meeting.id, memberId, about: WHOLE_PLAN, position: DO_NOT_AGREE, reason: reason!, recordedBy: user.id });
		// The signature, what it raised, their audit rows and the mirror job commit together.
		const audited = { actorUserId: user.id, caseId: access.case.id, meetingId: access.meeting.id };
		await appendAudit(tx, {
			...audited,
			action: 'plan-signed',
			detail: { signatureId: inserted.id, memberId, method: input.method, witness, planHash: version.planHash, agrees, explainedBy, interpreter: interpreter !== null }
		});
		if (disagreement) {
			await appendAudit(tx, { ...audited, action: 'disagreement-recorded', detail: { disagreementId: disagreement.id, memberId, about: WHOLE_PLAN, signatureId: inserted.id } });
		}
		await queueMirror(tx, access.meeting.id);
		return { id: inserted.id, planHash: version.planHash, disagreementId: disagreement?.id ?? null };
	});
	if (!outcome) return refused(409, alreadySigned);
	if ('changed' in outcome) return { ok: false, status: 409, message: m.answers_sign_plan_changed(), currentPlanHash: outcome.changed };
	await mirrorQueued(db, access.meeting.id);
	return { ok: true, id: outcome.id, planHash: outcome.planHash, disagreementId: outcome.disagreementId };
}

/** The lead social worker records an agency's e-mail confirming it accepts its responsibilities in the plan. */
export async function recordAgencyConfirmation(
	db: Db,
	user: SessionUser,
	access: MeetingAccess,
	input: { member: string; emailSentAt: string; emailText: string }
): Promise<FactResult<{ id: string }>> {
	if (access.role !== 'lead-social-worker') return refused(403, m.answers_confirm_lsw_only());
	if (access.meeting.status === 'scheduled') return refused(409, m.answers_confirm_not_started());
	const member = await activeMember(db, access.case.id, input.member);
	if (!member || !['professional', 'chair', 'minute-taker'].includes(member.role)) return refused(400, m.answers_confirm_choose_member());
	const emailText = input.emailText.trim();
	if (!emailText) return refused(400, m.answers_confirm_paste());
	if (emailText.length > 20_000) return refused(400, m.answers_confirm_too_long());
	const sent = new Date(input.emailSentAt);
	if (Number.isNaN(sent.getTime())) return refused(400, m.answers_confirm_when());
	// Bound to the plan as the stored log holds it, read under the meeting's row lock as for a signature.
	await meetingChangesStored(db, access.meeting.id);
	// Not mirrored into the room (the document holds no confirmations): the row, its version and its audit row.
	const id = await recordFact(db, null, async (tx) => {
		const version = await lockedPlanVersion(tx, access.meeting.id);
		const currentHash = version.planHash;
		const [row] = await tx
			.insert(agencyConfirmations)
			.values({ meetingId: access.meeting.id, memberId: member.id, planHash: currentHash, emailSentAt: sent.toISOString(), emailText, recordedBy: user.id })
			.returning({ id: agencyConfirmations.id });
		await storePlanVersion(tx, access.meeting.id, version);
		return { value: row.id, audit: { action: 'agency-confirmation-recorded', actorUserId: user.id, caseId: access.case.id, meetingId: access.meeting.id, detail: { confirmationId: row.id, memberId: member.id, planHash: currentHash } } };
	});
	return { ok: true, id: id! };
}
