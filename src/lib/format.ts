// Dates and times as people in the UK read them, in the page's language, the same on the server and in the
// browser: day and month names come from the message catalogues, not Intl, whose month names differ between
// ICU versions ("Sept") and would differ between server and browser.
import { weekday } from './calendar/dates';
import { getLocale, type Locale } from './i18n/locale';
import { m } from './paraglide/messages.js';

type NameKey = `weekday_${number}` | `month_${number}`;
function nameOf(key: NameKey, locale: Locale): string {
	return (m as unknown as Record<NameKey, (inputs: object, options: { locale: Locale }) => string>)[key]({}, { locale });
}

/** A 'YYYY-MM-DD' local date: "Tue 5 Jan 2027", "Maw 5 Ion 2027". */
export function formatDay(date: string, locale: Locale = getLocale()): string {
	const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
	return `${nameOf(`weekday_${weekday(date)}`, locale)} ${d} ${nameOf(`month_${mo}`, locale)} ${y}`;
}

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
export function formatInstant(iso: string, locale: Locale = getLocale()): string {
	const p = londonFields(new Date(iso));
	return `${formatDay(`${p.year}-${p.month}-${p.day}`, locale)}, ${p.hour}:${p.minute}`;
}

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
