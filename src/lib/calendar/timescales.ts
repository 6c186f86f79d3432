// Statutory timescales for a child protection plan: when the first core group, later core
// groups, circulation of minutes and review conferences fall due, and how to describe it.
import { addMonths, addWeeks, toDayNumber } from './dates';
import { formatDay } from '../format';
import { getLocale, type Locale } from '../i18n/locale';
import { m } from '../paraglide/messages.js';
import type { Nation } from './holidays';
import { addWorkingDays, londonDate, workingDaysBetween } from './working-days';

export interface TimescalePolicy {
	firstMeetingWorkingDays: number;
	meetingIntervalWeeks: number;
	circulationWorkingDays: number;
	firstReviewMonths: number;
	reviewIntervalMonths: number;
}

// Working Together to Safeguard Children (England) and its equivalents elsewhere: first core group within 10 working days of the
// ICPC; review conference within 3 months, then at most every 6 months. The 6-weekly core
// group and 5-day circulation are common local procedure, hence configurable.
export const defaultPolicy: Readonly<TimescalePolicy> = Object.freeze({
	firstMeetingWorkingDays: 10,
	meetingIntervalWeeks: 6,
	circulationWorkingDays: 5,
	firstReviewMonths: 3,
	reviewIntervalMonths: 6
});

export function firstMeetingDueBy(
	icpcDate: string,
	nation: Nation,
	policy: TimescalePolicy = defaultPolicy,
	extraClosures: readonly string[] = []
): string {
	return addWorkingDays(icpcDate, policy.firstMeetingWorkingDays, nation, extraClosures);
}

/** Calendar weeks, not working days: the interval is counted as such in procedures. */
export function nextMeetingDueBy(lastMeetingDate: string, policy: TimescalePolicy = defaultPolicy): string {
	return addWeeks(lastMeetingDate, policy.meetingIntervalWeeks);
}

/** Counted from the London date of the close, so a late-evening close in BST counts from the next day. */
export function circulateBy(
	closedAt: Date,
	nation: Nation,
	policy: TimescalePolicy = defaultPolicy,
	extraClosures: readonly string[] = []
): string {
	return addWorkingDays(londonDate(closedAt), policy.circulationWorkingDays, nation, extraClosures);
}

/** The first scheduled review conference on or after `today`. */
export function reviewConferenceDue(icpcDate: string, today: string, policy: TimescalePolicy = defaultPolicy): string {
	const { firstReviewMonths: first, reviewIntervalMonths: every } = policy;
	if (!Number.isSafeInteger(every) || every <= 0) throw new Error(`Invalid review interval ${String(every)} months`);
	const target = toDayNumber(today);
	// Each date is counted from the ICPC, not from the previous one, so that month-end
	// clamping (31 Aug → 28 Feb) does not drift into later reviews.
	let due = addMonths(icpcDate, first);
	for (let k = 1; toDayNumber(due) < target; k++) due = addMonths(icpcDate, first + k * every);
	return due;
}

export interface DueDescription {
	state: 'due' | 'due-today' | 'overdue';
	/** Working days left (positive) or overdue (negative); 0 when due today. */
	workingDays: number;
	text: string;
}

/** How a due date stands today, in words in `locale` (by default the page's language). */
export function describeDue(
	dueDate: string,
	today: string,
	nation: Nation,
	extraClosures: readonly string[] = [],
	locale: Locale = getLocale()
): DueDescription {
	const options = { locale };
	const date = formatDay(dueDate, locale);
	const days = toDayNumber(dueDate) - toDayNumber(today);
	const workingDays = workingDaysBetween(today, dueDate, nation, extraClosures);
	if (days === 0) return { state: 'due-today', workingDays: 0, text: m.pages_due_today({}, options) };
	if (days > 0) {
		const text =
			workingDays === 0
				? m.pages_due_by_none_left({ date }, options)
				: workingDays === 1
					? m.pages_due_by_left_one({ date }, options)
					: m.pages_due_by_left_other({ date, count: workingDays }, options);
		return { state: 'due', workingDays, text };
	}
	// Past a due date that fell just before a weekend, no working day may have gone by yet.
	const text =
		workingDays === 0
			? m.pages_overdue_since({ date }, options)
			: workingDays === -1
				? m.pages_overdue_by_one({}, options)
				: m.pages_overdue_by_other({ count: -workingDays }, options);
	return { state: 'overdue', workingDays, text };
}
