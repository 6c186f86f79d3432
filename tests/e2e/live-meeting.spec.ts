// The live meeting room: members co-edit the plan and see each other's changes at once, concurrent typing
// converges, edits made offline are kept and merged, and each role edits only what it may.
import { expect, test } from './support/accounts';
import { openFreshMeeting } from './support/forms';
import { MeetingPage, nextMeetingUrl } from './support/meeting-page';

/** Words no other test writes, so each test finds its own text in the shared demo meeting. */
const unique = (what: string) => `${what}-${Math.random().toString(36).slice(2, 8)}`;

test('the chair’s edits to the concerns and a new action reach the social worker at once', async ({ signedInAs }) => {
	const chairPage = await signedInAs('chair');
	const url = await nextMeetingUrl(chairPage);
	const chair = await new MeetingPage(chairPage).open(url);
	const worker = await new MeetingPage(await signedInAs('socialWorker')).open(url);

	const concern = unique('Bruising seen at nursery');
	await chair.typeAtEnd('Concerns', ` ${concern}`);
	await expect(worker.field('Concerns')).toHaveValue(new RegExp(concern));

	const action = unique('Health visitor to visit weekly');
	await chair.addAction(action);
	await expect(worker.actions.last().getByLabel('What will be done')).toHaveValue(action);

	// Each sees that the other is here; the worker sees where the chair is typing.
	await expect(worker.page.getByRole('region', { name: 'Here now' })).toContainText('Morgan Chairfield');
	await expect(worker.actions.last()).toContainText('Morgan Chairfield is editing this');
});

/** True when `word`'s characters appear in `text` in order (others' characters may sit between them). */
const holdsInOrder = (text: string, word: string) => {
	let at = 0;
	for (const ch of text) if (ch === word[at]) at++;
	return at === word.length;
};

test('undo takes back only your own typing, even after someone else’s edit arrived', async ({ signedInAs }) => {
	const chairPage = await signedInAs('chair');
	const url = await nextMeetingUrl(chairPage);
	const chair = await new MeetingPage(chairPage).open(url);
	const worker = await new MeetingPage(await signedInAs('socialWorker')).open(url);

	const before = await chair.field('Concerns').inputValue();
	const mine = unique('the chair typed this');
	await chair.typeAtEnd('Concerns', ` ${mine}`);
	await expect(worker.field('Concerns')).toHaveValue(new RegExp(mine));
	const theirs = unique('the worker typed this');
	await worker.typeAtEnd('Concerns', ` ${theirs}`);
	await expect(chair.field('Concerns')).toHaveValue(`${before} ${mine} ${theirs}`);

	// Typing is undone in steps (a pause of half a second starts a new one): undo until all of it is gone.
	const chairConcerns = chair.field('Concerns');
	await expect(async () => {
		await chairConcerns.press('ControlOrMeta+z');
		expect(await chairConcerns.inputValue()).toBe(`${before} ${theirs}`);
	}).toPass({ timeout: 10_000 });
	await expect(worker.field('Concerns')).toHaveValue(`${before} ${theirs}`);
	await expect(async () => {
		await chairConcerns.press('ControlOrMeta+Shift+z');
		expect(await chairConcerns.inputValue()).toBe(`${before} ${mine} ${theirs}`);
	}).toPass({ timeout: 10_000 });
	await expect(worker.field('Concerns')).toHaveValue(`${before} ${mine} ${theirs}`);
});

test('two people typing in the same field at once end up with the same text, holding both', async ({ signedInAs }) => {
	const chairPage = await signedInAs('chair');
	const url = await nextMeetingUrl(chairPage);
	const chair = await new MeetingPage(chairPage).open(url);
	const worker = await new MeetingPage(await signedInAs('socialWorker')).open(url);
	const field = 'Review points';

	const base = unique('Reviewed at every core group');
	await chair.typeAtEnd(field, ` ${base} `);
	await expect(worker.field(field)).toHaveValue(new RegExp(base));

	// At either end of the text at once: each person's words arrive whole.
	const atStart = unique('chair first');
	const atEnd = unique('worker last');
	await Promise.all([chair.typeAtStart(field, `${atStart} `), worker.typeAtEnd(field, ` ${atEnd}`)]);
	for (const side of [chair, worker]) {
		await expect(side.field(field)).toHaveValue(new RegExp(`^${atStart} .*${base}.* ${atEnd}$`, 's'));
	}

	// At the very same place at once: the same text on both sides, nobody's keystrokes lost or reordered.
	const before = (await chair.field(field).inputValue()).length;
	const fromChair = unique('chair says');
	const fromWorker = unique('worker says');
	await Promise.all([chair.typeAtEnd(field, ` ${fromChair}`), worker.typeAtEnd(field, ` ${fromWorker}`)]);
	await expect(async () => {
		const [a, b] = [await chair.field(field).inputValue(), await worker.field(field).inputValue()];
		expect(a).toBe(b);
		expect(holdsInOrder(a, fromChair) && holdsInOrder(a, fromWorker)).toBe(true);
		expect(a.length).toBe(before + ` ${fromChair} ${fromWorker}`.length);
	}).toPass();
});

