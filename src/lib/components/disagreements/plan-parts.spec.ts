import { describe, expect, it } from 'vitest';
import { normalisePlan } from '$lib/plan';
import { describeAbout, planItemParts } from './plan-parts';

const plan = normalisePlan({
	needs: [{ id: 'n1', text: 'A safe bedroom' }],
	actions: [
		{ id: 'a1', what: 'Health visitor to visit weekly and check on the baby’s weight gain and sleeping arrangements', why: '', status: 'not-started' },
		{ id: 'a2', what: '', why: '', status: 'not-started' }
	]
});

describe('the parts of the plan a disagreement can be about', () => {
	it('names items by their number and first words', () => {
		expect(planItemParts(plan).map((p) => p.label)).toEqual([
			'Need 1: A safe bedroom',
			'Action 1: Health visitor to visit weekly and check on the baby’s…',
			'Action 2: (not written yet)'
		]);
	});

	it('reads a section, an item, or an item since removed', () => {
		expect(describeAbout('contingency', plan)).toBe('Contingency plan');
		expect(describeAbout('n1', plan)).toBe('Need 1: A safe bedroom');
		expect(describeAbout('gone', plan)).toBe('A part of the plan that has since been removed');
	});
});
