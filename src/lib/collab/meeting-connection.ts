// The browser's end of one live meeting: a Y.Doc kept on this device (IndexedDB, so edits survive going
// offline or reloading) and synced with the server's room over y-websocket, plus the facts the page shows
// about that link. Browser-only. It never seeds the document: the server gives every meeting its keys.
import { IndexeddbPersistence } from 'y-indexeddb';
import { Awareness } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { CloseCode, ProbeCode, isFinalClose } from './close-codes';
import { connectionState, type ConnectionFacts, type ConnectionState } from './connection-state';
import { deviceStoreName, markSent, noteUnsent, placeOf } from './device-copies';
import { live } from './live';


/** The connections open in this tab: sign-out closes them before removing the device's copies. */
const openConnections = new Set<MeetingConnection>();
export const connectedMeetings = () => [...openConnections].map((c) => c.meetingId);
export function closeAllMeetingConnections(): void {
	for (const connection of [...openConnections]) connection.destroy();
}
/** Sends nothing while someone decides whether to discard what waits on this device (see SignOut). */
export function holdAllMeetingConnections(held: boolean): void {
	for (const connection of openConnections) connection.hold(held);
}

/** After this many attempts in a row that never opened, ask the server over HTTP whether we are refused. */
const FAILED_OPENS_BEFORE_PROBE = 3;
const RECORD_FETCH_TIMEOUT_MS = 15_000;

export interface MeetingConnection {
	readonly meetingId: string;
	readonly doc: Y.Doc;
	readonly awareness: Awareness;
	/** Reactive (read it in a template or $derived). */
	readonly state: ConnectionState;
	/** The meeting as the server records it now, read over a fresh connection that sends nothing. */
	fetchRecord(): Promise<Y.Doc>;
	/** Stop sending (and receiving) for now, or carry on. */
	hold(held: boolean): void;
	/** Forget this device's copy (its refused edits included). Call before reloading the page. */
	discardDeviceCopy(): Promise<void>;
	destroy(): void;
}

