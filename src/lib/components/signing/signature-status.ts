// Where each member of the core group stands with the plan as it is now: signed this version, confirmed it
// by e-mail, signed an earlier version (stale: not agreement, DESIGN §3), or not signed. Pure, so the page
// recomputes it live from the signatures root and the live plan hash.
import { m } from '$lib/paraglide/messages.js';
import { isStaleSignature, type SignatureJson } from '$lib/plan';
import type { MemberSummary } from '../plan/room-context';

export interface ConfirmationSummary {
	id: string;
	member: string;
	planHash: string;
	emailSentAt: string;
	at: string;
}

export type SigningState =
	| { kind: 'signed'; signature: SignatureJson }
	| { kind: 'confirmed'; confirmation: ConfirmationSummary }
	| { kind: 'stale'; signature: SignatureJson }
	| { kind: 'not-signed' };

export interface MemberSigning {
	member: MemberSummary;
	state: SigningState;
}

const latest = <T extends { at: string }>(list: readonly T[]) => list.reduce<T | undefined>((a, b) => (!a || b.at > a.at ? b : a), undefined);

/** Everyone who signs (observers do not), in the core group's order. */
export function signingStates(
	members: readonly MemberSummary[],
	signatures: readonly SignatureJson[],
	confirmations: readonly ConfirmationSummary[],
	currentPlanHash: string
): MemberSigning[] {
	return members
		.filter((m) => m.role !== 'observer')
		.map((member) => {
			const theirs = signatures.filter((s) => s.member === member.id);
			const current = latest(theirs.filter((s) => !isStaleSignature(s, currentPlanHash)));
			if (current) return { member, state: { kind: 'signed', signature: current } };
			const confirmed = latest(confirmations.filter((c) => c.member === member.id && !isStaleSignature(c, currentPlanHash)));
			if (confirmed) return { member, state: { kind: 'confirmed', confirmation: confirmed } };
			const earlier = latest(theirs);
			if (earlier) return { member, state: { kind: 'stale', signature: earlier } };
			return { member, state: { kind: 'not-signed' } };
		});
}

/** "3 of 6 have agreed to this version; 1 signed an earlier version; 2 have not signed." */
export function signingSummary(states: readonly MemberSigning[]): string {
	const agreed = states.filter((s) => s.state.kind === 'signed' || s.state.kind === 'confirmed').length;
	const stale = states.filter((s) => s.state.kind === 'stale').length;
	const none = states.filter((s) => s.state.kind === 'not-signed').length;
	const parts = [(agreed === 1 ? m.meeting_summary_agreed_one : m.meeting_summary_agreed_other)({ count: agreed, total: states.length })];
	if (stale) parts.push((stale === 1 ? m.meeting_summary_stale_one : m.meeting_summary_stale_other)({ count: stale }));
	if (none) parts.push((none === 1 ? m.meeting_summary_none_one : m.meeting_summary_none_other)({ count: none }));
	return `${parts.join('; ')}.`;
}

/** A short, readable piece of the plan hash: enough to tell versions apart by eye. */
export const fingerprint = (planHash: string) => `${planHash.slice(0, 4)} ${planHash.slice(4, 8)}`.toUpperCase();
