// Crafted Yjs updates sent as a script would: a y-websocket update frame on a plain websocket with a
// session cookie, no provider in between.
import WebSocket from 'ws';
import * as encoding from 'lib0/encoding';
import type { LiveServer } from './live-server';

/** A y-websocket sync message of type "update" carrying `update`. */
export function updateFrame(update: Uint8Array): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, 0); // sync
	encoding.writeVarUint(e, 2); // update
	encoding.writeVarUint8Array(e, update);
	return encoding.toUint8Array(e);
}

/**
 * Sends one update on a fresh connection; resolves with the close code, or 1000 when the server kept the
 * connection open for `waitMs` (the update was taken).
 */
export function sendUpdate(server: LiveServer, meetingId: string, token: string, update: Uint8Array, waitMs = 2_000): Promise<number> {
	return new Promise((resolve) => {
		const ws = new WebSocket(`${server.url.replace('http', 'ws')}/collab/${meetingId}`, { headers: { cookie: `session=${token}` }, maxPayload: 0 });
		const timer = setTimeout(() => {
			ws.close();
			resolve(1000);
		}, waitMs);
		ws.on('open', () => ws.send(updateFrame(update)));
		ws.on('close', (code) => {
			clearTimeout(timer);
			resolve(code);
		});
		ws.on('error', () => {});
	});
}
