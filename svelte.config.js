import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build' }),
		// Origin checking is done in hooks.server.ts instead: SvelteKit's own check refuses any form POST
		// without an Origin header, which would lock out scripted clients of POST /login; ours refuses
		// only requests a browser marks as cross-site.
		csrf: { trustedOrigins: ['*'] }
	}
};

export default config;
