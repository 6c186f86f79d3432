// The people the written record names: every core-group member, present or former, described the way the
// record reads ("Sam Caseworth — Lead social worker, Children's Services"). Pure.
import type { Role } from '../../core-group';
import type { Locale } from '../../i18n/locale';
import { m } from '../../paraglide/messages.js';

/** A member of the case's core group, as the record needs them; `former` once they have left the group. */
export interface RecordMember {
	id: string;
	name: string;
	role: Role;
	agency: string;
	relationship: string;
	/** Where they can be reached, as the core group recorded it; the family's copy gives it. */
	phone?: string;
	former: boolean;
}

export interface RecordPerson {
	memberId: string;
	name: string;
	/** Role, relationship or job title, and agency: what a reader needs to know who this is. */
	description: string;
	role: Role | null;
	former: boolean;
}

const roleWords: Record<Role, (inputs: object, options: { locale: Locale }) => string> = {
	chair: m.record_role_chair,
	'minute-taker': m.record_role_minute_taker,
	'lead-social-worker': m.record_role_lead_social_worker,
	professional: m.record_role_professional,
	family: m.record_role_family,
	child: m.record_role_child,
	observer: m.record_role_observer
};

/**
 * As the pages describe them (core-group.ts's describeMember), in the record's language, and says so of someone
 * who has since left the group: family and child by relationship, professionals by job title and agency.
 */
function describeRecordMember(member: RecordMember, locale: Locale): string {
	const role = roleWords[member.role]({}, { locale });
	const family = member.role === 'family' || member.role === 'child';
	const parts = family ? [member.relationship || role] : member.role === 'professional' ? [member.relationship || role, member.agency] : [role, member.agency];
	const text = parts.filter((p) => p.trim() !== '').join(', ');
	return member.former ? m.record_former_member({ description: text }, { locale }) : text;
}

/** Looks people up by membership id; an id the case does not know still gets a readable entry. */
export function personDirectory(members: readonly RecordMember[], locale: Locale = 'en') {
	const byId = new Map(members.map((x) => [x.id, x]));
	return (memberId: string): RecordPerson => {
		const x = byId.get(memberId);
		if (!x)
			return {
				memberId,
				name: m.record_unknown_member({ id: memberId.slice(0, 8) }, { locale }),
				description: m.record_unknown_member_description({}, { locale }),
				role: null,
				former: false
			};
		return { memberId, name: x.name, description: describeRecordMember(x, locale), role: x.role, former: x.former };
	};
}

/** "Sam Caseworth (Lead social worker, Children's Services)" — one line, for lists and e-mails. */
export const personLine = (p: RecordPerson) => (p.description ? `${p.name} (${p.description})` : p.name);
