// How long a long meeting document takes to open: a few attendees type N edits into one meeting, the server
// is killed or restarted (so the room must be loaded from the database), then a fresh client is timed to
// 'synced'. After a kill the log written since the last snapshot must be read too; a graceful stop compacts it.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import * as Y from 'yjs';
import { connectAttendee, typeWord, waitUntil, type Attendee } from './attendee';
import type { TargetName } from './options';
import type { TargetServer } from './servers';

export interface ReopenSetup {
	server: TargetServer;
	room: string;
	cookies: string[];
	seedNotes: boolean;
	edits: number;
	editChars: number;
	/**
	 * The ways the meeting is opened afresh, in order, each giving the server to open it on: for ours a crash
	 * and a graceful restart on the same database; the reference stores nothing, so it is opened from memory.
	 */
	reopenings: { openedFrom: string; server(): Promise<TargetServer> }[];
}

export interface ReopenResult {
	target: TargetName;
	edits: number;
	writeSeconds: number;
	/** Size of the document's full state update (Y.encodeStateAsUpdate). */
	documentBytes: number;
	openedFrom: string;
	/** Fresh client after the restart: new connection → synced. */
	firstSyncMs: number;
	/** A second fresh client, the room now loaded: new connection → synced. */
	secondSyncMs: number;
	complete: boolean;
	connectionProblems: Map<string, number>;
}

const WRITERS = 8;
/** Per writer: well under our server's flood allowance (200 messages/s per connection). */
const EDITS_PER_WRITER_PER_SECOND = 120;
/** Edits typed but not yet seen by the observer: keeps the server busy without piling up a backlog. */
const IN_FLIGHT = 64;
const STALL_TIMEOUT_MS = 30_000;

async function typeEdits(setup: ReopenSetup, problem: (text: string) => void): Promise<{ expectedLength: number; documentBytes: number }> {
	const { server, room, cookies } = setup;
	const cookieFor = (index: number) => (cookies.length ? cookies[index % cookies.length] : undefined);
	const clients: Attendee[] = [];
	try {
		if (setup.seedNotes) {
			const seeder = connectAttendee({ collabUrl: server.collabUrl, room, name: 'seeder' });
			clients.push(seeder);
			await waitUntil(seeder, () => seeder.provider.synced, STALL_TIMEOUT_MS, 'the seeder synced');
			seeder.doc.getMap('minutes').set('notes', new Y.Text());
		}
		const connect = (index: number, name: string) => {
			const client = connectAttendee({ collabUrl: server.collabUrl, room, cookie: cookieFor(index), name, onConnectionProblem: problem });
			clients.push(client);
			return client;
		};
		const observer = connect(WRITERS, 'observer');
		const writers = Array.from({ length: WRITERS }, (_, index) => connect(index, `writer ${index + 1}`));
		const ready = (client: Attendee) => client.provider.synced && client.notes() !== null;
		await Promise.all([observer, ...writers].map((client) => waitUntil(client, () => ready(client), STALL_TIMEOUT_MS, 'synced with minutes.notes')));

		const startLength = observer.notes()!.length;
		const seen = () => (observer.notes()!.length - startLength) / setup.editChars;
		const started = performance.now();
		const allowed = () => Math.floor(((performance.now() - started) / 1000) * EDITS_PER_WRITER_PER_SECOND * WRITERS) + WRITERS;
		let typed = 0;
		while (typed < setup.edits) {
			const limit = Math.min(setup.edits, allowed(), seen() + IN_FLIGHT);
			while (typed < limit) typeWord(writers[typed++ % WRITERS], setup.editChars);
			if (typed - seen() >= IN_FLIGHT) {
				await waitUntil(observer, () => typed - seen() < IN_FLIGHT / 2, STALL_TIMEOUT_MS, `edit ${typed} reached the observer`);
			} else {
				await sleep(5);
			}
		}
		await waitUntil(observer, () => seen() === setup.edits, STALL_TIMEOUT_MS, `all ${setup.edits} edits reached the observer`);
		const state = Y.encodeStateAsUpdate(observer.doc);
		warmUpClientYjs(state);
		return { expectedLength: observer.notes()!.length, documentBytes: state.length };
	} finally {
		clients.forEach((client) => client.destroy());
	}
}

/**
 * Applies the document to throwaway docs a few times, so that the generator's own Yjs code is compiled before
 * any opening is timed: otherwise whichever opening came first would also pay for the generator's warm-up.
 */
function warmUpClientYjs(state: Uint8Array): void {
	for (let i = 0; i < 3; i++) {
		const doc = new Y.Doc();
		doc.on('update', () => {});
		Y.applyUpdate(doc, state);
		doc.destroy();
	}
}

/** Opens the room with a new client and times new connection → synced; checks the text is all there. */
async function timeOpening(server: TargetServer, setup: ReopenSetup, expectedLength: number, problem: (text: string) => void) {
	const started = performance.now();
	const client = connectAttendee({ collabUrl: server.collabUrl, room: setup.room, cookie: setup.cookies[0], name: 'latecomer', onConnectionProblem: problem });
	try {
		await waitUntil(client, () => client.provider.synced, 120_000, 'synced');
		const syncMs = performance.now() - started;
		return { syncMs, complete: client.notes()?.length === expectedLength };
	} finally {
		client.destroy();
	}
}

export async function measureReopen(setup: ReopenSetup): Promise<ReopenResult[]> {
	const connectionProblems = new Map<string, number>();
	const problem = (text: string) => connectionProblems.set(text, (connectionProblems.get(text) ?? 0) + 1);

	const writeStarted = performance.now();
	const { expectedLength, documentBytes } = await typeEdits(setup, problem);
	const writeSeconds = (performance.now() - writeStarted) / 1000;

	const results: ReopenResult[] = [];
	for (const reopening of setup.reopenings) {
		const server = await reopening.server();
		const first = await timeOpening(server, setup, expectedLength, problem);
		const second = await timeOpening(server, setup, expectedLength, problem);
		results.push({
			target: server.target,
			edits: setup.edits,
			writeSeconds,
			documentBytes,
			openedFrom: reopening.openedFrom,
			firstSyncMs: first.syncMs,
			secondSyncMs: second.syncMs,
			complete: first.complete && second.complete,
			connectionProblems
		});
	}
	return results;
}