test('edits made offline are kept on the device and merged when it is back online', async ({ signedInAs }) => {
	const chairPage = await signedInAs('chair');
	const url = await nextMeetingUrl(chairPage);
	const chair = await new MeetingPage(chairPage).open(url);
	const worker = await new MeetingPage(await signedInAs('socialWorker')).open(url);

	await chairPage.context().setOffline(true);
	await expect(chair.connection).toContainText('Offline — changes kept on this device');

	const offline = unique('written offline');
	const online = unique('written online');
	await chair.typeAtEnd('Contingency plan', ` ${offline}`);
	await worker.typeAtEnd('Contingency plan', ` ${online}`);
	await expect(chair.field('Contingency plan')).toHaveValue(new RegExp(offline));
	await expect(worker.field('Contingency plan')).toHaveValue(new RegExp(online));
	await expect(worker.field('Contingency plan')).not.toHaveValue(new RegExp(offline));

	await chairPage.context().setOffline(false);
	await expect(chair.connection).toContainText('Connected');
	for (const side of [chair, worker]) {
		await expect(side.field('Contingency plan')).toHaveValue(new RegExp(offline));
		await expect(side.field('Contingency plan')).toHaveValue(new RegExp(online));
	}
	await expect(worker.field('Contingency plan')).toHaveValue(await chair.field('Contingency plan').inputValue());
});

test('before the meeting opens a parent reads the plan; once it opens, writes only the parents’ views', async ({ signedInAs, playwright, baseURL }) => {
	const parentPage = await signedInAs('parent');
	const scheduled = await new MeetingPage(parentPage).open(await nextMeetingUrl(parentPage));
	await expect(parentPage.getByText('The chair, the minute-taker and the lead social worker are preparing the plan')).toBeVisible();
	await expect(scheduled.field("The parents' views")).not.toBeEditable();

	const url = `/meetings/${await openFreshMeeting(playwright, baseURL)}`;
	const parent = await new MeetingPage(parentPage).open(url);

	await expect(parent.field('Concerns')).not.toBeEditable();
	await expect(parent.field('Contingency plan')).not.toBeEditable();
	await expect(parentPage.getByRole('button', { name: 'Add an action' })).toHaveCount(0);
	await expect(parent.field("The parents' views")).toBeEditable();

	const view = unique('We want Jamie to stay at home');
	await parent.typeAtEnd("The parents' views", ` ${view}`);

	// The server took it: the chair sees it, and the parent is still connected.
	const chair = await new MeetingPage(await signedInAs('chair')).open(url);
	await expect(chair.field("The parents' views")).toHaveValue(new RegExp(view));
	await expect(parent.connection).toContainText('Connected');
});

