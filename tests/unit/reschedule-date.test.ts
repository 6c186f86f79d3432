// The new date of a moved meeting as the form sends it (UK wall-clock time) or as a script sends it (an ISO
// instant with its offset): read in one place, anything else refused.
import { describe, expect, it } from 'vitest';
import { parseScheduledFor } from '../../src/lib/server/between/reschedule';

describe('parseScheduledFor', () => {
	it('reads a date-time field as UK time, in winter and in summer', () => {
		expect(parseScheduledFor('2027-01-11T10:00')?.toISOString()).toBe('2027-01-11T10:00:00.000Z');
		expect(parseScheduledFor('2027-06-14T10:00')?.toISOString()).toBe('2027-06-14T09:00:00.000Z');
	});
	it('takes an ISO instant with its offset as it is', () => {
		expect(parseScheduledFor('2027-06-14T10:00:00+01:00')?.toISOString()).toBe('2027-06-14T09:00:00.000Z');
		expect(parseScheduledFor('2027-06-14T09:00:00Z')?.toISOString()).toBe('2027-06-14T09:00:00.000Z');
	});
	it('reads a date and time typed day first, as UK time, and refuses one typed month first', () => {
		expect(parseScheduledFor('18/12/2026 10:00')?.toISOString()).toBe('2026-12-18T10:00:00.000Z');
		expect(parseScheduledFor('14/06/2027 2pm')?.toISOString()).toBe('2027-06-14T13:00:00.000Z');
		expect(parseScheduledFor('12/18/2026 10:00')).toBeNull();
		expect(parseScheduledFor('18/12/2026')).toBeNull();
	});
	it('refuses dates that do not exist and anything that is not a date', () => {
		for (const bad of ['2027-02-30T10:00', '2027-13-01T10:00', '2027-02-30T10:00:00Z', '2027-06-14T25:00', 'next tuesday', '2027-06-14', '2027-06-14T10:00:00', '']) expect(parseScheduledFor(bad)).toBeNull();
	});
});
