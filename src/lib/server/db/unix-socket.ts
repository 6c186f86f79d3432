/**
 * A Unix socket named the libpq way, `postgres://user@localhost/db?host=/var/run/postgresql`, which postgres.js
 * takes only as an option (it would send `host` to the server as a setting). On one machine a socket spares
 * each query the loopback TCP stack: the update log is written once per round trip, and that write was most of
 * what storing an edit cost the server.
 */
export function unixSocketOf(url: string): { url: string; socket: { host?: string } } {
	if (!URL.canParse(url)) return { url, socket: {} };
	const parsed = new URL(url);
	const host = parsed.searchParams.get('host');
	if (!host?.startsWith('/')) return { url, socket: {} };
	parsed.searchParams.delete('host');
	return { url: parsed.toString(), socket: { host } };
}
