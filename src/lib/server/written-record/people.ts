// The people the written record names: every core-group member, present or former, described the way the
// record reads ("Sam Caseworth — Lead social worker, Children's Services"). Pure.
import { describeMember, type Role } from '../../core-group';

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

/** As the pages describe them, and says so of someone who has since left the group. */
function describeRecordMember(m: RecordMember): string {
	const text = describeMember(m);
	return m.former ? `${text} (has since left the core group)` : text;
}

/** Looks people up by membership id; an id the case does not know still gets a readable entry. */
export function personDirectory(members: readonly RecordMember[]) {
	const byId = new Map(members.map((m) => [m.id, m]));
	return (memberId: string): RecordPerson => {
		const m = byId.get(memberId);
		if (!m) return { memberId, name: `Unknown member (${memberId.slice(0, 8)})`, description: 'not found in this core group', role: null, former: false };
		return { memberId, name: m.name, description: describeRecordMember(m), role: m.role, former: m.former };
	};
}

/** "Sam Caseworth (Lead social worker, Children's Services)" — one line, for lists and e-mails. */
export const personLine = (p: RecordPerson) => (p.description ? `${p.name} (${p.description})` : p.name);
