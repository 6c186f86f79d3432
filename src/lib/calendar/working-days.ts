// Working days for statutory timescales: weekdays that are neither a bank holiday of the
// nation nor a closure day the authority has added; and the London date of an instant.
import { addDays, assertDate, isWeekend, toDayNumber } from './dates';
import { bankHolidayOn, type Nation } from './holidays';

export { addDays, addWeeks, addMonths } from './dates';

const londonParts = new Intl.DateTimeFormat('en-GB', {
	timeZone: 'Europe/London',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit'
});

/** The calendar date in Europe/London (GMT or BST) at `instant`, as 'YYYY-MM-DD'. */
export function londonDate(instant: Date): string {
	if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
		throw new Error(`Invalid instant ${String(instant)}`);
	}
	const parts = londonParts.formatToParts(instant);
	const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
	return `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}`;
}

function closures(extraClosures: readonly string[]): ReadonlySet<string> {
	// Validated so that a mistyped closure day fails loudly instead of silently never matching.
	for (const d of extraClosures) assertDate(d);
	return new Set(extraClosures);
}

function isOpen(date: string, nation: Nation, closed: ReadonlySet<string>): boolean {
	return !isWeekend(date) && !closed.has(date) && bankHolidayOn(date, nation) === undefined;
}

export function isWorkingDay(date: string, nation: Nation, extraClosures: readonly string[] = []): boolean {
	assertDate(date);
	return isOpen(date, nation, closures(extraClosures));
}

/** The date `n` working days after `date`; `date` itself never counts (n = 0 returns it unchanged). */
export function addWorkingDays(
	date: string,
	n: number,
	nation: Nation,
	extraClosures: readonly string[] = []
): string {
	assertDate(date);
	if (!Number.isSafeInteger(n) || n < 0) throw new Error(`Invalid number of working days ${String(n)}: expected an integer ≥ 0`);
	const closed = closures(extraClosures);
	let day = date;
	for (let left = n; left > 0; ) {
		day = addDays(day, 1);
		if (isOpen(day, nation, closed)) left--;
	}
	return day;
}

/**
 * Working days after `from` up to and including `to`. Negative when `to` is before `from`,
 * so `workingDaysBetween(today, due)` < 0 reads as "overdue by that many working days".
 */
export function workingDaysBetween(
	from: string,
	to: string,
	nation: Nation,
	extraClosures: readonly string[] = []
): number {
	const [a, b] = [toDayNumber(from), toDayNumber(to)];
	// `|| 0` so that zero is never returned as -0.
	if (b < a) return -workingDaysBetween(to, from, nation, extraClosures) || 0;
	const closed = closures(extraClosures);
	let count = 0;
	for (let day = addDays(from, 1); toDayNumber(day) <= b; day = addDays(day, 1)) {
		if (isOpen(day, nation, closed)) count++;
	}
	return count;
}
