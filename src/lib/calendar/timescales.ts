// Statutory timescales for a child protection plan: when the first core group, later core
// groups, circulation of minutes and review conferences fall due, and how to describe it.
import { addMonths, addWeeks, formatDate, toDayNumber } from './dates';
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

const plural = (n: number) => `${n} working day${n === 1 ? '' : 's'}`;

export function describeDue(
	dueDate: string,
	today: string,
	nation: Nation,
	extraClosures: readonly string[] = []
): DueDescription {
	const days = toDayNumber(dueDate) - toDayNumber(today);
	const workingDays = workingDaysBetween(today, dueDate, nation, extraClosures);
	if (days === 0) return { state: 'due-today', workingDays: 0, text: 'due today' };
	if (days > 0) {
		const left = workingDays === 0 ? 'no working days left' : `${plural(workingDays)} left`;
		return { state: 'due', workingDays, text: `due by ${formatDate(dueDate)} (${left})` };
	}
	// Past a due date that fell just before a weekend, no working day may have gone by yet.
	const text = workingDays === 0 ? `overdue since ${formatDate(dueDate)}` : `overdue by ${plural(-workingDays)}`;
	return { state: 'overdue', workingDays, text };
}
