// The firewall's decision on what an update writes (DESIGN §4 rule 10), pure: a server document seeded with
// a plan, a professional's copy of it, one change made on the copy, and the decision on the update it makes.
// Honest writers' changes all pass; anything outside the declared shape or the limits is refused.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	MAX_DOCUMENT_BYTES,
	MAX_TEXT_LENGTH,
	addAction,
	addNeed,
	addOutcome,
	moveItem,
	planList,
	planText,
	presenceRefusal,
	removeItem,
	seedMeetingDocument,
	setActionField,
	setItemText,
	setOutcomeBy,
	setPlanText,
	userOrigin
} from '../../src/lib/plan';
import { checkUpdate, type RoomFacts } from '../../server/collab/firewall';

const MEMBER = '5b1f6a52-2f7c-4a39-9b8a-0c1d2e3f4a5b';
const OTHER_CASE_MEMBER = 'a0a0a0a0-1111-4222-8333-444455556666';
const me = userOrigin(MEMBER);
const professional = { role: 'professional' as const, memberId: MEMBER };

function server(): Y.Doc {
	const doc = new Y.Doc();
	seedMeetingDocument(doc);
	addAction(doc, { what: 'Weekly home visit', owner: MEMBER }, me);
	addNeed(doc, { text: 'A safe bedtime routine' }, me);
	return doc;
}

/** A server document as stored before items had order keys: two actions, placed by their array positions alone. */
function legacyServer(): Y.Doc {
	const doc = server();
	const actions = planList(doc, 'actions')!;
	doc.transact(() => {
		actions.delete(0, actions.length);
		for (const what of ['Weekly home visit', 'School check-in'])
			actions.push([new Y.Map<unknown>([['id', crypto.randomUUID()], ['what', new Y.Text(what)], ['why', new Y.Text()], ['owner', null], ['due', null], ['outcome', null], ['contact', new Y.Text()], ['status', 'not-started']])]);
	});
	return doc;
}

function facts(overrides: Partial<RoomFacts> = {}): RoomFacts {
	return { owners: new Map(), isMember: (id) => id === MEMBER, documentBytes: 0, ...overrides };
}

/** The decision on the update that `change` makes to a copy of the server's document. */
function decide(change: (copy: Y.Doc) => void, room = facts(), doc = server()): ReturnType<typeof checkUpdate> {
	const copy = new Y.Doc();
	Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
	const before = Y.encodeStateVector(copy);
	change(copy);
	return checkUpdate(doc, Y.encodeStateAsUpdate(copy, before), professional, room);
}
/** Maps nested `depth` deep under `key` of `parent`, one level at a time (as a script would). */
function nest(parent: Y.Map<unknown>, key: string, depth: number): void {
	let inner = parent;
	for (let i = 0; i < depth; i++) {
		inner.set(i === 0 ? key : 'deeper', new Y.Map());
		inner = inner.get(i === 0 ? key : 'deeper') as Y.Map<unknown>;
	}
}
const firstAction = (d: Y.Doc) => planList(d, 'actions')!.get(0);
const actionId = (d: Y.Doc) => firstAction(d).get('id') as string;

