// The demo accounts by role, and a fixture that signs a page in as one of them through the real form.
import { test as base, expect, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'demo-password';
export const demoAccounts = {
	chair: 'chair@demo.test',
	minuteTaker: 'minutes@demo.test',
	socialWorker: 'social.worker@demo.test',
	parent: 'parent@demo.test',
	school: 'school@demo.test',
	health: 'health@demo.test',
	observer: 'observer@demo.test',
	outsider: 'outsider@demo.test',
	admin: 'admin@demo.test'
} as const;
export type DemoRole = keyof typeof demoAccounts;

export async function signIn(page: Page, role: DemoRole): Promise<void> {
	// Wait for the page's script to have run: hydration re-renders the form and can empty a field filled before it.
	await page.goto('/login', { waitUntil: 'networkidle' });
	await page.getByLabel('E-mail address').fill(demoAccounts[role]);
	await page.getByLabel('Password').fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('heading', { name: 'My cases' })).toBeVisible();
}

export const test = base.extend<{ signedInAs: (role: DemoRole) => Promise<Page> }>({
	signedInAs: async ({ browser }, use) => {
		const contexts: Awaited<ReturnType<typeof browser.newContext>>[] = [];
		await use(async (role) => {
			const context = await browser.newContext();
			contexts.push(context);
			const page = await context.newPage();
			await signIn(page, role);
			return page;
		});
		for (const context of contexts) await context.close();
	}
});
export { expect };
