// Core-group roles as people read them, and who may manage a case. Shared by pages and server checks.
import { ROLES, type Role } from './plan/roots';
import type { Locale } from './i18n/locale';
import { localisedLabels } from './i18n/labels';
import { m } from './paraglide/messages.js';

/** The roles of a core group, as the meeting document's write rights know them. */
export const roles = ROLES;
export type { Role };

const roleMessages: Record<Role, (inputs?: object, options?: { locale?: Locale }) => string> = {
	chair: m.pages_role_chair,
	'minute-taker': m.pages_role_minute_taker,
	'lead-social-worker': m.pages_role_lead_social_worker,
	professional: m.pages_role_professional,
	family: m.pages_role_family,
	child: m.pages_role_child,
	observer: m.pages_role_observer
};

/** A role as people read it, in `locale` (by default the page's language). */
export const roleLabel = (role: Role, locale?: Locale): string => roleMessages[role]({}, locale ? { locale } : {});

/** The roles as people read them, in the page's language at the moment each is read. */
export const roleLabels: Readonly<Record<Role, string>> = localisedLabels(ROLES, (role) => roleLabel(role));

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

/** The lead social worker, the chair or an administrator keep the core group: invite, change roles, remove. */
export const mayManageCoreGroup = (v: CaseViewer) => v.isAdmin || v.role === 'lead-social-worker' || v.role === 'chair';

/** The chair is named for the case: by an administrator, or by the chair handing over to someone else. */
export const mayNameChair = (v: CaseViewer) => v.isAdmin || v.role === 'chair';

/** A case has one chair: when it is handed over, the previous chair stays in the group in this role. */
export const FORMER_CHAIR_ROLE: Role = 'professional';

/** Told to someone who may not keep the core group, in the page's language. */
export const manageRefusal = (): string => m.answers_manage_refusal();

/**
 * Why this viewer may not give a member the role `to` (null: they may), in the page's language. `from` is the member's role now, or
 * null for someone being invited. The minute-taker is never the chair: a membership has one role.
 */
export function roleChangeRefusal(v: CaseViewer, from: Role | null, to: Role): string | null {
	if (!mayManageCoreGroup(v)) return manageRefusal();
	if (from === 'chair' && to !== 'chair' && !v.isAdmin) return m.answers_chair_role_refusal();
	if (to === 'chair' && from !== 'chair' && !mayNameChair(v)) return m.answers_name_chair_refusal();
	return null;
}

/** Why this viewer may not remove a member whose role is `role` (null: they may), in the page's language. */
export function removalRefusal(v: CaseViewer, role: Role): string | null {
	if (!mayManageCoreGroup(v)) return manageRefusal();
	if (role === 'chair' && !v.isAdmin) return m.answers_remove_chair_refusal();
	return null;
}

/** The roles a page offers this viewer for a member whose role is `from` (null: someone being invited). */
export const rolesOffered = (v: CaseViewer, from: Role | null): Role[] =>
	roles.filter((r) => r === from || roleChangeRefusal(v, from, r) === null);

/** Languages a member's copies and e-mails can be in, by code; the first is the default. */
export const memberLanguages = [
	{ code: 'en', label: 'English' },
	{
		code: 'cy',
		// Each language named in itself, and on a page in another language also in that one: "Cymraeg (Welsh)".
		get label() {
			return m.pages_language_welsh();
		}
	}
] as const;
const LANGUAGE_CODE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/;
/** A short language code such as 'en', 'cy', 'pl' or 'pt-BR'. */
export const isLanguageCode = (value: string) => LANGUAGE_CODE.test(value);

/** Meetings are arranged by the chair, the lead social worker, or an administrator. */
export const mayScheduleMeetings = (v: CaseViewer) =>
	v.isAdmin || v.role === 'chair' || v.role === 'lead-social-worker';

export const nations = ['england-wales', 'scotland', 'northern-ireland', 'isle-of-man'] as const;
export type NationId = (typeof nations)[number];
const nationMessages: Record<NationId, () => string> = {
	'england-wales': m.pages_nation_england_wales,
	scotland: m.pages_nation_scotland,
	'northern-ireland': m.pages_nation_northern_ireland,
	'isle-of-man': m.pages_nation_isle_of_man
};
/** The nations as people read them, in the page's language at the moment each is read. */
export const nationLabels: Readonly<Record<NationId, string>> = localisedLabels(nations, (nation) => nationMessages[nation]());
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
