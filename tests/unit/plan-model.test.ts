import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { describe, it, expect } from 'vitest';
import * as Y from 'yjs';
import {
	ALL_ROOTS,
	PlanInputError,
	addAction,
	addNeed,
	addOutcome,
	isIsoDate,
	isSeeded,
	itemText,
	moveItem,
	planHash,
	planHashOf,
	planList,
	planText,
	readAction,
	readMeeting,
	readMinutes,
	readDocument,
	readPlan,
	removeDuplicateIds,
	removeItem,
	replaceText,
	seedMeetingDocument,
	serverOrigin,
	setActionField,
	setItemText,
	setMinutesText,
	setOutcomeBy,
	setPlanText,
	userOrigin,
	type PlanJson
} from '../../src/lib/plan';
import { serverPlanHash } from '../../src/lib/server/plan-hash';

const me = userOrigin('member-1');

function seeded(carried?: PlanJson | null): Y.Doc {
	const doc = new Y.Doc();
	seedMeetingDocument(doc, carried);
	return doc;
}
/** Exchange missing updates both ways, as two connected peers would. */
function sync(a: Y.Doc, b: Y.Doc): void {
	Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
	Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}
function peerOf(doc: Y.Doc): Y.Doc {
	const peer = new Y.Doc();
	Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
	return peer;
}
const ids = (doc: Y.Doc, list: 'needs' | 'outcomes' | 'actions') => readPlan(doc)[list].map((x) => x.id);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('seedMeetingDocument', () => {
	it('yields exactly the shape of DESIGN §3', () => {
		const doc = seeded();
		expect(doc.toJSON()).toEqual({
			plan: {
				concerns: '',
				needs: [],
				outcomes: [],
				actions: [],
				nonNegotiables: '',
				contingency: '',
				review: '',
				childViews: '',
				familyViews: ''
			},
			minutes: { progress: '', notes: '' },
			meeting: { status: 'scheduled', openedAt: null, closedAt: null, circulateBy: null, region: null, finalPlanHash: null, editingPaused: null },
			attendance: {},
			disagreements: [],
			views: [],
			signatures: []
		});
		expect(Object.keys(doc.toJSON()).sort()).toEqual([...ALL_ROOTS].sort());
	});

	it('uses the Y types of §3 for every key', () => {
		const doc = seeded();
		const plan = doc.getMap('plan');
		for (const k of ['concerns', 'nonNegotiables', 'contingency', 'review', 'childViews', 'familyViews'])
			expect(plan.get(k)).toBeInstanceOf(Y.Text);
		for (const k of ['needs', 'outcomes', 'actions']) expect(plan.get(k)).toBeInstanceOf(Y.Array);
		expect(doc.getMap('minutes').get('progress')).toBeInstanceOf(Y.Text);
		expect(doc.getMap('minutes').get('notes')).toBeInstanceOf(Y.Text);
		expect(isSeeded(doc)).toBe(true);
	});

	it('writes in one transaction with the server origin', () => {
		const doc = new Y.Doc();
		const origins: unknown[] = [];
		doc.on('afterTransaction', (tr) => origins.push(tr.origin));
		expect(seedMeetingDocument(doc)).toBe(true);
		expect(origins).toEqual([serverOrigin]);
		expect(origins[0]).toBe(serverOrigin);
	});

	it('is idempotent: seeding a seeded doc (or a synced copy of one) changes nothing', () => {
		const doc = seeded();
		addNeed(doc, { text: 'Safe sleep' }, me);
		const before = Y.encodeStateVector(doc);
		const json = JSON.stringify(doc.toJSON());
		let updates = 0;
		doc.on('update', () => updates++);
		expect(seedMeetingDocument(doc)).toBe(false);
		expect(seedMeetingDocument(doc, { ...readPlan(doc), concerns: 'other' })).toBe(false);
		expect(updates).toBe(0);
		expect(Y.encodeStateVector(doc)).toEqual(before);
		expect(JSON.stringify(doc.toJSON())).toBe(json);

		const peer = peerOf(doc);
		expect(seedMeetingDocument(peer)).toBe(false);
		expect(readDocument(peer)).toEqual(readDocument(doc));
	});

	it('fills only the keys that are missing', () => {
		const doc = new Y.Doc();
		doc.getMap('plan').set('concerns', new Y.Text('kept'));
		doc.getMap('meeting').set('status', 'open');
		seedMeetingDocument(doc);
		expect(readPlan(doc).concerns).toBe('kept');
		expect(readMeeting(doc).status).toBe('open');
		expect(isSeeded(doc)).toBe(true);
	});

	it('carries over a previous plan with ids and texts, and starts the minutes empty', () => {
		const prev = seeded();
		setPlanText(prev, 'concerns', 'Neglect: home conditions', serverOrigin);
		setPlanText(prev, 'contingency', 'Return to conference', serverOrigin);
		setPlanText(prev, 'familyViews', 'Mum agrees', serverOrigin);
		const need = addNeed(prev, { text: 'Regular meals' }, serverOrigin);
		const outcome = addOutcome(prev, { text: 'Home is safe', measure: 'Visits', by: '2026-09-01' }, serverOrigin);
		const action = addAction(
			prev,
			{ what: 'Visit weekly', why: 'See the child', owner: 'sw-1', due: '2026-07-01', outcome, contact: 'Weekly', status: 'in-progress' },
			serverOrigin
		);
		setMinutesText(prev, 'notes', 'Discussed conditions', serverOrigin);
		const carried = readPlan(prev);

		const next = seeded(carried);
		expect(readPlan(next)).toEqual(carried);
		expect(readPlan(next).needs[0].id).toBe(need);
		expect(readAction(next, action)).toMatchObject({ owner: 'sw-1', due: '2026-07-01', outcome, status: 'in-progress' });
		expect(itemText(next, 'actions', action, 'what')).toBeInstanceOf(Y.Text);
		expect(readMinutes(next)).toEqual({ progress: '', notes: '' });
		expect(readMeeting(next).status).toBe('scheduled');
		expect(planHash(next)).toBe(planHash(prev));
		// the carried plan is a copy: editing the new meeting leaves the old one alone
		setPlanText(next, 'concerns', 'changed', me);
		expect(readPlan(prev).concerns).toBe('Neglect: home conditions');
	});

	it('normalises a carried plan: missing fields, bad dates/statuses and dangling outcome links', () => {
		const raw = {
			concerns: 'c',
			actions: [{ id: 'a-1', what: 'w', due: '2026-13-01', status: 'finished', outcome: 'gone' }]
		} as unknown as PlanJson;
		const plan = readPlan(seeded(raw));
		expect(plan.concerns).toBe('c');
		expect(plan.contingency).toBe('');
		expect(plan.needs).toEqual([]);
		expect(plan.actions).toEqual([
			{ id: 'a-1', what: 'w', why: '', owner: null, due: null, outcome: null, contact: '', status: 'not-started' }
		]);
	});
});

