// A real y-websocket client in Node, signed in by session cookie: what tests and the benchmark use to
// join a live room exactly as a browser would.
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';

export interface CollabClient {
	doc: Y.Doc;
	provider: WebsocketProvider;
	/** Resolves once the first sync with the server is complete. */
	synced: Promise<void>;
	/** Resolves with the close code when the server closes the connection. */
	closed: Promise<{ code: number; reason: string }>;
	destroy(): void;
}

/** A ws client that presents the session cookie on the upgrade, as a browser would. */
function cookieSocket(token: string | null) {
	return class extends WebSocket {
		constructor(url: string | URL, protocols?: string | string[]) {
			super(url, protocols, token ? { headers: { cookie: `session=${token}` } } : {});
		}
	};
}

export function connectClient(baseUrl: string, meetingId: string, token: string | null, options: { doc?: Y.Doc } = {}): CollabClient {
	const doc = options.doc ?? new Y.Doc();
	const provider = new WebsocketProvider(baseUrl.replace(/^http/, 'ws') + '/collab', meetingId, doc, {
		WebSocketPolyfill: cookieSocket(token) as unknown as typeof globalThis.WebSocket,
		maxBackoffTime: 200,
		// Clients in one process would otherwise share edits through an in-process channel, past the server.
		disableBc: true
	});
	const synced = new Promise<void>((resolve) => {
		if (provider.synced) resolve();
		else provider.once('sync', (isSynced: boolean) => isSynced && resolve());
	});
	const closed = new Promise<{ code: number; reason: string }>((resolve) => {
		provider.on('connection-close', (event: CloseEvent | null) => {
			if (event) resolve({ code: event.code, reason: event.reason });
		});
	});
	return {
		doc,
		provider,
		synced,
		closed,
		destroy() {
			provider.destroy();
			doc.destroy();
		}
	};
}

/** Polls until the condition holds (or fails after the timeout): no fixed sleeps in tests. */
export async function until(condition: () => boolean, timeoutMs = 5_000, what = 'condition'): Promise<void> {
	const start = Date.now();
	while (!condition()) {
		if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 10));
	}
}

/** Like `until`, for conditions that need a query. */
export async function eventually(condition: () => Promise<boolean>, timeoutMs = 5_000, what = 'condition'): Promise<void> {
	const start = Date.now();
	while (!(await condition())) {
		if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 10));
	}
}
