// End-to-end tests: the built app served by the production entry on a fresh embedded database with demo
// data, driven in Chromium (Debian's /usr/bin/chromium when present, Playwright's own otherwise).
import { defineConfig, devices } from '@playwright/test';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openLedger } from './support/test-run';

/** Specs that close a demo meeting with a plan written in it. */
const CLOSES_THE_DEMO_PLAN = /copies\.spec\.ts$/;

const port = Number(process.env.E2E_PORT ?? 4173);
const systemChromium = '/usr/bin/chromium';
// The network here is closed: Chromium's own background connections would fail and slow every test.
const quietChromium = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--no-first-run',
	'--disable-sync'
];
// The run's ledger of what it starts (checked by the global teardown), opened before any worker exists.
openLedger();
// Each run starts on an empty embedded database, as a fresh laptop would. This file is read by the runner
// and again by each worker: the folder is made once, and the teardown removes it.
// (E2E_DATA_DIR names a folder of one's own instead, which is left alone.)
if (!process.env.E2E_DATA_DIR) process.env.CORE_GROUP_E2E_RUN_DIR ??= mkdtempSync(path.join(os.tmpdir(), 'core-group-e2e-'));
const dataDir = process.env.E2E_DATA_DIR ?? process.env.CORE_GROUP_E2E_RUN_DIR!;

export default defineConfig({
	testDir: './e2e',
	outputDir: './e2e/output',
	fullyParallel: false,
	workers: 1,
	forbidOnly: !!process.env.CI,
	globalTeardown: './e2e/support/global-teardown.ts',
	retries: 0,
	reporter: process.env.CI ? [['list']] : [['list'], ['html', { outputFolder: './e2e/report', open: 'never' }]],
	use: {
		baseURL: `http://localhost:${port}`,
		trace: 'retain-on-failure',
		launchOptions: {
			executablePath: existsSync(systemChromium) ? systemChromium : undefined,
			args: quietChromium
		}
	},
	// Every spec shares the demo case. Closing one of its meetings with a written plan puts that plan in force, and
	// each meeting scheduled after it opens on it: the specs that do so run last, after every spec that expects
	// a fresh meeting to open on an empty plan.
	projects: [
		{ name: 'chromium', use: { ...devices['Desktop Chrome'] }, testIgnore: CLOSES_THE_DEMO_PLAN },
		{ name: 'closing', use: { ...devices['Desktop Chrome'] }, testMatch: CLOSES_THE_DEMO_PLAN, dependencies: ['chromium'] }
	],
	webServer: {
		command: 'npx tsx scripts/start.ts',
		cwd: '..',
		url: `http://localhost:${port}/login`,
		reuseExistingServer: false,
		timeout: 180_000,
		// The end-to-end suite runs on the embedded database, the path a fresh install takes.
		env: { PORT: String(port), DATA_DIR: dataDir, DATABASE_URL: '', DEMO_PASSWORD: 'demo-password' }
	}
});
