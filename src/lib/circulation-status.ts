// Where a closed meeting's written record stands against the circulation timescale, in the words the
// meeting page and the record show. Pure: the caller passes today's London date, so tests can fix it.
// formatDate (not Intl) so the words match describeDue's, whatever the ICU version says of September.
import { describeDue, formatDate, londonDate, workingDaysBetween, type Nation } from './calendar';

export interface CirculationStatus {
	state: 'circulated' | 'due' | 'due-today' | 'overdue';
	/** "circulated on Tue 5 Jan 2027", "due by Tue 5 Jan 2027 (3 working days left)", "due today", "overdue by 2 working days". */
	text: string;
	/** Working days left (positive) or overdue (negative); for a circulated record, how late it went (≥ 0). */
	workingDays: number;
}

/** What circulationStatus needs of a meeting: the row from the database or its public summary. */
export interface CirculatedMeeting {
	status: string;
	circulateBy: string | null;
	circulatedAt: Date | string | null;
}

const plural = (n: number) => `${n} working day${n === 1 ? '' : 's'}`;

/**
 * The circulation status of a meeting, or null while it has no circulation date (not closed yet).
 * `today` is a 'YYYY-MM-DD' date in Europe/London — `londonDate(new Date())` for now.
 */
export function circulationStatus(
	meeting: CirculatedMeeting,
	nation: Nation,
	today: string,
	extraClosures: readonly string[] = []
): CirculationStatus | null {
	if (meeting.status !== 'closed' || !meeting.circulateBy) return null;
	if (meeting.circulatedAt) {
		const on = londonDate(new Date(meeting.circulatedAt));
		// A late circulation is part of the record: say by how much, rather than only that it happened.
		const late = Math.max(0, workingDaysBetween(meeting.circulateBy, on, nation, extraClosures));
		const text = late > 0 ? `circulated on ${formatDate(on)}, ${plural(late)} after it was due` : `circulated on ${formatDate(on)}`;
		return { state: 'circulated', text, workingDays: late };
	}
	const due = describeDue(meeting.circulateBy, today, nation, extraClosures);
	return { state: due.state, text: due.text, workingDays: due.workingDays };
}
