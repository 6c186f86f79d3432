// Plain calendar dates as 'YYYY-MM-DD' strings: parsing, validation and arithmetic.
// All arithmetic goes through UTC midnights, so the process time zone never matters.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** An integer day count since 1970-01-01, used internally for comparisons and stepping. */
export function toDayNumber(date: string): number {
	const m = ISO_DATE.exec(date);
	if (m) {
		const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
		const utc = new Date(0);
		// setUTCFullYear, unlike Date.UTC, does not map years 0–99 onto the 1900s.
		utc.setUTCFullYear(y, mo - 1, d);
		// Rejects dates that JavaScript would silently roll over, e.g. 2026-02-30.
		if (utc.getUTCFullYear() === y && utc.getUTCMonth() === mo - 1 && utc.getUTCDate() === d) {
			return utc.getTime() / MS_PER_DAY;
		}
	}
	throw new Error(`Invalid date ${JSON.stringify(date)}: expected a real calendar date as YYYY-MM-DD`);
}

export function fromDayNumber(day: number): string {
	const utc = new Date(day * MS_PER_DAY);
	const y = String(utc.getUTCFullYear()).padStart(4, '0');
	const m = String(utc.getUTCMonth() + 1).padStart(2, '0');
	const d = String(utc.getUTCDate()).padStart(2, '0');
	return `${y}-${m}-${d}`;
}

/** Throws unless `date` is a valid 'YYYY-MM-DD' calendar date. */
export function assertDate(date: string): void {
	toDayNumber(date);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: string): number {
	// Day 0 (1970-01-01) was a Thursday.
	return (((toDayNumber(date) + 4) % 7) + 7) % 7;
}

export function isWeekend(date: string): boolean {
	const w = weekday(date);
	return w === 0 || w === 6;
}

function assertInteger(n: number, what: string): void {
	if (!Number.isSafeInteger(n)) throw new Error(`Invalid ${what} ${String(n)}: expected an integer`);
}

export function addDays(date: string, days: number): string {
	assertInteger(days, 'number of days');
	return fromDayNumber(toDayNumber(date) + days);
}

export function addWeeks(date: string, weeks: number): string {
	assertInteger(weeks, 'number of weeks');
	return addDays(date, weeks * 7);
}

/** Adds calendar months, clamping to the end of shorter months (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: string, months: number): string {
	assertInteger(months, 'number of months');
	assertDate(date);
	const [y, m, d] = date.split('-').map(Number) as [number, number, number];
	const total = y * 12 + (m - 1) + months;
	const year = Math.floor(total / 12);
	const month = total - year * 12; // 0-based
	const lastDay = daysInMonth(year, month);
	const iso = `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
	assertDate(iso);
	return iso;
}

function daysInMonth(year: number, month0: number): number {
	const utc = new Date(0);
	utc.setUTCFullYear(year, month0 + 1, 0);
	return utc.getUTCDate();
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * 'Tue 5 Jan 2027'. Built by hand rather than with Intl because en-GB output differs
 * between ICU versions (commas, "Sept"), and these strings must match on server and browser.
 */
export function formatDate(date: string): string {
	const [y, m, d] = date.split('-').map(Number) as [number, number, number];
	return `${WEEKDAYS[weekday(date)]} ${d} ${MONTHS[m - 1]} ${y}`;
}