describe('the document shape the firewall holds updates to', () => {
	it.each([
		['typing in a section', (d: Y.Doc) => planText(d, 'concerns')!.insert(0, 'Bruising seen at nursery.')],
		['adding each kind of item', (d: Y.Doc) => (addNeed(d, { text: 'x' }, me), addOutcome(d, { text: 'y', by: '2027-03-01' }, me), addAction(d, { what: 'z', owner: MEMBER, due: '2027-02-01' }, me))],
		['setting the plain fields of an action', (d: Y.Doc) => (setActionField(d, actionId(d), 'status', 'in-progress', me), setActionField(d, actionId(d), 'due', '2027-01-15', me), setActionField(d, actionId(d), 'owner', null, me))],
		['an outcome’s date', (d: Y.Doc) => setOutcomeBy(d, addOutcome(d, { text: 'y' }, me), '2027-05-05', me)],
		['typing in an item’s field', (d: Y.Doc) => setItemText(d, 'actions', actionId(d), 'why', 'So the children are seen.', me)],
		['moving and removing items', (d: Y.Doc) => (addNeed(d, { text: 'second' }, me), moveItem(d, 'needs', (planList(d, 'needs')!.get(0).get('id') as string), 1, me), removeItem(d, 'actions', actionId(d), me))],
		['moving an item of a document written before order keys', (d: Y.Doc) => moveItem(d, 'actions', actionId(d), 1, me), legacyServer],
		['deleting words only', (d: Y.Doc) => planText(d, 'concerns')!.delete(0, 0)],
		['replacing a text of the limit’s length with another', (d: Y.Doc) => setPlanText(d, 'review', 'b'.repeat(MAX_TEXT_LENGTH), me)]
	])('lets honest writers through: %s', (_name, change, makeServer = server) => {
		const doc = makeServer();
		setPlanText(doc, 'review', 'a'.repeat(MAX_TEXT_LENGTH), me);
		expect(decide(change, facts(), doc)).toMatchObject({ ok: true });
	});

	it.each([
		['3,000 maps nested under an action', (d: Y.Doc) => nest(firstAction(d), 'notes', 3_000), /unknown key/],
		['3,000 maps nested under an action’s text', (d: Y.Doc) => {
			const what = firstAction(d).get('what') as Y.Text;
			what.setAttribute('deeper', new Y.Map());
			nest(what.getAttribute('deeper') as Y.Map<unknown>, 'deeper', 2_999);
		}, /nests deeper/],
		['a map inside an action’s text field', (d: Y.Doc) => (firstAction(d).get('what') as Y.Text).insertEmbed(0, { x: 1 }), /plain text/],
		['a nested type inside a section’s text', (d: Y.Doc) => planText(d, 'concerns')!.insertEmbed(0, new Y.Map()), /plain text/],
		['formatting in a text', (d: Y.Doc) => planText(d, 'concerns')!.format(0, 0, { bold: true }), null],
		['an unknown key on an item', (d: Y.Doc) => firstAction(d).set('hidden', 'changes the hash'), /unknown key "hidden"/],
		['a status that is not one', (d: Y.Doc) => firstAction(d).set('status', 'abandoned'), /action-status/],
		['a date that is not a date', (d: Y.Doc) => firstAction(d).set('due', '2027-02-30'), /valid date/],
		['a date of another type', (d: Y.Doc) => firstAction(d).set('due', 20270201), /valid date/],
		['an owner outside the core group', (d: Y.Doc) => firstAction(d).set('owner', OTHER_CASE_MEMBER), /valid member/],
		['a new item without a UUID', (d: Y.Doc) => planList(d, 'needs')!.push([new Y.Map<unknown>([['id', 'not-a-uuid'], ['text', new Y.Text('x')]])]), /valid id/],
		['an order key that is not one', (d: Y.Doc) => firstAction(d).set('order', 'first!'), /valid order/],
		['an order key of another type', (d: Y.Doc) => firstAction(d).set('order', 1), /valid order/],
		['an order key no key can be placed beside', (d: Y.Doc) => firstAction(d).set('order', 'a00'), /valid order/],
		['a new item without its place in the list', (d: Y.Doc) => planList(d, 'needs')!.push([new Y.Map<unknown>([['id', crypto.randomUUID()], ['text', new Y.Text('x')]])]), /without all its fields/],
		['a new item missing a field', (d: Y.Doc) => planList(d, 'actions')!.push([new Y.Map<unknown>([['id', crypto.randomUUID()], ['what', new Y.Text('x')]])]), /without all its fields/],
		['a text where an item belongs', (d: Y.Doc) => (planList(d, 'needs') as unknown as Y.Array<string>).push(['just words']), /other than an item/],
		['replacing the text of an existing item', (d: Y.Doc) => firstAction(d).set('what', new Y.Text('wiped')), /replaces the what/],
		['changing an existing item’s id', (d: Y.Doc) => firstAction(d).set('id', crypto.randomUUID()), /replaces the id/],
		['a binary value in a field', (d: Y.Doc) => firstAction(d).set('contact', new Uint8Array([1, 2, 3])), /replaces the contact/],
		['a text longer than the limit', (d: Y.Doc) => planText(d, 'contingency')!.insert(0, 'x'.repeat(MAX_TEXT_LENGTH + 1)), /longer than 20,000/],
		['a field’s text longer than the limit', (d: Y.Doc) => (firstAction(d).get('why') as Y.Text).insert(0, 'x'.repeat(MAX_TEXT_LENGTH + 1)), /longer than 20,000/]
	])('refuses %s', (_name, change, reason) => {
		const decision = decide(change as (d: Y.Doc) => void);
		if (reason === null) {
			// Formatting an empty range writes nothing at all.
			expect(decision).toMatchObject({ ok: true, empty: true });
			return;
		}
		expect(decision.ok).toBe(false);
		if (!decision.ok) expect(decision.reason).toMatch(reason);
	});

	it('refuses formatting that would mark up words', () => {
		const doc = server();
		setPlanText(doc, 'concerns', 'Bruising seen.', me);
		const decision = decide((d) => planText(d, 'concerns')!.format(0, 8, { bold: true }), facts(), doc);
		expect(decision).toMatchObject({ ok: false, reason: expect.stringMatching(/plain text/) });
	});

	it('counts words deleted in the same update: a text at the limit can still be edited', () => {
		const doc = server();
		setPlanText(doc, 'review', 'a'.repeat(MAX_TEXT_LENGTH), me);
		expect(decide((d) => (planText(d, 'review')!.delete(0, 5), planText(d, 'review')!.insert(0, 'bbbbb')), facts(), doc)).toMatchObject({ ok: true });
		expect(decide((d) => planText(d, 'review')!.insert(0, 'b'), facts(), doc)).toMatchObject({ ok: false });
	});

	it('refuses an update that would take the document past its limit', () => {
		const tooBig = facts({ documentBytes: MAX_DOCUMENT_BYTES - 10 });
		expect(decide((d) => planText(d, 'concerns')!.insert(0, 'A few more words than ten bytes.'), tooBig)).toMatchObject({ ok: false, reason: expect.stringMatching(/limit/) });
	});
});

