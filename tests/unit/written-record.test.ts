// The written record's shaping: names resolved, UK dates, plan items numbered, written views marked as such,
// a parent's rejected disagreement carrying the right to complain, stale signatures marked.
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import WrittenRecordView from '../../src/lib/components/record/WrittenRecordView.svelte';
import { recordWords } from '../../src/lib/components/record/words';
import type { RecordMember } from '../../src/lib/server/written-record/people';
import { shapeWrittenRecord, type RecordSource } from '../../src/lib/server/written-record/shape';
import { recordFileName } from '../../src/lib/server/written-record/file-name';

const FINAL = 'f'.repeat(64);
const EARLIER = 'e'.repeat(64);
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const SVG = 'data:image/svg+xml,%3Csvg%20xmlns%3D%22http%3A%2F%2Fwww.w3.org%2F2000%2Fsvg%22%3E%3C%2Fsvg%3E';

const member = (id: string, name: string, role: RecordMember['role'], agency: string, relationship: string, former = false): RecordMember => ({ id, name, role, agency, relationship, former });
const members: RecordMember[] = [
	member('chair', 'Morgan Chairfield', 'chair', "Children's Services", 'Team manager'),
	member('minutes', 'Lee Notetaker', 'minute-taker', "Children's Services", 'Business support officer'),
	member('lsw', 'Sam Caseworth', 'lead-social-worker', "Children's Services", 'Social worker'),
	member('parent', 'Robin Testcase', 'family', 'Family', 'Mother'),
	member('school', 'Jo Lessonby', 'professional', 'Example Primary School', 'Designated safeguarding lead'),
	member('health', 'Kit Wellbeing', 'professional', 'Health Visiting Team', 'Health visitor'),
	member('observer', 'Ash Shadowing', 'observer', "Children's Services", 'Student social worker'),
	member('gone', 'Pat Formerly', 'professional', 'Police', 'Detective constable', true)
];

function source(overrides: Partial<RecordSource['facts']> = {}): RecordSource {
	return {
		case: { childName: 'Jamie Testcase', reference: 'CP/2026/0042', nation: 'england-wales', preferredLanguage: 'Polish' },
		meeting: {
			scheduledFor: new Date('2026-06-30T09:00:00Z'),
			place: 'Family room, Example Centre',
			openedAt: new Date('2026-06-30T09:05:00Z'),
			// 23:30 UTC in summer is 00:30 the next day in London.
			closedAt: new Date('2026-06-30T23:30:00Z'),
			circulateBy: '2026-07-08',
			finalPlanHash: FINAL
		},
		members,
		facts: {
			attendance: { chair: 'present', minutes: 'present', lsw: 'present', parent: 'present', school: 'present', health: 'apologies' },
			plan: {
				concerns: 'Jamie has missed school.',
				needs: [{ id: 'need-1', text: 'To be in school every day.' }],
				outcomes: [{ id: 'outcome-1', text: 'Jamie attends school.', measure: 'Attendance above 95%.', by: '2026-09-30' }],
				actions: [
					{ id: 'action-1', what: 'Walk Jamie to school.', why: 'So Jamie arrives on time.', owner: 'parent', due: '2026-07-10', outcome: 'outcome-1', contact: 'Daily', status: 'in-progress' },
					{ id: 'action-2', what: 'Home visit.', why: '', owner: null, due: null, outcome: null, contact: '', status: 'not-started' }
				],
				nonNegotiables: 'Jamie is never left alone overnight.',
				contingency: '',
				review: 'At the next core group.',
				childViews: 'Jamie likes school.',
				familyViews: 'We agree with most of it.'
			},
			planHash: FINAL,
			minutes: { progress: 'Attendance is up.', notes: '  ' },
			disagreements: [
				{ id: 'd1', member: 'parent', about: 'contingency', position: 'Not with grandmother.', reason: 'She lives far away.', reflected: 'Not accepted: no nearer family member can care for Jamie.', accepted: false, at: '2026-06-30T10:00:00Z' },
				{ id: 'd2', member: 'school', about: 'action-1', position: 'Ring at 9:15.', reason: 'Registration closes at 9:10.', reflected: null, accepted: null, at: '2026-06-30T10:05:00Z' }
			],
			views: [{ id: 'v1', member: 'health', text: 'Weight has improved.', at: '2026-06-29T15:02:00Z' }],
			signatures: [
				{ id: 's1', member: 'parent', planHash: FINAL, method: 'witnessed', witness: 'lsw', at: '2026-06-30T11:00:00Z', typedName: null, image: PNG, stale: false, agrees: false, reason: 'Jamie should stay with us at weekends.', explainedBy: 'lsw', interpreter: '  Ana Nowak, Polish ' },
				{ id: 's2', member: 'chair', planHash: FINAL, method: 'drawn', witness: null, at: '2026-06-30T11:01:00Z', typedName: null, image: SVG, stale: false },
				{ id: 's3', member: 'school', planHash: EARLIER, method: 'typed', witness: null, at: '2026-06-30T10:30:00Z', typedName: 'Jo Lessonby', image: null, stale: true },
				{ id: 's4', member: 'gone', planHash: FINAL, method: 'typed', witness: null, at: '2026-06-30T11:02:00Z', typedName: 'Pat Formerly', image: null, stale: false }
			],
			confirmations: [{ member: 'health', planHash: FINAL, emailSentAt: '2026-06-30T12:00:00Z', emailText: 'We accept our actions.', at: '2026-06-30T12:30:00Z', stale: false }],
			...overrides
		}
	};
}