function collabUrl(location: Location): string {
	return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/collab`;
}

export interface ConnectOptions {
	/** The person's role now allows them more: reload what the page offers (it reconnects by itself). */
	onRightsWidened?: () => void;
}

export function connectToMeeting(meetingId: string, options: ConnectOptions = {}): MeetingConnection {
	const doc = new Y.Doc();
	const deviceCopy = new IndexeddbPersistence(deviceStoreName(meetingId), doc);
	const awareness = new Awareness(doc);
	// Only what this browser is editing; the server adds who we are.
	awareness.setLocalState({ editing: null });
	const url = collabUrl(window.location);

	const facts: ConnectionFacts = {
		online: navigator.onLine,
		socket: 'connecting',
		synced: false,
		everSynced: false,
		closed: null
	};
	const listeners = new Set<() => void>();
	const changed = () => {
		for (const l of listeners) l();
	};
	const state = live(
		(update) => {
			listeners.add(update);
			return () => listeners.delete(update);
		},
		() => connectionState(facts)
	);

	const provider = new WebsocketProvider(url, meetingId, doc, {
		awareness,
		connect: facts.online,
		// Tabs sync through the server, not behind its back: what the page calls "connected" is the record.
		disableBc: true,
		shouldReconnect: (event) => !isFinalClose(event.code)
	});

	let openedThisAttempt = false;
	let failedOpens = 0;
	let probing = false;

	function closeForGood(code: number, reason: string): void {
		facts.closed = { code, reason };
		provider.disconnect();
		changed();
	}

	/**
	 * A refused upgrade (signed out, not a member) reaches a browser as a bare failed connection, no code.
	 * The meeting's API answers the same question with a status the page can act on.
	 */
	async function probe(): Promise<void> {
		probing = true;
		try {
			const res = await fetch(`/api/meetings/${encodeURIComponent(meetingId)}`, { cache: 'no-store' });
			if (res.status === 401) closeForGood(ProbeCode.notSignedIn, 'signed out');
			else if (res.status === 404 || res.status === 403) closeForGood(ProbeCode.notFound, 'not found');
			else if (res.status === 503) closeForGood(ProbeCode.unreadable, 'unreadable');
		} catch {
			// Unreachable server: keep retrying, as for any network trouble.
		} finally {
			probing = false;
		}
	}

	provider.on('status', ({ status }) => {
		facts.socket = status;
		if (status === 'connected') {
			openedThisAttempt = true;
			failedOpens = 0;
		}
		changed();
	});
	provider.on('sync', (synced: boolean) => {
		facts.synced = synced;
		if (synced) facts.everSynced = true;
		// Our side of the sync went before the server's answer ended it: what waited here has been sent.
		if (synced) markSent(meetingId);
		changed();
	});
	// Changes made here while the meeting cannot be reached wait on this device: note which parts, so that
	// signing out can say what would be lost.
	doc.on('afterTransaction', (transaction: Y.Transaction) => {
		if (!transaction.local || (provider.wsconnected && provider.synced)) return;
		const places = [...transaction.changed.keys()].map(placeOf).filter((p) => p.startsWith('plan.') || p.startsWith('minutes.'));
		if (places.length) noteUnsent(meetingId, places);
	});
	provider.on('connection-close', (event: CloseEvent | null) => {
		if (event === null) return; // closed by us
		if (event.code === CloseCode.rightsWidened) options.onRightsWidened?.();
		if (!openedThisAttempt && ++failedOpens >= FAILED_OPENS_BEFORE_PROBE && facts.online && !probing) void probe();
		openedThisAttempt = false;
	});
	provider.on('closed', ({ code, reason }: { code: number; reason: string }) => {
		facts.closed = { code, reason };
		changed();
	});

	// The browser knows it is offline long before a dead socket times out: stop at once, and try again the
	// moment it is back, so the page says plainly where edits are.
	const goOffline = () => {
		facts.online = false;
		provider.disconnect();
		changed();
	};
	let held = false;
	const goOnline = () => {
		facts.online = true;
		if (!facts.closed && !held) provider.connect();
		changed();
	};
	window.addEventListener('offline', goOffline);
	window.addEventListener('online', goOnline);

	async function fetchRecord(): Promise<Y.Doc> {
		const record = new Y.Doc();
		const silent = new Awareness(record);
		silent.setLocalState(null); // not a person: no presence
		const reader = new WebsocketProvider(url, meetingId, record, {
			awareness: silent,
			disableBc: true,
			shouldReconnect: () => false
		});
		try {
			await new Promise<void>((resolve, reject) => {
				const timer = setTimeout(() => reject(new Error('the record did not arrive in time')), RECORD_FETCH_TIMEOUT_MS);
				reader.on('sync', (synced: boolean) => {
					if (!synced) return;
					clearTimeout(timer);
					resolve();
				});
				reader.on('closed', ({ code }: { code: number }) => {
					clearTimeout(timer);
					reject(new Error(`the server closed the connection (${code})`));
				});
			});
			return record;
		} finally {
			reader.destroy();
			silent.destroy();
		}
	}

	let destroyed = false;
	const connection: MeetingConnection = {
		meetingId,
		doc,
		awareness,
		get state() {
			return state.current;
		},
		fetchRecord,
		hold(hold: boolean) {
			held = hold;
			if (held) provider.disconnect();
			else if (facts.online && !facts.closed) provider.connect();
		},
		async discardDeviceCopy() {
			provider.disconnect();
			await deviceCopy.clearData();
		},
		destroy() {
			if (destroyed) return;
			destroyed = true;
			openConnections.delete(connection);
			window.removeEventListener('offline', goOffline);
			window.removeEventListener('online', goOnline);
			provider.destroy();
			awareness.destroy();
			void deviceCopy.destroy();
			doc.destroy();
		}
	};
	openConnections.add(connection);
	return connection;
}