describe('writers', () => {
	it('addNeed, addOutcome and addAction create the §3 item shapes with fresh UUIDs', () => {
		const doc = seeded();
		const n = addNeed(doc, { text: 'Health checks' }, me);
		const o = addOutcome(doc, { text: 'Attends school', measure: '95% attendance', by: '2026-12-18' }, me);
		const a = addAction(doc, { what: 'Book appointment', owner: 'hv-1', outcome: o }, me);
		const a2 = addAction(doc, {}, me);
		for (const id of [n, o, a, a2]) expect(id).toMatch(UUID);
		expect(new Set([n, o, a, a2]).size).toBe(4);
		const plan = readPlan(doc);
		expect(plan.needs).toEqual([{ id: n, text: 'Health checks' }]);
		expect(plan.outcomes).toEqual([{ id: o, text: 'Attends school', measure: '95% attendance', by: '2026-12-18' }]);
		expect(plan.actions).toEqual([
			{ id: a, what: 'Book appointment', why: '', owner: 'hv-1', due: null, outcome: o, contact: '', status: 'not-started' },
			{ id: a2, what: '', why: '', owner: null, due: null, outcome: null, contact: '', status: 'not-started' }
		]);
		const item = planList(doc, 'actions')!.get(0);
		for (const f of ['what', 'why', 'contact']) expect(item.get(f)).toBeInstanceOf(Y.Text);
		expect(planList(doc, 'outcomes')!.get(0).get('measure')).toBeInstanceOf(Y.Text);
	});

	it('inserts at a given index', () => {
		const doc = seeded();
		const a = addNeed(doc, { text: 'a' }, me);
		const b = addNeed(doc, { text: 'b', at: 0 }, me);
		const c = addNeed(doc, { text: 'c', at: 99 }, me);
		expect(ids(doc, 'needs')).toEqual([b, a, c]);
	});

	it('each writer is one transaction carrying its origin', () => {
		const doc = seeded();
		const origins: unknown[] = [];
		doc.on('afterTransaction', (tr) => origins.push(tr.origin));
		const o = addOutcome(doc, { measure: 'm' }, me);
		setOutcomeBy(doc, o, '2027-01-05', me);
		expect(origins).toEqual([me, me]);
		expect(origins[0]).toBe(userOrigin('member-1'));
	});

	it('validates action fields and writes nothing on a bad value', () => {
		const doc = seeded();
		const o = addOutcome(doc, {}, me);
		const a = addAction(doc, {}, me);
		let updates = 0;
		doc.on('update', () => updates++);
		expect(() => setActionField(doc, a, 'due', '2026-02-30', me)).toThrow(PlanInputError);
		expect(() => setActionField(doc, a, 'due', '1/2/2026', me)).toThrow(PlanInputError);
		expect(() => setActionField(doc, a, 'status', 'finished' as never, me)).toThrow(PlanInputError);
		expect(() => setActionField(doc, a, 'outcome', 'no-such-outcome', me)).toThrow(PlanInputError);
		expect(() => setActionField(doc, a, 'owner', '  ', me)).toThrow(PlanInputError);
		expect(() => setActionField(doc, a, 'what' as never, 'x' as never, me)).toThrow(PlanInputError);
		expect(() => addAction(doc, { due: '2026-1-1' }, me)).toThrow(PlanInputError);
		expect(() => addOutcome(doc, { by: 'tomorrow' }, me)).toThrow(PlanInputError);
		expect(() => setOutcomeBy(doc, o, '2026-04-31', me)).toThrow(PlanInputError);
		expect(updates).toBe(0);

		expect(setActionField(doc, a, 'due', '2028-02-29', me)).toBe(true);
		expect(setActionField(doc, a, 'status', 'done', me)).toBe(true);
		expect(setActionField(doc, a, 'owner', 'gp-1', me)).toBe(true);
		expect(setActionField(doc, a, 'outcome', o, me)).toBe(true);
		expect(setOutcomeBy(doc, o, '2026-06-30', me)).toBe(true);
		expect(readAction(doc, a)).toMatchObject({ due: '2028-02-29', status: 'done', owner: 'gp-1', outcome: o });
		setActionField(doc, a, 'due', null, me);
		setActionField(doc, a, 'owner', null, me);
		setOutcomeBy(doc, o, null, me);
		expect(readAction(doc, a)).toMatchObject({ due: null, owner: null });
		expect(readPlan(doc).outcomes[0].by).toBeNull();
		expect(setActionField(doc, 'missing', 'status', 'done', me)).toBe(false);
	});

	it('isIsoDate accepts real calendar dates only', () => {
		expect(['2026-01-05', '2028-02-29', '2026-12-31'].every(isIsoDate)).toBe(true);
		expect(['2026-02-29', '2026-00-10', '2026-1-5', '20260105', '', null, 20260105].some(isIsoDate)).toBe(false);
	});

	it('refuses to write to an unseeded doc', () => {
		expect(() => addNeed(new Y.Doc(), {}, me)).toThrow(/not seeded/);
		expect(() => setPlanText(new Y.Doc(), 'concerns', 'x', me)).toThrow(/not seeded/);
	});

	it('removeItem removes by id, and removing an outcome unlinks its actions', () => {
		const doc = seeded();
		const o = addOutcome(doc, {}, me);
		const a = addAction(doc, { outcome: o }, me);
		const n = addNeed(doc, {}, me);
		expect(removeItem(doc, 'needs', n, me)).toBe(true);
		expect(removeItem(doc, 'needs', n, me)).toBe(false);
		expect(removeItem(doc, 'outcomes', o, me)).toBe(true);
		expect(readPlan(doc).needs).toEqual([]);
		expect(readPlan(doc).outcomes).toEqual([]);
		expect(readAction(doc, a)!.outcome).toBeNull();
	});

	it('setItemText and replaceText change only the differing part, so concurrent edits survive', () => {
		const a = seeded();
		const id = addAction(a, { what: 'Visit the family' }, me);
		const b = peerOf(a);
		setItemText(a, 'actions', id, 'what', 'Visit the family weekly', me);
		replaceText(itemText(b, 'actions', id, 'what')!, 'Visit the whole family', userOrigin('member-2'));
		sync(a, b);
		expect(readAction(a, id)!.what).toBe('Visit the whole family weekly');
		expect(readPlan(b)).toEqual(readPlan(a));
		expect(() => setItemText(a, 'actions', id, 'owner' as never, 'x', me)).toThrow(PlanInputError);
	});

	it('replaceText does not split an emoji', () => {
		const doc = seeded();
		setPlanText(doc, 'childViews', 'I feel 😀', me);
		setPlanText(doc, 'childViews', 'I feel 😢', me);
		expect(planText(doc, 'childViews')!.toString()).toBe('I feel 😢');
	});
});