describe('shaping the written record', () => {
	const record = shapeWrittenRecord(source());
	const detail = (label: string) => record.details.find((d) => d.label === label)?.value;

	it('gives the case and meeting details in UK words, with the chair and minute-taker by name', () => {
		expect(detail('Child')).toBe('Jamie Testcase');
		expect(detail('Case reference')).toBe('CP/2026/0042');
		expect(detail('Meeting')).toBe('Core group meeting, Tue 30 Jun 2026, 10:05');
		expect(detail('Chair')).toBe('Morgan Chairfield');
		expect(detail('Minutes taken by')).toBe('Lee Notetaker');
		expect(detail('Closed')).toBe('Wed 1 Jul 2026, 00:30');
		expect(detail('To be circulated by')).toBe('Wed 8 Jul 2026 (working days of England & Wales)');
		expect(record.meetingDay).toBe('Tue 30 Jun 2026');
	});

	it('groups attendance and apologies, and names those whose attendance was not recorded', () => {
		const names = (label: string) => record.attendance.find((g) => g.label === label)?.people.map((p) => p.name);
		expect(names('Present')).toEqual(['Morgan Chairfield', 'Lee Notetaker', 'Sam Caseworth', 'Robin Testcase', 'Jo Lessonby']);
		expect(names('Apologies')).toEqual(['Kit Wellbeing']);
		expect(names('Attendance not recorded')).toEqual(['Ash Shadowing']);
		expect(record.attendance.find((g) => g.label === 'Present')?.people[3].description).toBe('Mother');
	});

	it('keeps written views with who sent them and when they were received', () => {
		expect(record.writtenViews).toEqual([
			{ by: expect.objectContaining({ name: 'Kit Wellbeing', description: 'Health visitor, Health Visiting Team' }), received: 'Mon 29 Jun 2026, 16:02', text: 'Weight has improved.' }
		]);
	});

	it('numbers outcomes and actions, naming the owner and the outcome each action serves', () => {
		expect(record.plan.outcomes[0].fields).toEqual([
			{ label: 'What needs to change', value: 'Jamie attends school.' },
			{ label: 'How we will know', value: 'Attendance above 95%.' },
			// The same on every ICU version: en-GB's Intl writes "Sept" on some.
			{ label: 'Target date', value: 'Wed 30 Sep 2026' }
		]);
		const action = Object.fromEntries(record.plan.actions[0].fields.map((f) => [f.label, f.value]));
		expect(action).toMatchObject({ 'Who will do it': 'Robin Testcase (Mother)', 'Due date': 'Fri 10 Jul 2026', 'Outcome it works towards': 'Outcome 1', Progress: 'In progress', 'Contact: what kind, and how often': 'Daily' });
		const unowned = Object.fromEntries(record.plan.actions[1].fields.map((f) => [f.label, f.value]));
		expect(unowned).toMatchObject({ Why: recordWords.nothingRecorded, 'Who will do it': 'No one named yet', 'Due date': 'No due date set' });
	});

	it('says "nothing was recorded" for an empty section rather than leaving a gap', () => {
		expect(record.plan.contingency).toBe(recordWords.nothingRecorded);
		expect(record.minutes).toEqual([
			{ title: 'Progress against the outcomes', text: 'Attendance is up.' },
			{ title: 'Discussion and decisions', text: recordWords.nothingRecorded }
		]);
	});

	it('tells a parent whose disagreement was not accepted of their right to complain, naming the lead social worker', () => {
		const [parent, school] = record.disagreements;
		expect(parent).toMatchObject({ about: 'Contingency plan', reason: 'She lives far away.', notAccepted: true });
		expect(parent.complaintNotice).toMatch(/not accepted.*Robin Testcase has the right to complain.*Sam Caseworth/);
		expect(school).toMatchObject({ about: 'Action 1: Walk Jamie to school.', reflected: null, notAccepted: false, complaintNotice: null });
		expect(record.familyComplaintNotice).toMatch(/right to complain/);
	});

	it('says nothing of complaints when no family member disagreed', () => {
		const quiet = shapeWrittenRecord(source({ disagreements: [] }));
		expect(quiet.familyComplaintNotice).toBeNull();
	});

	it('marks stale signatures, resolves witnesses and keeps the picture format', () => {
		const [parent, chair, school, gone] = record.signatures;
		expect(parent).toMatchObject({ method: 'Signed in person, witnessed', witness: expect.objectContaining({ name: 'Sam Caseworth' }), image: { format: 'png', dataUrl: PNG }, stale: false, signed: 'Tue 30 Jun 2026, 12:00' });
		expect(chair.image).toEqual({ format: 'svg', dataUrl: SVG });
		expect(school).toMatchObject({ stale: true, typedName: 'Jo Lessonby', image: null, planHash: EARLIER });
		expect(gone.by).toMatchObject({ name: 'Pat Formerly', former: true, description: 'Detective constable, Police (has since left the core group)' });
	});

	it('says beside each signature whether the signer agrees or, having read the plan, does not and why; who explained it; who interpreted', () => {
		const [parent, chair] = record.signatures;
		expect(parent).toMatchObject({
			agrees: false,
			meaning: 'Has read the plan and does not agree, because Jamie should stay with us at weekends.',
			explainedBy: expect.objectContaining({ name: 'Sam Caseworth' }),
			interpreter: 'Ana Nowak, Polish'
		});
		// A signature recorded before signers could say otherwise agreed.
		expect(chair).toMatchObject({ agrees: true, meaning: 'Agrees with this plan.', explainedBy: null, interpreter: null });
	});

	it('shows the same beside each signature on the printable page', () => {
		const { body } = render(WrittenRecordView, { props: { record } });
		const text = body.replace(/<!--.*?-->/g, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
		const signatures = text.slice(text.indexOf(' Signatures '));
		const parent = signatures.slice(signatures.indexOf('Robin Testcase'), signatures.indexOf('Morgan Chairfield'));
		expect(parent).toContain('Has read the plan and does not agree, because Jamie should stay with us at weekends.');
		expect(parent).toContain('The plan was explained by Sam Caseworth');
		expect(parent).toContain('Interpreted by: Ana Nowak, Polish');
		expect(signatures.slice(signatures.indexOf('Morgan Chairfield'))).toContain('Agrees with this plan.');
	});

	it('lists who has not signed this version: a stale signature does not count, an e-mail confirmation does, observers are not asked', () => {
		expect(record.notSigned.map((p) => p.name)).toEqual(['Lee Notetaker', 'Sam Caseworth', 'Jo Lessonby']);
	});

	it('names an unknown member readably instead of failing', () => {
		const odd = shapeWrittenRecord(source({ views: [{ id: 'v9', member: '12345678-aaaa-4aaa-8aaa-123456789abc', text: 'x', at: '2026-06-29T15:02:00Z' }] }));
		expect(odd.writtenViews[0].by.name).toBe('Unknown member (12345678)');
	});

	it('names the PDF after the case reference and the meeting date, with safe characters only', () => {
		expect(recordFileName('CP/2026/0042', { openedAt: new Date('2026-06-30T23:30:00Z'), scheduledFor: new Date('2026-06-30T09:00:00Z') })).toBe('core-group-record-CP-2026-0042-2026-07-01.pdf');
		expect(recordFileName('"; x', { openedAt: null, scheduledFor: new Date('2026-06-30T09:00:00Z') })).toBe('core-group-record-x-2026-06-30.pdf');
	});
});
