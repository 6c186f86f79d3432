// The meeting's state in plain words, the same wherever the page says it.
import type { CirculationStatus } from '$lib/circulation-status';
import type { MeetingStatus } from '$lib/plan';

export const meetingStatusWords: Record<MeetingStatus, string> = {
	scheduled: 'Scheduled — not started yet',
	open: 'In progress',
	closed: 'Closed'
};

/** The class that marks a circulation state (always beside words that say it). */
export const circulationClass: Record<CirculationStatus['state'], string> = {
	circulated: 'status-ok',
	due: 'status-due',
	'due-today': 'status-due',
	overdue: 'status-overdue'
};

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const workingDays = (n: number) => `${n} working day${n === 1 ? '' : 's'}`;

/** How the circulation stands today, said after "due by <date>" (so without repeating the date). */
export function circulationNow(status: CirculationStatus): string {
	switch (status.state) {
		case 'circulated':
		case 'overdue':
			return `${capitalise(status.text)}.`;
		case 'due-today':
			return 'Due today.';
		case 'due':
			return status.workingDays > 0 ? `${workingDays(status.workingDays)} left.` : 'No working days left before then.';
	}
}
