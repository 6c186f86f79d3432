// Dates and times as people type them into a plain text box: "18/12/2026", "18 12 2026", "18-12-26" or the
// ISO "2026-12-18", and a time "10:00", "10.30" or "2pm". Text boxes rather than the browser's date picker,
// whose order follows the browser's language (12/18/2026 on an English page in an American-set browser),
// not the page's. Day first, always: this is a UK service.
import { toDayNumber } from './dates';

function realDate(y: number, m: number, d: number): string | null {
	const iso = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
	try {
		toDayNumber(iso);
		return iso;
	} catch {
		return null;
	}
}

/** A typed day as 'YYYY-MM-DD', or null when it is not a real date written day first (or in ISO). */
export function parseTypedDate(typed: string): string | null {
	const text = typed.trim();
	const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
	if (iso) return realDate(+iso[1]!, +iso[2]!, +iso[3]!);
	const dayFirst = /^(\d{1,2})\s*[/.\- ]\s*(\d{1,2})\s*[/.\- ]\s*(\d{2}|\d{4})$/.exec(text);
	if (!dayFirst) return null;
	const year = dayFirst[3]!.length === 2 ? 2000 + +dayFirst[3]! : +dayFirst[3]!;
	return realDate(year, +dayFirst[2]!, +dayFirst[1]!);
}

/** A typed time of day as 'HH:MM' (24-hour), or null. */
export function parseTypedTime(typed: string): string | null {
	const text = typed.trim().toLowerCase().replace(/\s+/g, '');
	const match = /^(\d{1,2})(?:[:.](\d{2}))?(am|pm|yb|yh)?$/.exec(text);
	if (!match) return null;
	let hour = +match[1]!;
	const minute = match[2] === undefined ? 0 : +match[2];
	const half = match[3];
	if (match[2] === undefined && !half) return null;
	if (half) {
		if (hour < 1 || hour > 12) return null;
		// am/pm, and the Welsh yb (y bore) / yh (y prynhawn).
		if (half === 'pm' || half === 'yh') hour = hour === 12 ? 12 : hour + 12;
		else if (hour === 12) hour = 0;
	}
	if (hour > 23 || minute > 59) return null;
	return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

/** A typed date and time ("18/12/2026 10:00", or the ISO "2026-12-18T10:00") as its two parts, or null. */
export function parseTypedDateTime(typed: string): { date: string; time: string } | null {
	const text = typed.trim();
	const iso = /^(\d{4}-\d{1,2}-\d{1,2})[T ](\d{1,2}:\d{2})(?::\d{2})?$/.exec(text);
	const parts = iso ? [iso[1]!, iso[2]!] : (/^(.+?)(?:,\s*|\s+(?:at\s+|am\s+)?)(\S+)$/i.exec(text)?.slice(1) ?? []);
	if (parts.length !== 2) return null;
	const date = parseTypedDate(parts[0]!);
	const time = parseTypedTime(parts[1]!);
	return date && time ? { date, time } : null;
}

/** A 'YYYY-MM-DD' date as it is typed back into a box: "18/12/2026". */
export function typedDate(iso: string): string {
	const [y, m, d] = iso.split('-');
	return `${d}/${m}/${y}`;
}
