// The meeting's state in plain words, the same wherever the page says it, from the message catalogues.
import type { CirculationStatus } from '$lib/circulation-status';
import { formatDay } from '$lib/format';
import { m } from '$lib/paraglide/messages.js';
import type { MeetingStatus } from '$lib/plan';

const statusWords: Record<MeetingStatus, () => string> = {
	scheduled: () => m.meeting_state_scheduled(),
	open: () => m.meeting_state_open(),
	closed: () => m.meeting_state_closed()
};

/** The meeting's state in the page's language. */
export const meetingStatusWords = (status: MeetingStatus): string => statusWords[status]();

/** The class that marks a circulation state (always beside words that say it). */
export const circulationClass: Record<CirculationStatus['state'], string> = {
	circulated: 'status-ok',
	due: 'status-due',
	'due-today': 'status-due',
	overdue: 'status-overdue'
};

/**
 * How the circulation stands today, said after "due by <date>" (so without repeating the date). `circulateBy`
 * is the due date; `circulatedOn` the London day the record went out, once it has.
 */
export function circulationNow(status: CirculationStatus, circulateBy: string | null, circulatedOn: string | null): string {
	const count = Math.abs(status.workingDays);
	switch (status.state) {
		case 'circulated': {
			const date = circulatedOn ? formatDay(circulatedOn) : '';
			if (status.workingDays <= 0) return m.meeting_circulated_on({ date });
			return (count === 1 ? m.meeting_circulated_late_one : m.meeting_circulated_late_other)({ date, count });
		}
		case 'overdue':
			if (status.workingDays === 0) return m.meeting_overdue_since({ date: circulateBy ? formatDay(circulateBy) : '' });
			return (count === 1 ? m.meeting_overdue_by_one : m.meeting_overdue_by_other)({ count });
		case 'due-today':
			return m.meeting_due_today();
		case 'due':
			return status.workingDays > 0 ? (count === 1 ? m.meeting_days_left_one : m.meeting_days_left_other)({ count }) : m.meeting_no_days_left();
	}
}
