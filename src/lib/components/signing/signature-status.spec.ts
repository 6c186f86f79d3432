import { describe, expect, it } from 'vitest';
import type { SignatureJson } from '$lib/plan';
import type { MemberSummary } from '../plan/room-context';
import { fingerprint, signingStates, signingSummary } from './signature-status';

const member = (id: string, role: MemberSummary['role']): MemberSummary => ({ id, name: id, role, agency: '', relationship: '' });
const members = [member('chair', 'chair'), member('parent', 'family'), member('school', 'professional'), member('health', 'professional'), member('student', 'observer')];
const signature = (who: string, planHash: string, at: string): SignatureJson => ({ id: `${who}-${at}`, member: who, planHash, method: 'typed', witness: null, at });

describe('where each member stands with the plan as it is now', () => {
	const signatures = [
		signature('chair', 'v1', '2026-11-26T10:00:00Z'),
		signature('parent', 'v1', '2026-11-26T10:01:00Z'),
		signature('parent', 'v2', '2026-11-26T10:05:00Z')
	];
	const confirmations = [{ id: 'c', member: 'health', planHash: 'v2', emailSentAt: '2026-11-26T09:00:00Z', at: '2026-11-26T10:06:00Z' }];

	it('counts a signature of this version, an e-mail confirmation of it, and calls an earlier version stale', () => {
		const states = signingStates(members, signatures, confirmations, 'v2');
		expect(states.map((s) => [s.member.id, s.state.kind])).toEqual([
			['chair', 'stale'],
			['parent', 'signed'],
			['school', 'not-signed'],
			['health', 'confirmed']
		]);
		expect(signingSummary(states)).toBe('2 of 4 have signed this version of the plan; 1 signed an earlier version and needs to sign again; 1 has not signed yet.');
	});

	it('makes every signature stale when the plan changes again', () => {
		const states = signingStates(members, signatures, confirmations, 'v3');
		expect(states.map((s) => s.state.kind)).toEqual(['stale', 'stale', 'not-signed', 'not-signed']);
	});

	it('shows a short fingerprint of the plan hash', () => {
		expect(fingerprint('077a320dffee')).toBe('077A 320D');
	});
});
