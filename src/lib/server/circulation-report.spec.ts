import { describe, expect, it } from 'vitest';
import { circulationReport } from './circulation-report';

describe('what the person who circulated the record is told', () => {
	it('names who it reached, who it could not reach and why, and who was not sent it', () => {
		expect(
			circulationReport({
				sent: [{ name: 'Robin Testcase' }, { name: 'Jo Lessonby' }],
				failed: [{ name: 'Kit Wellbeing', error: 'mailbox full' }],
				notSent: [{ name: 'Jamie Testcase', reason: 'The child is given a copy written for them.' }]
			})
		).toBe(
			'Sent to 2 members: Robin Testcase, Jo Lessonby. Could not be sent to 1 member: Kit Wellbeing (mailbox full). It is tried again by itself; or send it to them another way. Not sent to 1 member: Jamie Testcase — The child is given a copy written for them.'
		);
	});

	it('says who was sent it before and not again', () => {
		expect(circulationReport({ sent: [], failed: [], notSent: [], alreadySent: [{ name: 'Robin Testcase' }] })).toBe(
			'Already sent to 1 member before, so not sent again: Robin Testcase. To send it again, name who.'
		);
	});

	it('says only what happened', () => {
		expect(circulationReport({ sent: [{ name: 'Robin Testcase' }], failed: [], notSent: [] })).toBe('Sent to 1 member: Robin Testcase.');
	});
});
