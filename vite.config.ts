import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { collabDevServer } from './server/collab/vite-plugin';

export default defineConfig({
	plugins: [sveltekit(), collabDevServer()],
	test: {
		include: ['src/**/*.spec.ts', 'tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
		expect: { requireAssertions: true },
		// Integration tests share one Postgres database: run files one after another.
		fileParallelism: false,
		testTimeout: 30_000,
		hookTimeout: 60_000
	}
});
