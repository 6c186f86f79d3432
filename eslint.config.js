// Lint: TypeScript's recommended rules, Svelte's, no dropped promises (a dropped promise in a persistence
// path is lost data), and the zones of STYLE.md enforced rather than remembered.
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

const sveltekitOnly = ['$app/*', '$env/*', '$lib', '$lib/*', '$service-worker', 'svelte', 'svelte/*', '@sveltejs/*'];

export default tseslint.config(
	{ ignores: ['build/', '.svelte-kit/', 'node_modules/', 'data/', 'tests/e2e/output/', 'tests/e2e/report/', 'drizzle/meta/', 'src/lib/paraglide/'] },
	...tseslint.configs.recommended,
	...svelte.configs.recommended,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } }
	},
	{
		files: ['**/*.ts', '**/*.svelte', '**/*.svelte.ts'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: tseslint.parser,
				svelteConfig
			}
		},
		rules: {
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
			// The app is served at the root: links need no base path resolved.
			'svelte/no-navigation-without-resolve': 'off'
		}
	},
	{
		// The meeting document and the calendar run in the browser, in SvelteKit and in server/: pure only.
		files: ['src/lib/plan/**', 'src/lib/calendar/**'],
		rules: {
			'no-restricted-imports': ['error', { patterns: [...sveltekitOnly, 'node:*', '../server/*', '../collab/*'] }]
		}
	},
	{
		// server/ runs outside Vite: no SvelteKit aliases or modules.
		files: ['server/**'],
		rules: { 'no-restricted-imports': ['error', { patterns: sveltekitOnly.filter((p) => !p.startsWith('@sveltejs')) }] }
	},
	{
		// The collaboration engine is a leaf (DESIGN §2): everything it needs from the application comes in as hooks.
		files: ['server/collab/**'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{ group: sveltekitOnly.filter((p) => !p.startsWith('@sveltejs')) },
						{ group: ['**/src/lib/server/**', '**/server/engine', '**/server/relay/**'], message: 'The engine is a leaf: hand it what it needs as a hook (server/collab/hooks.ts).' }
					]
				}
			]
		}
	},
	{
		// The application reaches a room only through the handle the engine gives.
		files: ['src/lib/server/**'],
		rules: {
			'no-restricted-imports': [
				'error',
				{ patterns: [{ group: ['**/server/collab/*', '!**/server/collab/handle'], message: 'Reach a room through the handle (server/collab/handle.ts) only.' }] }
			]
		}
	},
	{
		// The session core is shared by the pages and the websocket upgrade: framework-free.
		files: ['src/lib/server/accounts/session.ts', 'src/lib/server/db/client.ts'],
		rules: { 'no-restricted-imports': ['error', { patterns: sveltekitOnly }] }
	}
);
