import { describe, expect, it } from 'vitest';
import { parseTypedDate, parseTypedDateTime, parseTypedTime, typedDate } from '../../src/lib/calendar/typed-dates';

describe('dates and times typed into a text box', () => {
	it('reads a day first, whatever the separator, and the ISO form', () => {
		for (const typed of ['18/12/2026', '18.12.2026', '18-12-2026', '18 12 2026', '18/12/26', ' 18 / 12 / 2026 ', '2026-12-18'])
			expect(parseTypedDate(typed), typed).toBe('2026-12-18');
		expect(parseTypedDate('5/1/2027')).toBe('2027-01-05');
	});
	it('refuses what is not a real date, and the month-first order', () => {
		for (const typed of ['12/18/2026', '31/02/2027', '2026-02-30', 'tomorrow', '', '18/12', '18122026']) expect(parseTypedDate(typed), typed).toBeNull();
	});
	it('reads a time in 24 hours, with am/pm, or the Welsh yb/yh', () => {
		expect(parseTypedTime('10:00')).toBe('10:00');
		expect(parseTypedTime('9.30')).toBe('09:30');
		expect(parseTypedTime('2pm')).toBe('14:00');
		expect(parseTypedTime('12am')).toBe('00:00');
		expect(parseTypedTime('2yh')).toBe('14:00');
		expect(parseTypedTime('24:00')).toBeNull();
		expect(parseTypedTime('10')).toBeNull();
	});
	it('reads a date and a time together', () => {
		expect(parseTypedDateTime('18/12/2026 10:00')).toEqual({ date: '2026-12-18', time: '10:00' });
		expect(parseTypedDateTime('18/12/2026, 2pm')).toEqual({ date: '2026-12-18', time: '14:00' });
		expect(parseTypedDateTime('2026-12-18T10:00')).toEqual({ date: '2026-12-18', time: '10:00' });
		expect(parseTypedDateTime('18/12/2026')).toBeNull();
	});
	it('writes a date back as it is typed', () => expect(typedDate('2027-01-05')).toBe('05/01/2027'));
});
