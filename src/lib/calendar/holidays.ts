// Bank holidays of the UK nations and the Isle of Man, from date-holidays plus a few
// documented corrections where that library disagrees with the official lists.
import Holidays from 'date-holidays';
import { addDays, assertDate, isWeekend, toDayNumber, weekday } from './dates';

export type Nation = 'england-wales' | 'scotland' | 'northern-ireland' | 'isle-of-man';

/** Display labels, in the order a picker should show them. */
export const nations: Readonly<Record<Nation, string>> = {
	'england-wales': 'England & Wales',
	scotland: 'Scotland',
	'northern-ireland': 'Northern Ireland',
	'isle-of-man': 'Isle of Man'
};

export function isNation(value: unknown): value is Nation {
	return typeof value === 'string' && Object.hasOwn(nations, value);
}

export interface BankHoliday {
	date: string;
	name: string;
}

// England and Wales share one list, so ENG stands for both.
const source: Record<Nation, [country: string, state?: string]> = {
	'england-wales': ['GB', 'ENG'],
	scotland: ['GB', 'SCT'],
	'northern-ireland': ['GB', 'NIR'],
	'isle-of-man': ['IM']
};

const libraries = new Map<Nation, Holidays>();
function library(nation: Nation): Holidays {
	let hd = libraries.get(nation);
	if (!hd) {
		const [country, state] = source[nation];
		hd = state ? new Holidays(country, state) : new Holidays(country);
		libraries.set(nation, hd);
	}
	return hd;
}

/** First `dow` (0 = Sun) on or after `date`. */
function onOrAfter(date: string, dow: number): string {
	return addDays(date, (dow - weekday(date) + 7) % 7);
}

function weekdayOrNextMonday(date: string): string {
	return isWeekend(date) ? onOrAfter(date, 1) : date;
}

type Correction = (year: number, list: BankHoliday[]) => BankHoliday[];

// Checked against gov.im (Bank Holidays Act 1989 announcements, 2022–2026).
const corrections: Partial<Record<Nation, Correction>> = {
	'isle-of-man': (year, list) => [
		...list.filter((h) => !/tourist trophy|tynwald/i.test(h.name)),
		// The library puts the TT holiday on the 2nd Friday in June; officially it is the
		// Friday of TT race week, which falls 5–11 June (2022-06-10, 2023-06-09, 2025-06-06,
		// 2026-06-05). Treasury fixes each year in advance, so later years are a projection.
		{ date: onOrAfter(`${year}-06-05`, 5), name: 'TT Bank Holiday' },
		// The library keeps 5 July even at a weekend; the bank holiday moves to the Monday.
		{ date: weekdayOrNextMonday(`${year}-07-05`), name: 'Tynwald Day' },
		// Missing from the library: GB defines it per region (ENG, SCT …), which IM does not inherit.
		{ date: onOrAfter(`${year}-08-25`, 1), name: 'Summer Bank Holiday' } // last Monday in August
	]
};

const cache = new Map<string, readonly BankHoliday[]>();

/** The bank holidays (weekdays only, substitutes included) of `nation` in `year`, in date order. */
export function bankHolidays(year: number, nation: Nation): readonly BankHoliday[] {
	if (!Number.isSafeInteger(year)) throw new Error(`Invalid year ${String(year)}`);
	if (!isNation(nation)) throw new Error(`Unknown nation ${JSON.stringify(nation)}`);
	const key = `${year}:${nation}`;
	const hit = cache.get(key);
	if (hit) return hit;

	let list: BankHoliday[] = library(nation)
		.getHolidays(year, 'en')
		// 'observance' days (Mother's Day, Easter Sunday …) are not days off.
		.filter((h) => h.type === 'public' || h.type === 'bank')
		// The date string is computed in the nation's own zone, never the process zone.
		.map((h) => ({ date: h.date.slice(0, 10), name: h.name }));
	list = corrections[nation]?.(year, list) ?? list;

	const byDate = new Map<string, string>();
	for (const h of list) {
		// A holiday at a weekend is replaced by its substitute day; the official lists show only
		// the substitute, and a weekend is not a working day anyway.
		if (Number(h.date.slice(0, 4)) !== year || isWeekend(h.date)) continue;
		const seen = byDate.get(h.date);
		byDate.set(h.date, seen && seen !== h.name ? `${seen} / ${h.name}` : h.name);
	}
	const result = Object.freeze(
		[...byDate]
			.map(([date, name]) => Object.freeze({ date, name }))
			.sort((a, b) => toDayNumber(a.date) - toDayNumber(b.date))
	);
	cache.set(key, result);
	return result;
}

/** The name of the bank holiday on `date` in `nation`, or undefined. */
export function bankHolidayOn(date: string, nation: Nation): string | undefined {
	assertDate(date);
	const year = Number(date.slice(0, 4));
	return bankHolidays(year, nation).find((h) => h.date === date)?.name;
}
