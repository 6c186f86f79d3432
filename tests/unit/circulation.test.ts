// The circulation of the written record in words: how long is left, due today, overdue, circulated (and how
// late) — and the e-mail that carries it, which says what it is without any of the plan.
import { describe, expect, it } from 'vitest';
import { circulateBy } from '../../src/lib/calendar';
import { circulationStatus } from '../../src/lib/circulation-status';
import { circulationMessage } from '../../src/lib/server/circulation-message';

// DESIGN §1: closed on Thu 24 Dec 2026 in England, circulate by Tue 5 Jan 2027; in Scotland by Wed 6 Jan 2027.
const closedOnChristmasEve = new Date('2026-12-24T15:00:00Z');
const england = { status: 'closed', circulateBy: circulateBy(closedOnChristmasEve, 'england-wales'), circulatedAt: null };
const scotland = { status: 'closed', circulateBy: circulateBy(closedOnChristmasEve, 'scotland'), circulatedAt: null };

describe('circulation status', () => {
	it('has nothing to say before the meeting has closed', () => {
		expect(circulationStatus({ status: 'open', circulateBy: null, circulatedAt: null }, 'england-wales', '2026-12-24')).toBeNull();
	});

	it('counts the working days left, skipping weekends and the bank holidays of the nation', () => {
		expect(england.circulateBy).toBe('2027-01-05');
		expect(circulationStatus(england, 'england-wales', '2026-12-29')).toEqual({ state: 'due', text: 'due by Tue 5 Jan 2027 (4 working days left)', workingDays: 4 });
		expect(circulationStatus(england, 'england-wales', '2027-01-04')?.text).toBe('due by Tue 5 Jan 2027 (1 working day left)');
		// 4 Jan 2027 is the substitute for 2 January in Scotland: not a working day there.
		expect(scotland.circulateBy).toBe('2027-01-06');
		expect(circulationStatus(scotland, 'scotland', '2027-01-01')?.text).toBe('due by Wed 6 Jan 2027 (2 working days left)');
	});

	it('says "due today" on the day', () => {
		expect(circulationStatus(england, 'england-wales', '2027-01-05')).toEqual({ state: 'due-today', text: 'due today', workingDays: 0 });
	});

	it('says how many working days overdue, and a local closure day does not count', () => {
		expect(circulationStatus(england, 'england-wales', '2027-01-07')).toEqual({ state: 'overdue', text: 'overdue by 2 working days', workingDays: -2 });
		expect(circulationStatus(england, 'england-wales', '2027-01-07', ['2027-01-06'])?.text).toBe('overdue by 1 working day');
	});

	it('says when it was circulated, by the London date, and how late if it was late', () => {
		expect(circulationStatus({ ...england, circulatedAt: new Date('2027-01-04T15:00:00Z') }, 'england-wales', '2027-02-01')).toEqual({ state: 'circulated', text: 'circulated on Mon 4 Jan 2027', workingDays: 0 });
		expect(circulationStatus({ ...england, circulatedAt: '2027-01-06T09:00:00.000Z' }, 'england-wales', '2027-02-01')?.text).toBe('circulated on Wed 6 Jan 2027, 1 working day after it was due');
		const summer = { status: 'closed', circulateBy: '2026-07-08', circulatedAt: new Date('2026-06-30T23:30:00Z') };
		expect(circulationStatus(summer, 'england-wales', '2026-07-02')?.text).toBe('circulated on Wed 1 Jul 2026');
	});
});

describe('the circulation e-mail', () => {
	const input = {
		recipient: { name: 'Robin Testcase', role: 'family' as const },
		childName: 'Jamie Testcase',
		reference: 'CP/2026/0042',
		meetingDay: 'Thu 24 Dec 2026',
		preferredLanguage: 'Polish',
		leadSocialWorker: 'Sam Caseworth',
		sha256: 'a'.repeat(64),
		receiptLink: 'https://core-group.example/receipts/abcdefghijklmnopqrstuvwxyz234567'
	};

	it('says what it is, the meeting date, that the plan is attached, and who to ask for an easy-read or translated copy', () => {
		const { subject, text } = circulationMessage(input);
		expect(subject).toBe('Core group meeting of Thu 24 Dec 2026: written agreement and minutes (CP/2026/0042)');
		expect(subject).not.toContain('Jamie');
		expect(text).toContain('Dear Robin Testcase,');
		expect(text).toContain('held on Thu 24 Dec 2026');
		expect(text).toContain('The Child Protection Plan agreed at the meeting is in the attached PDF.');
		expect(text).toContain('ask the lead social worker, Sam Caseworth, for an easy-read copy, or for a copy in Polish or another language');
		expect(text).toContain('a'.repeat(64));
		expect(text).toContain('open this link once, to let the core group know you have received it');
		expect(text).toContain('https://core-group.example/receipts/abcdefghijklmnopqrstuvwxyz234567');
	});

	it('tells a family member of their right to complain, and not a professional', () => {
		expect(circulationMessage(input).text).toMatch(/right to complain/);
		expect(circulationMessage({ ...input, recipient: { name: 'Jo Lessonby', role: 'professional' } }).text).not.toMatch(/right to complain/);
	});

	it('offers a copy in another language when the child’s preferred language is English', () => {
		expect(circulationMessage({ ...input, preferredLanguage: 'English' }).text).toContain('for a copy in another language');
	});
});
