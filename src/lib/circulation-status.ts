// Where a closed meeting's written record stands against the circulation timescale, in the words the
// meeting page and the record show. Pure: the caller passes today's London date, so tests can fix it.
// formatDay (catalogue names, not Intl) so the words match describeDue's, whatever the ICU version says of September.
import { describeDue, londonDate, workingDaysBetween, type Nation } from './calendar';
import { formatDay } from './format';
import { getLocale, type Locale } from './i18n/locale';
import { m } from './paraglide/messages.js';

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

/**
 * The circulation status of a meeting, or null while it has no circulation date (not closed yet).
 * `today` is a 'YYYY-MM-DD' date in Europe/London — `londonDate(new Date())` for now.
 */
export function circulationStatus(
	meeting: CirculatedMeeting,
	nation: Nation,
	today: string,
	extraClosures: readonly string[] = [],
	locale: Locale = getLocale()
): CirculationStatus | null {
	if (meeting.status !== 'closed' || !meeting.circulateBy) return null;
	if (meeting.circulatedAt) {
		const on = londonDate(new Date(meeting.circulatedAt));
		// A late circulation is part of the record: say by how much, rather than only that it happened.
		const late = Math.max(0, workingDaysBetween(meeting.circulateBy, on, nation, extraClosures));
		const date = formatDay(on, locale);
		const text =
			late === 0
				? m.pages_circulated_on({ date }, { locale })
				: late === 1
					? m.pages_circulated_late_one({ date }, { locale })
					: m.pages_circulated_late_other({ date, count: late }, { locale });
		return { state: 'circulated', text, workingDays: late };
	}
	const due = describeDue(meeting.circulateBy, today, nation, extraClosures, locale);
	return { state: due.state, text: due.text, workingDays: due.workingDays };
}
