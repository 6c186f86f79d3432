import { describe, it, expect } from 'vitest';
import { formatDay, formatInstant } from '../../src/lib/format';
import {
	addDays,
	addMonths,
	addWeeks,
	addWorkingDays,
	bankHolidayOn,
	bankHolidays,
	circulateBy,
	defaultPolicy,
	describeDue,
	firstMeetingDueBy,
	formatDate,
	isNation,
	isWorkingDay,
	londonDate,
	nations,
	nextMeetingDueBy,
	reviewConferenceDue,
	workingDaysBetween,
	type Nation
} from '../../src/lib/calendar';

const dates = (year: number, nation: Nation) => bankHolidays(year, nation).map((h) => h.date);
const md = (year: number, days: string[]) => days.map((d) => `${year}-${d}`);

// Official lists: gov.uk/bank-holidays (UK nations) and gov.im Treasury announcements (Isle of Man).
const official: Record<Nation, Record<number, string[]>> = {
	'england-wales': {
		2025: md(2025, ['01-01', '04-18', '04-21', '05-05', '05-26', '08-25', '12-25', '12-26']),
		2026: md(2026, ['01-01', '04-03', '04-06', '05-04', '05-25', '08-31', '12-25', '12-28']),
		2027: md(2027, ['01-01', '03-26', '03-29', '05-03', '05-31', '08-30', '12-27', '12-28'])
	},
	scotland: {
		2025: md(2025, ['01-01', '01-02', '04-18', '05-05', '05-26', '08-04', '12-01', '12-25', '12-26']),
		2026: md(2026, ['01-01', '01-02', '04-03', '05-04', '05-25', '08-03', '11-30', '12-25', '12-28']),
		2027: md(2027, ['01-01', '01-04', '03-26', '05-03', '05-31', '08-02', '11-30', '12-27', '12-28'])
	},
	'northern-ireland': {
		2025: md(2025, ['01-01', '03-17', '04-18', '04-21', '05-05', '05-26', '07-14', '08-25', '12-25', '12-26']),
		2026: md(2026, ['01-01', '03-17', '04-03', '04-06', '05-04', '05-25', '07-13', '08-31', '12-25', '12-28']),
		2027: md(2027, ['01-01', '03-17', '03-26', '03-29', '05-03', '05-31', '07-12', '08-30', '12-27', '12-28'])
	},
	'isle-of-man': {
		2025: md(2025, ['01-01', '04-18', '04-21', '05-05', '05-26', '06-06', '07-07', '08-25', '12-25', '12-26']),
		2026: md(2026, ['01-01', '04-03', '04-06', '05-04', '05-25', '06-05', '07-06', '08-31', '12-25', '12-28']),
		// 2027's TT day (Friday of race week) is projected; Treasury announces it the year before.
		2027: md(2027, ['01-01', '03-26', '03-29', '05-03', '05-31', '06-11', '07-05', '08-30', '12-27', '12-28'])
	}
};

