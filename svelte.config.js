import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

// Under `vite dev`, Vite injects each component's CSS as a <style> element from script.
const dev = process.argv.includes('dev');
// The one style attribute SvelteKit itself writes: the screen-reader announcer of page changes, kept off
// screen. Allowed by its hash alone (from @sveltejs/kit's write_root.js; a new version that changes it shows
// as a violation in tests/e2e/security-headers.spec.ts).
const announcerStyle = 'sha256-S8qMpvofolR8Mpjy4kQvEm7m1q8clzU4dfDH0AmvZjo=';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build' }),
		// Origin checking is done in hooks.server.ts instead: SvelteKit's own check refuses any form POST
		// without an Origin header, which would lock out scripted clients of POST /login; ours refuses
		// only requests a browser marks as cross-site.
		csrf: { trustedOrigins: ['*'] },
		// What a page may load and run: only our own files, and SvelteKit's inline start-up script by nonce (or
		// hash, on a prerendered page). No other site may frame a page (clickjacking a signature).
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': dev ? ['self', 'unsafe-inline'] : ['self', 'unsafe-hashes', announcerStyle],
				// Drawn signatures are shown from data URLs.
				'img-src': ['self', 'data:'],
				'font-src': ['self'],
				// 'self' covers the live meeting's websocket on the same host.
				'connect-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
