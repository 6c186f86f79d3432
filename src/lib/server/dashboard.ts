// What is due on each case, in words: the statutory timescales applied to the case's meetings.
import { describeDue, firstMeetingDueBy, londonDate, nextMeetingDueBy, reviewConferenceDue } from '../calendar';
import type { Role } from '../core-group';
import { formatDay } from '../format';
import { casesOf } from './cases';
import type { Db } from './db/client';
import type { Case, Meeting } from './db/schema';
import { meetingsOfCase } from './meetings';
import type { SessionUser } from './session';

export interface DueItem {
	label: string;
	text: string;
	state: 'due' | 'due-today' | 'overdue' | 'done';
}

export interface CaseSummary {
	id: string;
	reference: string;
	childName: string;
	role: Role | null;
	nextMeeting: { id: string; scheduledFor: string; place: string; status: Meeting['status'] } | null;
	due: DueItem[];
}

/** The timescales that apply to one case today. */
export function dueItems(c: Case, caseMeetings: Meeting[], now: Date): DueItem[] {
	const today = londonDate(now);
	const items: DueItem[] = [];
	const held = caseMeetings.filter((m) => m.status === 'closed' && m.closedAt);
	const upcoming = caseMeetings.find((m) => m.status !== 'closed');
	const lastHeld = held.at(-1);
	const meetingDue = lastHeld
		? nextMeetingDueBy(londonDate(lastHeld.closedAt!))
		: firstMeetingDueBy(c.icpcDate, c.nation);
	const label = lastHeld ? 'Next core group meeting' : 'First core group meeting';
	if (upcoming) {
		const on = londonDate(upcoming.scheduledFor);
		const late = on > meetingDue;
		items.push({
			label,
			text: late
				? `scheduled for ${formatDay(on)}, after the date it was due (${formatDay(meetingDue)})`
				: `scheduled for ${formatDay(on)}, within the timescale (due by ${formatDay(meetingDue)})`,
			state: late ? 'overdue' : 'done'
		});
	} else {
		const d = describeDue(meetingDue, today, c.nation);
		items.push({ label, text: `not yet scheduled — ${d.text}`, state: d.state });
	}
	for (const m of held) {
		if (!m.circulateBy) continue;
		const d = describeDue(m.circulateBy, today, c.nation);
		items.push({ label: `Minutes of ${formatDay(londonDate(m.closedAt!))}`, text: `circulation ${d.text}`, state: d.state });
	}
	const review = reviewConferenceDue(c.icpcDate, today);
	items.push({ label: 'Review conference', text: `due ${formatDay(review)}`, state: 'due' });
	return items;
}

export async function caseSummaries(db: Db, user: SessionUser, now = new Date()): Promise<CaseSummary[]> {
	const list = await casesOf(db, user);
	return Promise.all(
		list.map(async ({ case: c, role }) => {
			const caseMeetings = await meetingsOfCase(db, c.id);
			const next = caseMeetings.find((m) => m.status !== 'closed');
			return {
				id: c.id,
				reference: c.reference,
				childName: c.childName,
				role,
				nextMeeting: next
					? { id: next.id, scheduledFor: next.scheduledFor.toISOString(), place: next.place, status: next.status }
					: null,
				due: dueItems(c, caseMeetings, now)
			};
		})
	);
}
