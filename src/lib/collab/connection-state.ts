// What the page says about its link to the live meeting, derived from the few facts the provider and the
// browser report. Pure, so every combination can be tested without a socket; the words come from the
// message catalogues, in the page's language.
import { m } from '../paraglide/messages.js';

export interface ConnectionFacts {
	/** The browser's own view (navigator.onLine and the online/offline events). */
	online: boolean;
	/** The websocket provider's status. */
	socket: 'connecting' | 'connected' | 'disconnected';
	/** The server and this device have exchanged everything (y-websocket 'sync'). */
	synced: boolean;
	/** Synced at least once since the page opened. */
	everSynced: boolean;
	/** The server (or the page's probe) ended the connection for good. */
	closed: { code: number; reason: string } | null;
}

export type ConnectionState =
	| { kind: 'connecting' }
	| { kind: 'connected' }
	| { kind: 'reconnecting' }
	| { kind: 'offline' }
	| { kind: 'closed'; code: number; reason: string };

export function connectionState(f: ConnectionFacts): ConnectionState {
	if (f.closed) return { kind: 'closed', ...f.closed };
	if (!f.online) return { kind: 'offline' };
	if (f.socket === 'connected' && f.synced) return { kind: 'connected' };
	return f.everSynced ? { kind: 'reconnecting' } : { kind: 'connecting' };
}

/** The short line the page shows (and announces) for a state. */
export function describeConnection(state: ConnectionState): string {
	switch (state.kind) {
		case 'connecting':
			return m.meeting_link_connecting();
		case 'connected':
			return m.meeting_link_connected();
		case 'reconnecting':
			return m.meeting_link_reconnecting();
		case 'offline':
			return m.meeting_link_offline();
		case 'closed':
			return m.meeting_link_closed();
	}
}
