// One attendee: a Y.Doc synced by y-websocket's own WebsocketProvider, as the browser page does, over `ws`
// with the session cookie on the upgrade. It types words into the meeting's minutes (`minutes.notes`).
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

export interface Attendee {
	doc: Y.Doc;
	provider: WebsocketProvider;
	/** `minutes.notes`, once the server's copy has arrived. */
	notes(): Y.Text | null;
	destroy(): void;
}

export interface AttendeeOptions {
	/** y-websocket server URL, e.g. ws://127.0.0.1:3000/collab. */
	collabUrl: string;
	room: string;
	/** `session=…`, sent on the upgrade; none for the reference server. */
	cookie?: string;
	name: string;
	/**
	 * Called after every transaction that applied an update from the server, with the document's state
	 * vector (clientID → clock) before and after it: what arrived, without decoding the update again.
	 */
	onRemoteChange?: (before: Map<number, number>, after: Map<number, number>) => void;
	/** Called when the server closes the connection or refuses it (not when the bench disconnects). */
	onConnectionProblem?: (problem: string) => void;
}

/** How the provider constructs its socket: `new WebSocketPolyfill(url, protocols)`. */
type SocketClass = new (address: string, protocols?: string | string[]) => WebSocket;

const socketClasses = new Map<string, SocketClass>();

/** A WebSocket class for the provider that sends this cookie on the upgrade, as a browser would. */
function socketWithCookie(cookie: string | undefined): SocketClass {
	if (!cookie) return WebSocket;
	const known = socketClasses.get(cookie);
	if (known) return known;
	class CookieWebSocket extends WebSocket {
		constructor(address: string, protocols?: string | string[]) {
			super(address, protocols, { headers: { cookie } });
		}
	}
	socketClasses.set(cookie, CookieWebSocket);
	return CookieWebSocket;
}

export function connectAttendee(options: AttendeeOptions): Attendee {
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(options.collabUrl, options.room, doc, {
		WebSocketPolyfill: socketWithCookie(options.cookie) as unknown as typeof globalThis.WebSocket,
		// Node has BroadcastChannel: without this, attendees in one process would sync around the server.
		disableBc: true,
		connect: false
	});
	provider.awareness.setLocalStateField('user', { name: options.name });
	const { onRemoteChange, onConnectionProblem } = options;
	if (onRemoteChange) {
		doc.on('afterTransaction', (transaction: Y.Transaction) => {
			if (transaction.origin === provider) onRemoteChange(transaction.beforeState, transaction.afterState);
		});
	}
	if (onConnectionProblem) {
		provider.on('connection-close', (event) => {
			if (event) onConnectionProblem(`closed ${event.code}${event.reason ? ` "${event.reason}"` : ''}`);
		});
		provider.on('connection-error', (event) => {
			const message = (event as unknown as { message?: string }).message;
			onConnectionProblem(`error ${message ?? 'on the socket'}`);
		});
	}
	provider.connect();
	return {
		doc,
		provider,
		notes: () => {
			const notes = doc.getMap('minutes').get('notes');
			return notes instanceof Y.Text ? notes : null;
		},
		destroy: () => {
			provider.destroy();
			doc.destroy();
		}
	};
}

/** Resolves once the condition holds (checked on every sync and document change); rejects after the timeout. */
export function waitUntil(attendee: Attendee, condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
	const { doc, provider } = attendee;
	return new Promise((resolve, reject) => {
		const check = () => {
			if (!condition()) return;
			finish();
			resolve();
		};
		const timer = setTimeout(() => {
			finish();
			reject(new Error(`Room ${provider.roomname}: ${what} was not reached after ${timeoutMs} ms (synced: ${provider.synced}).`));
		}, timeoutMs);
		const finish = () => {
			clearTimeout(timer);
			provider.off('sync', check);
			doc.off('update', check);
		};
		provider.on('sync', check);
		doc.on('update', check);
		check();
	});
}

/** Resolves once the attendee is synced and sees `minutes.notes`. */
export function whenReady(attendee: Attendee, timeoutMs: number): Promise<void> {
	return waitUntil(attendee, () => attendee.provider.synced && attendee.notes() !== null, timeoutMs, 'synced with minutes.notes');
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

function randomWord(length: number): string {
	let word = '';
	for (let i = 0; i < length - 1; i++) word += LETTERS[Math.floor(Math.random() * LETTERS.length)];
	return word + ' ';
}

/**
 * Types one word at a random place in the notes: one transaction, so one update and one message. Returns the
 * Yjs clock of its first character, which identifies the edit when it reaches the other attendees.
 */
export function typeWord(attendee: Attendee, length: number): number {
	const notes = attendee.notes();
	if (!notes) throw new Error(`Room ${attendee.provider.roomname}: typing before minutes.notes arrived.`);
	const clock = Y.getState(attendee.doc.store, attendee.doc.clientID);
	notes.insert(Math.floor(Math.random() * (notes.length + 1)), randomWord(length));
	return clock;
}