describe('bank holidays', () => {
	for (const [nation, years] of Object.entries(official) as [Nation, Record<number, string[]>][]) {
		for (const [year, expected] of Object.entries(years)) {
			it(`${nations[nation]} ${year} matches the official list`, () => {
				expect(dates(Number(year), nation)).toEqual(expected);
			});
		}
	}

	it('names substitute days and caches per year and nation', () => {
		expect(bankHolidayOn('2026-12-28', 'england-wales')).toMatch(/Boxing Day.*substitute/);
		expect(bankHolidayOn('2027-01-04', 'scotland')).toMatch(/substitute/);
		expect(bankHolidayOn('2026-07-06', 'isle-of-man')).toBe('Tynwald Day');
		expect(bankHolidayOn('2026-07-06', 'england-wales')).toBeUndefined();
		expect(bankHolidays(2026, 'scotland')).toBe(bankHolidays(2026, 'scotland'));
	});

	it('has Good Friday but not Easter Monday in Scotland', () => {
		expect(bankHolidayOn('2026-04-03', 'scotland')).toBe('Good Friday');
		expect(bankHolidayOn('2026-04-06', 'scotland')).toBeUndefined();
		expect(bankHolidayOn('2026-04-06', 'england-wales')).toBe('Easter Monday');
	});

	it('puts the Isle of Man TT holiday on the Friday of race week (official 2022–2026)', () => {
		for (const d of ['2022-06-10', '2023-06-09', '2024-06-07', '2025-06-06', '2026-06-05']) {
			expect(bankHolidayOn(d, 'isle-of-man'), d).toBe('TT Bank Holiday');
		}
	});

	it('spot-checks 2028–2030', () => {
		// Easter: 16 Apr 2028, 1 Apr 2029, 21 Apr 2030.
		expect(dates(2028, 'england-wales')).toEqual(
			md(2028, ['01-03', '04-14', '04-17', '05-01', '05-29', '08-28', '12-25', '12-26'])
		);
		expect(dates(2029, 'england-wales')).toContain('2029-03-30');
		expect(dates(2029, 'england-wales')).toContain('2029-04-02');
		expect(dates(2030, 'england-wales')).toEqual(
			md(2030, ['01-01', '04-19', '04-22', '05-06', '05-27', '08-26', '12-25', '12-26'])
		);
		// New Year on Sat and 2 Jan on Sun: two Scottish substitutes.
		expect(dates(2028, 'scotland').slice(0, 2)).toEqual(['2028-01-03', '2028-01-04']);
		expect(dates(2029, 'scotland')).toContain('2029-08-06');
		expect(dates(2030, 'scotland')).toContain('2030-12-02'); // St Andrew's Day on a Saturday
		expect(dates(2029, 'northern-ireland')).toContain('2029-03-19'); // 17 Mar on a Saturday
		expect(dates(2030, 'northern-ireland')).toContain('2030-03-18'); // 17 Mar on a Sunday
		expect(dates(2028, 'isle-of-man')).toEqual(
			md(2028, ['01-03', '04-14', '04-17', '05-01', '05-29', '06-09', '07-05', '08-28', '12-25', '12-26'])
		);
		expect(dates(2030, 'isle-of-man')).toContain('2030-06-07');
		// Christmas Day on a Saturday again in 2032: Mon 27 and Tue 28 Dec.
		expect(dates(2032, 'england-wales').slice(-2)).toEqual(['2032-12-27', '2032-12-28']);
	});

	it('never lists a weekend date', () => {
		for (const nation of Object.keys(nations) as Nation[]) {
			for (let year = 2025; year <= 2030; year++) {
				for (const d of dates(year, nation)) expect([0, 6]).not.toContain(new Date(`${d}T12:00:00Z`).getUTCDay());
			}
		}
	});

	it('does not depend on the process time zone', () => {
		const saved = process.env.TZ;
		try {
			process.env.TZ = 'Pacific/Kiritimati';
			expect(dates(2040, 'northern-ireland')).toEqual(
				md(2040, ['01-02', '03-19', '03-30', '04-02', '05-07', '05-28', '07-12', '08-27', '12-25', '12-26'])
			);
			expect(addDays('2040-03-31', 1)).toBe('2040-04-01');
			process.env.TZ = 'America/Los_Angeles';
			expect(dates(2041, 'scotland')).toEqual(
				md(2041, ['01-01', '01-02', '04-19', '05-06', '05-27', '08-05', '12-02', '12-25', '12-26'])
			);
		} finally {
			if (saved === undefined) delete process.env.TZ;
			else process.env.TZ = saved;
		}
	});

	it('labels the nations and rejects unknown ones', () => {
		expect(nations['england-wales']).toBe('England & Wales');
		expect(Object.keys(nations)).toEqual(['england-wales', 'scotland', 'northern-ireland', 'isle-of-man']);
		expect(isNation('scotland')).toBe(true);
		expect(isNation('wales')).toBe(false);
		expect(() => bankHolidays(2026, 'wales' as Nation)).toThrow(/wales/);
	});
});

