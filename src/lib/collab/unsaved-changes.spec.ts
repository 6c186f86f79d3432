import { describe, expect, it } from 'vitest';
import { normalisePlan } from '$lib/plan';
import { unsavedChanges, type MeetingText } from './unsaved-changes';

const record: MeetingText = {
	plan: normalisePlan({
		concerns: 'Neglect',
		actions: [{ id: 'a1', what: 'Home visit', why: '', owner: null, due: null, outcome: null, contact: '', status: 'not-started' }]
	}),
	minutes: { progress: '', notes: 'Opened at ten' }
};

describe('unsavedChanges', () => {
	it('finds nothing when the device holds what the record holds', () => {
		expect(unsavedChanges(record, record)).toEqual([]);
	});

	it('lists the sections and items the record lacks, as the device has them', () => {
		const device: MeetingText = {
			plan: normalisePlan({
				...record.plan,
				concerns: 'Neglect, and missed health appointments',
				actions: [
					{ ...record.plan.actions[0], due: '2027-01-10' },
					{ id: 'a2', what: 'Book dentist', why: '', owner: null, due: null, outcome: null, contact: '', status: 'not-started' }
				]
			}),
			minutes: { progress: '', notes: 'Opened at ten' }
		};
		const changes = unsavedChanges(device, record);
		expect(changes.map((c) => ('position' in c ? `${c.key} ${c.position}` : c.key))).toEqual(['concerns', 'actions 1', 'actions 2']);
		expect(changes[0]).toMatchObject({ text: 'Neglect, and missed health appointments' });
	});

	it('does not list what the device deleted or emptied: the record still has it', () => {
		const device: MeetingText = { plan: normalisePlan({ concerns: '' }), minutes: { progress: '', notes: '' } };
		expect(unsavedChanges(device, record)).toEqual([]);
	});
});