describe('moveItem', () => {
	function threeActions() {
		const doc = seeded();
		const o = addOutcome(doc, { text: 'o' }, me);
		const x = addAction(doc, { what: 'first', owner: 'm-1', due: '2026-05-01', outcome: o, status: 'in-progress' }, me);
		const y = addAction(doc, { what: 'second' }, me);
		const z = addAction(doc, { what: 'third' }, me);
		return { doc, x, y, z };
	}

	it('keeps the id and all content, formatting included', () => {
		const { doc, x, y, z } = threeActions();
		itemText(doc, 'actions', x, 'what')!.format(0, 5, { bold: true });
		const before = readAction(doc, x);
		const delta = itemText(doc, 'actions', x, 'what')!.toDelta();
		expect(moveItem(doc, 'actions', x, 2, me)).toBe(true);
		expect(ids(doc, 'actions')).toEqual([y, z, x]);
		expect(readAction(doc, x)).toEqual(before);
		expect(itemText(doc, 'actions', x, 'what')!.toDelta()).toEqual(delta);
		expect(moveItem(doc, 'actions', x, 0, me)).toBe(true);
		expect(ids(doc, 'actions')).toEqual([x, y, z]);
		expect(moveItem(doc, 'actions', z, -5, me)).toBe(true);
		expect(ids(doc, 'actions')).toEqual([z, x, y]);
		expect(moveItem(doc, 'actions', 'missing', 0, me)).toBe(false);
	});

	it('is one transaction', () => {
		const { doc, x } = threeActions();
		let updates = 0;
		doc.on('update', () => updates++);
		moveItem(doc, 'actions', x, 1, me);
		expect(updates).toBe(1);
	});

	it('converges when two docs exchange updates', () => {
		const { doc: a, x, y, z } = threeActions();
		const b = peerOf(a);
		moveItem(a, 'actions', x, 2, me);
		setItemText(b, 'actions', y, 'why', 'because', userOrigin('member-2'));
		sync(a, b);
		expect(readDocument(a)).toEqual(readDocument(b));
		expect(ids(b, 'actions')).toEqual([y, z, x]);
		expect(readAction(b, y)!.why).toBe('because');
		expect(readAction(b, x)!.what).toBe('first');
		expect(planHash(a)).toBe(planHash(b));
	});

	it('keeps an edit another peer makes to the moved item meanwhile', () => {
		const { doc: a, x, y, z } = threeActions();
		const b = peerOf(a);
		moveItem(a, 'actions', x, 2, me);
		// b is still typing in the item a has just moved
		itemText(b, 'actions', x, 'what')!.insert(5, ' visit');
		setActionField(b, x, 'status', 'done', userOrigin('member-2'));
		sync(a, b);
		expect(ids(a, 'actions')).toEqual([y, z, x]);
		expect(readAction(a, x)).toMatchObject({ what: 'first visit', status: 'done' });
		expect(readDocument(a)).toEqual(readDocument(b));
	});

	it('two peers moving the same item at once leave one copy, in the same place on both', () => {
		const { doc: a, x, y, z } = threeActions();
		const b = peerOf(a);
		moveItem(a, 'actions', x, 2, me);
		moveItem(b, 'actions', x, 1, userOrigin('member-2'));
		sync(a, b);
		expect(readDocument(a)).toEqual(readDocument(b));
		expect(ids(a, 'actions').sort()).toEqual([x, y, z].sort());
		expect(removeDuplicateIds(a, me)).toBe(0);
	});

	it('reads the plan in order and without order keys: the hash is the same plan’s however it was arranged', () => {
		const { doc, x, y, z } = threeActions();
		moveItem(doc, 'actions', z, 0, me);
		moveItem(doc, 'actions', x, 1, me);
		const plan = readPlan(doc);
		expect(plan.actions.map((a) => a.id)).toEqual([z, x, y]);
		expect(plan.actions.every((a) => !('order' in a))).toBe(true);
		// the same plan written afresh in that order, by another route, hashes the same
		expect(planHash(seeded(plan))).toBe(planHash(doc));
	});
});