describe('presence the room accepts', () => {
	it('is what the page says — what it is editing — and small', () => {
		expect(presenceRefusal({ editing: 'plan.actions.abc.what' })).toBeNull();
		expect(presenceRefusal({ editing: null })).toBeNull();
		expect(presenceRefusal(null)).toBeNull();
		// y-websocket clients echo the states the server stamped, names included: the server stamps them again.
		expect(presenceRefusal({ editing: null, user: { name: 'Sam Caseworth', role: 'lead-social-worker', memberId: null } })).toBeNull();
		expect(presenceRefusal({ editing: null, colour: 'red' })).toMatch(/unknown key/);
		expect(presenceRefusal({ editing: 'x'.repeat(5_000) })).toMatch(/4 KiB/);
		expect(presenceRefusal({ editing: { nested: true } })).toMatch(/no field/);
	});

	it('says who is reading the plan to sign on this device: a member id, or nobody', () => {
		expect(presenceRefusal({ editing: null, signing: '0b6f3d52-6c1e-4a53-9a43-2d3c1d9d7e10' })).toBeNull();
		expect(presenceRefusal({ editing: null, signing: null })).toBeNull();
		expect(presenceRefusal({ signing: 'Robin is signing, trust me' })).toMatch(/no member as signing/);
	});
});
