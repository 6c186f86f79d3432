// Dates and times as people in the UK read them, the same on the server and in the browser: the words come
// from the calendar's formatDate, not Intl, whose en-GB month names differ between ICU versions ("Sept").
import { formatDate } from './calendar/dates';

const londonParts = new Intl.DateTimeFormat('en-GB', {
	timeZone: 'Europe/London',
	hourCycle: 'h23',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit'
});

function londonFields(at: Date): Record<'year' | 'month' | 'day' | 'hour' | 'minute', string> {
	return Object.fromEntries(londonParts.formatToParts(at).map((x) => [x.type, x.value])) as Record<'year' | 'month' | 'day' | 'hour' | 'minute', string>;
}

/** An ISO instant as UK local time: "Thu 26 Nov 2026, 10:00". */
export function formatInstant(iso: string): string {
	const p = londonFields(new Date(iso));
	return `${formatDate(`${p.year}-${p.month}-${p.day}`)}, ${p.hour}:${p.minute}`;
}

/** A 'YYYY-MM-DD' local date: "Tue 5 Jan 2027". */
export const formatDay = formatDate;

/** The UTC offset of UK time at an instant, in minutes (0 in winter, 60 in summer). */
function londonOffsetMinutes(at: Date): number {
	const p = londonFields(at);
	const asUtc = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute);
	return Math.round((asUtc - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000);
}

/** A UK wall-clock date and time ('YYYY-MM-DD', 'HH:MM') as an instant, whatever the server's zone. */
export function londonLocalToInstant(date: string, time: string): Date {
	const naive = new Date(`${date}T${time}:00Z`);
	// Two passes settle the offset on either side of a clock change.
	const first = new Date(naive.getTime() - londonOffsetMinutes(naive) * 60_000);
	return new Date(naive.getTime() - londonOffsetMinutes(first) * 60_000);
}
