// Reading an upgrade request before anyone is asked who it is: which meeting the path names, and the
// address of the person at the other end (for the refusal throttle).
import type { IncomingMessage } from 'node:http';

const COLLAB_PATH = /^\/collab\/([^/?#]+)$/;

/** The meeting id of a live-room path, or null when the path is not one. */
export function meetingIdOfPath(url: string | undefined): string | null {
	const path = (url ?? '').split('?')[0];
	const match = COLLAB_PATH.exec(path);
	return match ? decodeURIComponent(match[1]) : null;
}

/**
 * The address of the person at the other end, read as the pages read it (adapter-node's ADDRESS_HEADER and
 * XFF_DEPTH), so that behind a proxy every refusal is not counted against the proxy itself.
 */
export function clientAddress(req: IncomingMessage, env: Record<string, string | undefined> = process.env): string | null {
	const header = env.ADDRESS_HEADER?.toLowerCase();
	if (!header) return req.socket.remoteAddress ?? null;
	const value = req.headers[header];
	const text = Array.isArray(value) ? value.join(',') : value;
	if (!text) return null;
	if (header !== 'x-forwarded-for') return text.trim();
	const addresses = text.split(',');
	const depth = Math.max(1, Number.parseInt(env.XFF_DEPTH ?? '1', 10) || 1);
	return addresses[addresses.length - depth]?.trim() || null;
}
