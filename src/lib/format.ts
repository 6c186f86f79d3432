// Dates and times as people in the UK read them, the same on the server and in the browser.
const instantFormat = new Intl.DateTimeFormat('en-GB', {
	weekday: 'short',
	day: 'numeric',
	month: 'short',
	year: 'numeric',
	hour: '2-digit',
	minute: '2-digit',
	timeZone: 'Europe/London'
});
const dayFormat = new Intl.DateTimeFormat('en-GB', {
	weekday: 'short',
	day: 'numeric',
	month: 'short',
	year: 'numeric',
	timeZone: 'UTC'
});

/** An ISO instant as UK local time: "Thu 26 Nov 2026, 10:00". */
export const formatInstant = (iso: string) => instantFormat.format(new Date(iso)).replace(/^(\w+),/, '$1');

/** A 'YYYY-MM-DD' local date: "Tue 5 Jan 2027". */
export const formatDay = (isoDate: string) => dayFormat.format(new Date(`${isoDate}T00:00:00Z`)).replace(',', '');

const londonParts = new Intl.DateTimeFormat('en-GB', {
	timeZone: 'Europe/London',
	hourCycle: 'h23',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit'
});

/** The UTC offset of UK time at an instant, in minutes (0 in winter, 60 in summer). */
function londonOffsetMinutes(at: Date): number {
	const p = Object.fromEntries(londonParts.formatToParts(at).map((x) => [x.type, x.value]));
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