describe('a document written before items had order keys', () => {
	/** Needs as they were stored: Y.Maps of id and text, placed by their position in the array alone. */
	function legacyDoc(texts: string[]): { doc: Y.Doc; needIds: string[] } {
		const doc = seeded();
		const needIds = texts.map((_, i) => `00000000-0000-4000-8000-00000000000${i}`);
		doc.transact(() => planList(doc, 'needs')!.push(texts.map((text, i) => new Y.Map<unknown>([['id', needIds[i]], ['text', new Y.Text(text)]]))));
		setPlanText(doc, 'concerns', 'Bruising seen at nursery.', serverOrigin);
		return { doc, needIds };
	}
	/** The hash as DESIGN §3 defined it before order keys: sha256 of the canonical JSON of the plan's raw toJSON. */
	const hashAsBefore = (doc: Y.Doc) => createHash('sha256').update(canonicalize(doc.getMap('plan').toJSON())!, 'utf8').digest('hex');

	it('reads and hashes exactly as it did', () => {
		const { doc, needIds } = legacyDoc(['Safe sleep', 'School every day', 'A GP check']);
		expect(ids(doc, 'needs')).toEqual(needIds);
		expect(planHash(doc)).toBe(hashAsBefore(doc));
		expect(serverPlanHash(doc)).toBe(hashAsBefore(doc));
		// a plan version stored then (canonical JSON without keys) hashes as it did too
		expect(planHashOf(JSON.parse(canonicalize(doc.getMap('plan').toJSON())!))).toBe(hashAsBefore(doc));
		// and the figure itself, as it was computed before order keys existed
		expect(planHash(doc)).toBe('080baf2cc1e1f2bc204af029d11417f2d20c1fda0cde5caf71e9f43d7bbf368d');
	});

	it('takes keys for every item at its first move, keeping the others where they stood', () => {
		const { doc, needIds } = legacyDoc(['Safe sleep', 'School every day', 'A GP check']);
		const before = readPlan(doc);
		expect(moveItem(doc, 'needs', needIds[2], 0, me)).toBe(true);
		expect(ids(doc, 'needs')).toEqual([needIds[2], needIds[0], needIds[1]]);
		expect(planList(doc, 'needs')!.toArray().every((m) => typeof m.get('order') === 'string')).toBe(true);
		// content untouched; moving it back restores the plan the old document hashed to
		moveItem(doc, 'needs', needIds[2], 2, me);
		expect(readPlan(doc)).toEqual(before);
		expect(planHash(doc)).toBe(planHashOf(before));
	});

	it('places a new item after the old ones', () => {
		const { doc, needIds } = legacyDoc(['Safe sleep', 'School every day']);
		const added = addNeed(doc, { text: 'A GP check' }, me);
		expect(ids(doc, 'needs')).toEqual([...needIds, added]);
		const first = addNeed(doc, { text: 'Warm clothes', at: 0 }, me);
		expect(ids(doc, 'needs')).toEqual([first, ...needIds, added]);
	});

	it('removeDuplicateIds still repairs two copies that an old-style move left', () => {
		const { doc, needIds } = legacyDoc(['Safe sleep', 'School every day']);
		doc.transact(() => planList(doc, 'needs')!.push([new Y.Map<unknown>([['id', needIds[0]], ['text', new Y.Text('Safe sleep')]])]));
		expect(removeDuplicateIds(doc, me)).toBe(1);
		expect(ids(doc, 'needs')).toEqual(needIds);
	});
});
