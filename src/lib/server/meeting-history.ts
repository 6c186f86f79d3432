// A meeting's history as people read it: who changed which section when — the attributed update log (DESIGN §4
// rule 4) grouped by person and minute — and the kept points of the plan (opened, each signature, closed), each a
// stored plan version that can be shown whole and compared with the point before it.
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from './db/client';
import { auditLog, signatures, type Meeting } from './db/schema';
import { loggedChanges } from './plan-changes';
import { isPlanHash } from './plan-versions';

/** One person's editing within one minute: the sections they changed, and how many updates it took. */
export interface EditingSpell {
	/** Null for the server's own writes (seeding the document, carrying a plan over). */
	memberId: string | null;
	/** The minute, as the ISO instant of its start. */
	minute: string;
	sections: string[];
	updates: number;
}

/** A point at which the plan was kept: the meeting opened on it, someone signed it, the meeting closed on it. */
export interface KeptPoint {
	kind: 'opened' | 'signed' | 'closed';
	at: string;
	/** Null for an opening recorded before openings kept their plan. */
	planHash: string | null;
	/** Who signed (for a signature). */
	memberId: string | null;
	/** For a signature: whether the signer agreed. */
	agrees?: boolean;
}

/** Past this many updates, the page lists the kept points only and says the edits are too many to list. */
const MAX_LISTED_UPDATES = 20_000;

const minuteOf = (at: Date) => new Date(Math.floor(at.getTime() / 60_000) * 60_000).toISOString();

/** The attributed log, grouped: consecutive updates of one person within one minute make one spell. Null when too long. */
export async function editingSpells(db: Db, meetingId: string): Promise<EditingSpell[] | null> {
	const logged = await loggedChanges(db, meetingId, new Date(0), null, { limit: MAX_LISTED_UPDATES, places: false });
	if (!logged) return null;
	const spells: EditingSpell[] = [];
	for (const change of logged) {
		const minute = minuteOf(change.at);
		const last = spells.at(-1);
		if (last && last.memberId === change.memberId && last.minute === minute) {
			for (const section of change.sections) if (!last.sections.includes(section)) last.sections.push(section);
			last.updates++;
		} else spells.push({ memberId: change.memberId, minute, sections: [...new Set(change.sections)], updates: 1 });
	}
	return spells;
}

/** The kept points of the meeting's plan, in time order. */
export async function keptPoints(db: Db, meeting: Meeting): Promise<KeptPoint[]> {
	const points: KeptPoint[] = [];
	if (meeting.openedAt) {
		const [opening] = await db
			.select({ detail: auditLog.detail })
			.from(auditLog)
			.where(and(eq(auditLog.meetingId, meeting.id), eq(auditLog.action, 'meeting-opened')))
			.limit(1);
		const hash = opening?.detail.planHash;
		points.push({ kind: 'opened', at: meeting.openedAt.toISOString(), planHash: isPlanHash(hash) ? hash : null, memberId: null });
	}
	const signed = await db
		.select({ memberId: signatures.memberId, planHash: signatures.planHash, agrees: signatures.agrees, at: signatures.at })
		.from(signatures)
		.where(eq(signatures.meetingId, meeting.id))
		.orderBy(asc(signatures.at));
	for (const s of signed) points.push({ kind: 'signed', at: s.at.toISOString(), planHash: s.planHash, memberId: s.memberId, agrees: s.agrees });
	if (meeting.closedAt) points.push({ kind: 'closed', at: meeting.closedAt.toISOString(), planHash: meeting.finalPlanHash, memberId: null });
	return points.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}