describe('working days', () => {
	it('closes Thu 24 Dec 2026 + 5 working days differently by nation', () => {
		expect(addWorkingDays('2026-12-24', 5, 'england-wales')).toBe('2027-01-05');
		expect(addWorkingDays('2026-12-24', 5, 'northern-ireland')).toBe('2027-01-05');
		expect(addWorkingDays('2026-12-24', 5, 'scotland')).toBe('2027-01-06');
		expect(addWorkingDays('2026-12-24', 0, 'scotland')).toBe('2026-12-24');
	});

	it('knows the nation-specific July holidays', () => {
		expect(isWorkingDay('2026-07-13', 'northern-ireland')).toBe(false);
		expect(isWorkingDay('2026-07-13', 'england-wales')).toBe(true);
		expect(isWorkingDay('2027-07-12', 'northern-ireland')).toBe(false);
		expect(isWorkingDay('2026-07-06', 'isle-of-man')).toBe(false);
		expect(isWorkingDay('2026-07-06', 'northern-ireland')).toBe(true);
		expect(isWorkingDay('2026-07-05', 'isle-of-man')).toBe(false); // Sunday
		expect(isWorkingDay('2026-08-03', 'scotland')).toBe(false);
		expect(isWorkingDay('2026-08-31', 'scotland')).toBe(true);
	});

	it('honours extra closure days', () => {
		const closures = ['2026-12-29', '2026-12-30', '2026-12-31'];
		expect(isWorkingDay('2026-12-29', 'england-wales')).toBe(true);
		expect(isWorkingDay('2026-12-29', 'england-wales', closures)).toBe(false);
		expect(addWorkingDays('2026-12-24', 5, 'england-wales', closures)).toBe('2027-01-08');
		expect(workingDaysBetween('2026-12-24', '2027-01-05', 'england-wales', closures)).toBe(2);
	});

	it('counts working days between dates, negative when reversed', () => {
		expect(workingDaysBetween('2026-12-30', '2027-01-05', 'england-wales')).toBe(3);
		expect(workingDaysBetween('2027-01-05', '2026-12-30', 'england-wales')).toBe(-3);
		expect(workingDaysBetween('2026-12-30', '2027-01-05', 'scotland')).toBe(2);
		expect(workingDaysBetween('2026-12-24', '2027-01-05', 'england-wales')).toBe(5);
		expect(workingDaysBetween('2027-01-05', '2027-01-05', 'england-wales')).toBe(0);
		expect(workingDaysBetween('2027-01-09', '2027-01-08', 'england-wales')).toBe(0); // Sat back to Fri
		expect(workingDaysBetween('2027-01-08', '2027-01-11', 'england-wales')).toBe(1); // Fri to Mon
	});

	it('converts instants to the London date across DST changes', () => {
		expect(londonDate(new Date('2026-01-15T23:30:00Z'))).toBe('2026-01-15'); // GMT
		expect(londonDate(new Date('2026-03-29T00:30:00Z'))).toBe('2026-03-29'); // before BST starts at 01:00Z
		expect(londonDate(new Date('2026-03-29T23:30:00Z'))).toBe('2026-03-30'); // BST
		expect(londonDate(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
		expect(londonDate(new Date('2026-10-24T23:30:00Z'))).toBe('2026-10-25'); // still BST
		expect(londonDate(new Date('2026-10-25T00:30:00Z'))).toBe('2026-10-25'); // 01:30 BST, before the change
		expect(londonDate(new Date('2026-10-25T23:30:00Z'))).toBe('2026-10-25'); // GMT again
	});

	it('adds days, weeks and months, clamping to month end', () => {
		expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
		expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
		expect(addWeeks('2026-12-24', 6)).toBe('2027-02-04');
		expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
		expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
		expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
		expect(addMonths('2026-12-15', 1)).toBe('2027-01-15');
		expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
	});

	it('rejects malformed input, naming the value', () => {
		for (const bad of ['2026-02-30', '2026-13-01', '2026-1-5', '05/01/2027', '', '2026-01-05T00:00']) {
			expect(() => isWorkingDay(bad, 'england-wales'), bad).toThrow(JSON.stringify(bad));
		}
		expect(() => addWorkingDays('2026-12-24', 1, 'england-wales', ['2026-12-32'])).toThrow('"2026-12-32"');
		expect(() => workingDaysBetween('2026-12-24', 'tomorrow', 'scotland')).toThrow('"tomorrow"');
		expect(() => addMonths('2026-02-29', 1)).toThrow('"2026-02-29"');
		expect(() => addWorkingDays('2026-12-24', -1, 'england-wales')).toThrow(/-1/);
		expect(() => addWorkingDays('2026-12-24', 1.5, 'england-wales')).toThrow(/1\.5/);
		expect(() => londonDate(new Date('nonsense'))).toThrow(/Invalid/);
	});
});

describe('timescales', () => {
	it('has the default policy', () => {
		expect(defaultPolicy).toEqual({
			firstMeetingWorkingDays: 10,
			meetingIntervalWeeks: 6,
			circulationWorkingDays: 5,
			firstReviewMonths: 3,
			reviewIntervalMonths: 6
		});
	});

	it('sets the first core group within 10 working days of the ICPC', () => {
		expect(firstMeetingDueBy('2026-12-14', 'england-wales')).toBe('2026-12-30');
		expect(firstMeetingDueBy('2026-12-17', 'england-wales')).toBe('2027-01-05');
		expect(firstMeetingDueBy('2026-12-17', 'scotland')).toBe('2027-01-06');
		expect(firstMeetingDueBy('2026-12-17', 'england-wales', defaultPolicy, ['2027-01-04'])).toBe('2027-01-06');
	});

	it('sets later core groups every 6 calendar weeks', () => {
		expect(nextMeetingDueBy('2026-12-24')).toBe('2027-02-04');
		expect(nextMeetingDueBy('2026-12-24', { ...defaultPolicy, meetingIntervalWeeks: 4 })).toBe('2027-01-21');
	});

	it('circulates minutes 5 working days after the London date of the close', () => {
		expect(circulateBy(new Date('2026-06-30T23:30:00Z'), 'england-wales')).toBe('2026-07-08');
		expect(circulateBy(new Date('2026-06-30T22:30:00Z'), 'england-wales')).toBe('2026-07-07');
		expect(circulateBy(new Date('2026-12-24T16:00:00Z'), 'england-wales')).toBe('2027-01-05');
		expect(circulateBy(new Date('2026-12-24T16:00:00Z'), 'scotland')).toBe('2027-01-06');
		expect(circulateBy(new Date('2026-07-08T10:00:00Z'), 'northern-ireland')).toBe('2026-07-16');
		expect(circulateBy(new Date('2026-01-15T10:00:00Z'), 'scotland', { ...defaultPolicy, circulationWorkingDays: 1 })).toBe(
			'2026-01-16'
		);
	});

	it('finds the next review conference on or after today', () => {
		expect(reviewConferenceDue('2026-01-15', '2026-01-15')).toBe('2026-04-15');
		expect(reviewConferenceDue('2026-01-15', '2026-04-15')).toBe('2026-04-15');
		expect(reviewConferenceDue('2026-01-15', '2026-04-16')).toBe('2026-10-15');
		expect(reviewConferenceDue('2026-01-15', '2027-01-01')).toBe('2027-04-15');
		// Counted from the ICPC each time, so month-end clamping does not drift.
		expect(reviewConferenceDue('2025-11-30', '2026-01-01')).toBe('2026-02-28');
		expect(reviewConferenceDue('2025-11-30', '2026-03-01')).toBe('2026-08-30');
		expect(() => reviewConferenceDue('2026-01-15', '2026-05-01', { ...defaultPolicy, reviewIntervalMonths: 0 })).toThrow();
	});

	it('describes due dates in plain English', () => {
		expect(describeDue('2027-01-05', '2026-12-30', 'england-wales')).toEqual({
			state: 'due',
			workingDays: 3,
			text: 'due by Tue 5 Jan 2027 (3 working days left)'
		});
		expect(describeDue('2027-01-05', '2026-12-30', 'scotland').text).toBe('due by Tue 5 Jan 2027 (2 working days left)');
		expect(describeDue('2027-01-05', '2027-01-04', 'england-wales').text).toBe('due by Tue 5 Jan 2027 (1 working day left)');
		expect(describeDue('2027-01-09', '2027-01-08', 'england-wales').text).toBe('due by Sat 9 Jan 2027 (no working days left)');
		expect(describeDue('2027-01-05', '2027-01-05', 'england-wales')).toEqual({
			state: 'due-today',
			workingDays: 0,
			text: 'due today'
		});
		expect(describeDue('2027-01-05', '2027-01-07', 'england-wales')).toEqual({
			state: 'overdue',
			workingDays: -2,
			text: 'overdue by 2 working days'
		});
		expect(describeDue('2027-01-05', '2027-01-06', 'england-wales').text).toBe('overdue by 1 working day');
		expect(describeDue('2027-01-08', '2027-01-09', 'england-wales')).toEqual({
			state: 'overdue',
			workingDays: 0,
			text: 'overdue since Fri 8 Jan 2027'
		});
		expect(describeDue('2026-12-31', '2026-12-29', 'england-wales', ['2026-12-30', '2026-12-31']).workingDays).toBe(0);
	});

	it('formats dates en-GB style', () => {
		expect(formatDate('2027-01-05')).toBe('Tue 5 Jan 2027');
		expect(formatDate('2026-09-30')).toBe('Wed 30 Sep 2026');
	});
});

describe('dates and times in words', () => {
	it('writes UK local time with the same month names as the calendar, in summer and in winter', () => {
		expect(formatInstant('2026-09-30T09:05:00Z')).toBe('Wed 30 Sep 2026, 10:05');
		expect(formatInstant('2026-12-24T15:00:00Z')).toBe('Thu 24 Dec 2026, 15:00');
		expect(formatDay('2026-09-30')).toBe('Wed 30 Sep 2026');
	});
});
