// End-to-end tests: the built app served by the production entry on a fresh embedded database with demo
// data, driven in Chromium (Debian's /usr/bin/chromium when present, Playwright's own otherwise).
import { defineConfig, devices } from '@playwright/test';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

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
// Each run starts on an empty embedded database, as a fresh laptop would.
const dataDir = process.env.E2E_DATA_DIR ?? mkdtempSync(path.join(os.tmpdir(), 'core-group-e2e-'));

export default defineConfig({
	testDir: './e2e',
	outputDir: './e2e/output',
	fullyParallel: false,
	workers: 1,
	forbidOnly: !!process.env.CI,
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
	projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
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
