import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import { announceEditing, fieldPath, leaveField, othersEditing, peoplePresent, presences } from './presence';

const sam = { name: 'Sam Caseworth', role: 'lead-social-worker', memberId: 'm-sam' };
const robin = { name: 'Robin Testcase', role: 'family', memberId: 'm-robin' };

describe('presence', () => {
	const states = new Map<number, unknown>([
		[1, { user: sam, editing: 'plan.concerns' }],
		[2, { user: robin, editing: 'plan.familyViews' }],
		[3, { user: sam, editing: null }], // Sam's second tab
		[4, { editing: 'plan.concerns' }], // not yet stamped by the server: nobody
		[5, { user: { name: 'Mallory', role: 'superuser' }, editing: 'plan.concerns' }] // not a role
	]);

	it('counts only states the server has stamped with a real member', () => {
		expect(presences(states).map((p) => p.clientId)).toEqual([1, 2, 3]);
	});

	it('lists each person once, by name', () => {
		expect(peoplePresent(presences(states)).map((p) => p.name)).toEqual(['Robin Testcase', 'Sam Caseworth']);
	});

	it('names the others editing a field, never yourself', () => {
		const all = presences(states);
		expect(othersEditing(all, 'plan.concerns', { clientId: 9, memberId: 'm-robin' })).toEqual(['Sam Caseworth']);
		// Sam in another tab does not see "Sam is editing this".
		expect(othersEditing(all, 'plan.concerns', { clientId: 3, memberId: 'm-sam' })).toEqual([]);
		expect(othersEditing(all, 'plan.review', { clientId: 9, memberId: 'm-robin' })).toEqual([]);
	});

	it('names a field of a list item by its id', () => {
		expect(fieldPath('plan', 'actions', 'a1', 'what')).toBe('plan.actions.a1.what');
		expect(fieldPath('minutes', 'notes')).toBe('minutes.notes');
	});

	it('announces only the field being edited, and clears it on leaving', () => {
		const awareness = new Awareness(new Y.Doc());
		awareness.setLocalState({ editing: null });
		announceEditing(awareness, 'plan.concerns');
		expect(awareness.getLocalState()).toEqual({ editing: 'plan.concerns' });
		// Focus already moved on: leaving the old field must not clear the new one.
		announceEditing(awareness, 'plan.review');
		leaveField(awareness, 'plan.concerns');
		expect(awareness.getLocalState()).toEqual({ editing: 'plan.review' });
		leaveField(awareness, 'plan.review');
		expect(awareness.getLocalState()).toEqual({ editing: null });
		awareness.destroy();
	});
});
