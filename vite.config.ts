import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { collabDevServer } from './server/vite-plugin';

export default defineConfig({
	plugins: [
		// Message catalogues (messages/<locale>/*.json) compiled to src/lib/paraglide; the page's language is
		// chosen per request (src/lib/i18n), so the strategy is only the fallback for code with no request.
		paraglideVitePlugin({ project: './project.inlang', outdir: './src/lib/paraglide', strategy: ['globalVariable', 'baseLocale'], emitTsDeclarations: true }),
		sveltekit(),
		collabDevServer()
	],
	test: {
		include: ['src/**/*.spec.ts', 'tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
		expect: { requireAssertions: true },
		// Stops and names whatever a test started and left behind (servers, folders, databases).
		globalSetup: ['tests/support/vitest-global-setup.ts'],
		// The collaboration engine, reachable from the application's modules as in the server.
		setupFiles: ['tests/support/room-engine.ts'],
		// Integration tests share one Postgres database: run files one after another.
		fileParallelism: false,
		testTimeout: 30_000,
		hookTimeout: 60_000
	}
});
