// What changed between two versions of the plan, in words: word runs in texts, items by id in lists.
import { describe, expect, it } from 'vitest';
import { changedPlaces, planChanges, type PlanJson } from '../../src/lib/plan';

const empty: PlanJson = { concerns: '', needs: [], outcomes: [], actions: [], nonNegotiables: '', contingency: '', review: '', childViews: '', familyViews: '' };
const action = { id: 'a1', what: 'Walk Jamie to school', why: '', owner: null, due: '2026-12-11', outcome: null, contact: '', status: 'not-started' as const };

describe('planChanges', () => {
	it('is empty for the same plan', () => {
		expect(planChanges(empty, structuredClone(empty))).toEqual([]);
	});

	it('gives the words added and removed in a text, and nothing for the sections that did not change', () => {
		const changes = planChanges({ ...empty, contingency: 'Hold a strategy discussion the same day.' }, { ...empty, contingency: 'Hold a strategy discussion within a day.' });
		expect(changes).toHaveLength(1);
		expect(changes[0]).toMatchObject({ kind: 'text', key: 'contingency' });
		const words = changes[0].kind === 'text' ? changes[0].words : [];
		expect(words.filter((w) => w.kind === 'removed').map((w) => w.text.trim())).toEqual(['the same']);
		expect(words.filter((w) => w.kind === 'added').map((w) => w.text.trim())).toEqual(['within a']);
	});

	it('matches list items by id: added, removed, and edited with each changed field', () => {
		const from = { ...empty, needs: [{ id: 'n1', text: 'A safe bedroom' }], actions: [action] };
		const to = { ...empty, needs: [{ id: 'n2', text: 'A bed of their own' }], actions: [{ ...action, what: 'Walk Jamie to school daily', due: '2026-12-18' }] };
		const changes = planChanges(from, to);
		expect(changes.map((c) => c.key)).toEqual(['needs', 'actions']);
		expect(changes[0]).toMatchObject({ kind: 'list', added: [{ id: 'n2' }], removed: [{ id: 'n1' }], edited: [] });
		const edited = changes[1].kind === 'list' ? changes[1].edited : [];
		expect(edited).toHaveLength(1);
		expect(edited[0].fields.map((f) => f.field)).toEqual(['what', 'due']);
		expect(edited[0].fields[1]).toMatchObject({ kind: 'value', fieldKind: 'date', from: '2026-12-11', to: '2026-12-18' });
		expect(changedPlaces(changes).sort()).toEqual(['a1', 'n1', 'n2']);
	});
});