test('edits the server refuses are listed for copying, then the device starts again from the record', async ({ signedInAs, playwright, baseURL }) => {
	const schoolPage = await signedInAs('school');
	const url = `/meetings/${await openFreshMeeting(playwright, baseURL)}`;
	const school = await new MeetingPage(schoolPage).open(url);
	const workerPage = await signedInAs('socialWorker');
	const caseUrl = await workerPage.getByRole('link', { name: /Jamie Testcase/ }).getAttribute('href');
	const setSchoolRole = async (role: 'observer' | 'professional') => {
		await workerPage.goto(`${caseUrl}/core-group`);
		await workerPage.getByLabel('Role of Jo Lessonby').selectOption(role);
		await workerPage.getByLabel('Role of Jo Lessonby').locator('xpath=ancestor::form').getByRole('button', { name: 'Change role' }).click();
		await expect(workerPage.getByLabel('Role of Jo Lessonby')).toHaveValue(role);
	};

	await schoolPage.context().setOffline(true);
	await expect(school.connection).toContainText('Offline — changes kept on this device');
	const stranded = unique('Written while offline by the school');
	await school.typeAtEnd('Concerns', ` ${stranded}`);

	// Meanwhile the school's place in the core group changes: it may no longer write the plan.
	await setSchoolRole('observer');
	try {
		await schoolPage.context().setOffline(false);
		await expect(school.connection).toContainText('Not connected');
		await expect(school.connection).toContainText('did not accept some changes');
		const unsaved = schoolPage.getByRole('region', { name: 'Changes that were not saved' });
		await expect(unsaved.getByRole('textbox', { name: 'Concerns (not saved)' })).toHaveValue(new RegExp(stranded));

		await unsaved.getByRole('button', { name: 'Discard these changes and show the record' }).click();
		await expect(school.connection).toContainText('Connected');
		await expect(school.field('Concerns')).not.toHaveValue(new RegExp(stranded));
		await expect(school.field('Concerns')).not.toBeEditable();
	} finally {
		await setSchoolRole('professional');
	}
});

test('items are added, reordered by keyboard and removed after a yes; gaps are marked where they are', async ({ signedInAs }) => {
	const chairPage = await signedInAs('chair');
	const url = await nextMeetingUrl(chairPage);
	const chair = await new MeetingPage(chairPage).open(url);
	const worker = await new MeetingPage(await signedInAs('socialWorker')).open(url);
	const needs = (side: MeetingPage) => side.page.getByRole('region', { name: /^Need \d+$/ });

	const first = unique('Safe sleep');
	const second = unique('Regular meals');
	for (const need of [first, second]) {
		await chairPage.getByRole('button', { name: 'Add a need' }).click();
		await chairPage.keyboard.type(need);
	}
	await expect(needs(worker).last().getByRole('textbox')).toHaveValue(second);

	// Move the last need up with the keyboard alone; the focus stays with it.
	const count = await needs(chair).count();
	await needs(chair).last().getByRole('button', { name: /^Move up/ }).focus();
	await chairPage.keyboard.press('Enter');
	await expect(needs(chair).nth(count - 2).getByRole('textbox')).toHaveValue(second);
	// At the top "Move up" is disabled, so the focus moves to "Move down" of the same need.
	const stillFocused = count === 2 ? /^Move down/ : /^Move up/;
	await expect(needs(chair).nth(count - 2).getByRole('button', { name: stillFocused })).toBeFocused();
	await expect(needs(worker).nth(count - 2).getByRole('textbox')).toHaveValue(second);
	await expect(needs(worker).last().getByRole('textbox')).toHaveValue(first);

	// Removing asks first; "No" keeps it, "Yes" removes it for everyone.
	await needs(chair).last().getByRole('button', { name: /^Remove/ }).click();
	await chairPage.getByRole('button', { name: 'No, keep it' }).click();
	await expect(needs(chair)).toHaveCount(count);
	await needs(chair).last().getByRole('button', { name: /^Remove/ }).click();
	await chairPage.getByRole('button', { name: 'Yes, remove it' }).click();
	await expect(needs(worker)).toHaveCount(count - 1);
	await expect(chairPage.getByRole('button', { name: 'Add a need' })).toBeFocused();

	// A new action lacks an owner and a due date: said in words beside those fields, and counted at the top.
	await chair.addAction(unique('Arrange a dental check-up'));
	const action = worker.actions.last();
	await expect(action.getByText('Missing: who will do it.')).toBeVisible();
	await expect(action.getByText('Missing: a due date.')).toBeVisible();
	await expect(worker.page.getByRole('region', { name: 'What the plan still needs' })).toContainText(/\d+ actions? lacks? an owner/);
	await chair.actions.last().getByLabel('Who will do it').selectOption({ label: "Sam Caseworth (Lead social worker, Children's Services (demo))" });
	await chair.actions.last().getByLabel('Due date').fill('2027-02-01');
	await expect(action.getByText('Missing: who will do it.')).toHaveCount(0);
	await expect(action.getByText('Missing: a due date.')).toHaveCount(0);
	await expect(action.getByLabel('Who will do it')).toHaveValue(/.+/);
});
