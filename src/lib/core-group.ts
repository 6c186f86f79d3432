// Core-group roles as people read them, and who may manage a case. Shared by pages and server checks.
import { ROLES, type Role } from './plan/roots';

/** The roles of a core group, as the meeting document's write rights know them. */
export const roles = ROLES;
export type { Role };

export const roleLabels: Record<Role, string> = {
	chair: 'Chair',
	'minute-taker': 'Minute-taker',
	'lead-social-worker': 'Lead social worker',
	professional: 'Professional',
	family: 'Parent or family',
	child: 'Child',
	observer: 'Observer'
};

/**
 * Who someone is in the group, as people read it: family and child by their relationship ("Mother"),
 * professionals by job title and agency ("Health visitor, Health Visiting Team"), the rest by role and agency.
 */
export function describeMember(m: { role: Role; agency: string; relationship: string }): string {
	const family = m.role === 'family' || m.role === 'child';
	const parts = family
		? [m.relationship || roleLabels[m.role]]
		: m.role === 'professional'
			? [m.relationship || roleLabels[m.role], m.agency]
			: [roleLabels[m.role], m.agency];
	return parts.filter((p) => p.trim() !== '').join(', ');
}

export function isRole(value: unknown): value is Role {
	return typeof value === 'string' && (roles as readonly string[]).includes(value);
}

/** A case's viewer: their role in its core group (null for an administrator who is not a member). */
export interface CaseViewer {
	role: Role | null;
	isAdmin: boolean;
}

/** Administrators and the lead social worker keep the core group: invite, change roles, remove. */
export const mayManageCoreGroup = (v: CaseViewer) => v.isAdmin || v.role === 'lead-social-worker';

/** Meetings are arranged by the chair, the lead social worker, or an administrator. */
export const mayScheduleMeetings = (v: CaseViewer) =>
	v.isAdmin || v.role === 'chair' || v.role === 'lead-social-worker';

export const nations = ['england-wales', 'scotland', 'northern-ireland', 'isle-of-man'] as const;
export type NationId = (typeof nations)[number];
export const nationLabels: Record<NationId, string> = {
	'england-wales': 'England & Wales',
	scotland: 'Scotland',
	'northern-ireland': 'Northern Ireland',
	'isle-of-man': 'Isle of Man'
};
export const isNation = (value: unknown): value is NationId =>
	typeof value === 'string' && (nations as readonly string[]).includes(value);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Route ids are checked before they reach the database, so a malformed one is a plain 404. */
export const isUuid = (value: string) => UUID.test(value);

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
export function isIsoDate(value: string): boolean {
	if (!ISO_DATE.test(value)) return false;
	const d = new Date(`${value}T00:00:00Z`);
	return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(value);
}
