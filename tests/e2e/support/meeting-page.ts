// The live meeting page as a person uses it: find the meeting, wait until the plan is live, and reach its
// fields by their labels.
import { expect, type Locator, type Page } from '@playwright/test';

/** The demo case's next meeting, found the way a member finds it: the link on "My cases". */
export async function nextMeetingUrl(page: Page): Promise<string> {
	await page.goto('/');
	const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /Jamie Testcase/ }) });
	const href = await card.getByText(/Next meeting:/).getByRole('link').getAttribute('href');
	expect(href).toMatch(/^\/meetings\/[0-9a-f-]{36}$/);
	return href!;
}

export class MeetingPage {
	constructor(readonly page: Page) {}

	async open(url: string): Promise<this> {
		await this.page.goto(url);
		await expect(this.field('Concerns')).toBeVisible();
		await expect(this.connection).toContainText('Connected');
		return this;
	}

	/** The line saying how the page is linked to the live meeting. */
	get connection(): Locator {
		return this.page.getByRole('status').filter({ hasText: /Connected|Connecting|Reconnecting|Offline|Not connected/ });
	}

	/** A text section by its label ("Concerns", "Review points", "The parents' views", …). */
	field(label: string): Locator {
		return this.page.getByRole('textbox', { name: label, exact: true });
	}

	/** A part of the page by its heading: "The meeting", "Attendance", "Disagreements", "Signing the plan", … */
	region(name: string): Locator {
		return this.page.getByRole('region', { name, exact: true });
	}

	/** The line of the signing panel that says where a member stands ("Signed this version", …). */
	signingLine(name: string): Locator {
		return this.region('Signing the plan').getByRole('list', { name: 'Where each member stands' }).getByRole('listitem').filter({ hasText: name });
	}

	/** Every action, in order. */
	get actions(): Locator {
		return this.page.getByRole('region', { name: /^Action \d+$/ });
	}

	async addAction(what: string): Promise<void> {
		await this.page.getByRole('button', { name: 'Add an action' }).click();
		// The new action's first field has the focus.
		const field = this.actions.last().getByLabel('What will be done');
		await expect(field).toBeFocused();
		await this.page.keyboard.type(what);
	}

	/** Put the caret at the end of a field and type there, key by key. */
	async typeAtEnd(label: string, text: string): Promise<void> {
		await this.typeAt(label, 'ControlOrMeta+End', text);
	}

	async typeAtStart(label: string, text: string): Promise<void> {
		await this.typeAt(label, 'ControlOrMeta+Home', text);
	}

	private async typeAt(label: string, key: string, text: string): Promise<void> {
		const field = this.field(label);
		await field.focus();
		await field.press(key);
		await field.pressSequentially(text, { delay: 30 });
	}
}
