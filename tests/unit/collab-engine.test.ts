// The collaboration engine against an in-memory store and an in-memory relay — no database, no sockets:
// the order every change takes (firewall → store → relay, to this process's connections and to the others)
// is asserted with a store hook the test holds open.
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { planText, type ClientIdOwners, type MeetingFacts } from '../../src/lib/plan';
import { CloseCode } from '../../src/lib/collab/close-codes';
import { createRoomEngine, RelayUnavailableError, type Attendee, type CollabHooks, type LoggedUpdate, type Relay, type RelayMessage, type RoomEngine } from '../../server/collab';
import { parseClientMessage, updateMessage } from '../../server/collab/protocol';
import { createRedisRelay } from '../../server/relay/redis-relay';
import type { RoomConnection } from '../../server/collab/room';

const MEETING = '11111111-1111-4111-8111-111111111111';

interface Deferred {
	promise: Promise<void>;
	resolve(): void;
	reject(error: Error): void;
}
function deferred(): Deferred {
	let resolve!: () => void;
	let reject!: (error: Error) => void;
	const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
	return { promise, resolve, reject };
}

/** One store shared by every "process": the log, snapshots, and a store hook that can be held open. */
function memoryStore() {
	const log: (LoggedUpdate & { seq: number })[] = [];
	const snapshots: { upToSeq: number; state: Uint8Array }[] = [];
	let facts: MeetingFacts | null = null;
	/** When set, every store call waits for the test to let it through. */
	let gates: Deferred[] | null = null;
	const audited: string[] = [];
	return {
		log,
		snapshots,
		audited,
		holdStores() {
			gates = [];
			return gates;
		},
		setFacts(next: MeetingFacts) {
			facts = next;
		},
		hooks(relay?: Relay): CollabHooks {
			return {
				authenticate: async () => ({ ok: false, status: 401, reason: 'not in these tests', meetingId: null, userId: null }),
				standing: async (attendees) => attendees.map((a) => ({ kind: 'allowed', role: a.role })),
				async load() {
					const owners: ClientIdOwners = new Map();
					for (const row of log) for (const client of Y.parseUpdateMeta(row.update).from.keys()) if (!owners.has(client)) owners.set(client, row.memberId ?? 'server');
					return { parts: log.length ? [Y.mergeUpdates(log.map((r) => r.update))] : [], lastSeq: log.at(-1)?.seq ?? 0, sinceSnapshot: log.length, owners };
				},
				carriedOverPlan: async () => null,
				memberIds: async () => new Set(['chair-member', 'observer-member']),
				async storeUpdates(_meetingId, batch) {
					if (gates) {
						const gate = deferred();
						gates.push(gate);
						await gate.promise;
					}
					return batch.map((u) => {
						log.push({ ...u, seq: log.length + 1 });
						return log.length;
					});
				},
				async storeSnapshot(_meetingId, upToSeq, state) {
					snapshots.push({ upToSeq, state });
				},
				facts: async () => facts,
				audit: (event) => void audited.push(event.kind),
				relay
			};
		}
	};
}

/** A bus standing in for Redis pub/sub: every "process" but the sender receives each message. */
function memoryBus() {
	const members: { id: number; receivers: Map<string, (m: RelayMessage) => void> }[] = [];
	let writer: number | null = null;
	let cut = false;
	const lostLock = new Set<number>();
	const published: { from: number; message: RelayMessage }[] = [];
	return {
		published,
		/** Messages published while cut are lost, as pub/sub loses them while a process is cut off from Redis. */
		cutOff(lost: boolean) {
			cut = lost;
		},
		/** The relay is back: every room of every process is told it may have missed messages. */
		reconnected() {
			for (const member of members) for (const receive of member.receivers.values()) receive({ kind: 'resync' });
		},
		/** The writer of server-owned roots loses its lock (its process stops, its connection drops): the next to ask takes over. */
		writerStops() {
			if (writer !== null) lostLock.add(writer);
			writer = null;
		},
		relay(): Relay {
			const me = { id: members.length, receivers: new Map<string, (m: RelayMessage) => void>() };
			members.push(me);
			return {
				async join(meetingId, receive) {
					me.receivers.set(meetingId, receive);
				},
				leave: (meetingId) => void me.receivers.delete(meetingId),
				publish(meetingId, message) {
					published.push({ from: me.id, message });
					if (cut) return;
					for (const other of members) if (other !== me) other.receivers.get(meetingId)?.(message);
				},
				async writesServerRoots() {
					if (lostLock.has(me.id)) return false;
					writer ??= me.id;
					return writer === me.id;
				},
				close: async () => {}
			};
		}
	};
}

/** A device as the engine sees it: what it was sent, decoded into its own document. */
function device(role: Attendee['role'], memberId: string) {
	const doc = new Y.Doc();
	const closed: number[] = [];
	let updatesReceived = 0;
	const conn: RoomConnection = {
		attendee: { userId: `user-${memberId}`, memberId, name: memberId, role, sessionId: `session-${memberId}` },
		send(message) {
			const decoder = decoding.createDecoder(message);
			if (decoding.readVarUint(decoder) !== 0) return; // presence
			const kind = decoding.readVarUint(decoder);
			if (kind === 0) return; // the server's sync step 1
			Y.applyUpdate(doc, decoding.readVarUint8Array(decoder), 'server');
			if (kind === 2) updatesReceived++;
		},
		close: (code) => void closed.push(code)
	};
	return { doc, conn, closed, updates: () => updatesReceived, concerns: () => planText(doc, 'concerns')?.toString() ?? '' };
}

/** What a device sends when its person types: the update of one edit, made on what the room holds. */
function typed(room: { doc: Y.Doc }, clientDoc: Y.Doc, text: string): Uint8Array {
	Y.applyUpdate(clientDoc, Y.encodeStateAsUpdate(room.doc, Y.encodeStateVector(clientDoc)));
	let update: Uint8Array | null = null;
	clientDoc.once('update', (u: Uint8Array) => (update = u));
	planText(clientDoc, 'concerns')!.insert(0, text);
	return update!;
}

/** A device joins a room and syncs with it, as y-websocket does on connecting. */
async function enter(room: { join(conn: RoomConnection): void; receive(conn: RoomConnection, message: ReturnType<typeof parseClientMessage>): Promise<void> }, dev: ReturnType<typeof device>) {
	room.join(dev.conn);
	await room.receive(dev.conn, { kind: 'sync-step-1', stateVector: Y.encodeStateVector(dev.doc) });
}

const send = (room: { receive(conn: RoomConnection, message: ReturnType<typeof parseClientMessage>): Promise<void> }, conn: RoomConnection, update: Uint8Array) =>
	room.receive(conn, parseClientMessage(updateMessage(update)));

async function until(condition: () => boolean): Promise<void> {
	for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
	expect(condition()).toBe(true);
}

const engines: RoomEngine[] = [];
function engine(hooks: CollabHooks): RoomEngine {
	const made = createRoomEngine(hooks);
	engines.push(made);
	return made;
}
afterEach(async () => {
	for (const made of engines.splice(0)) {
		made.unloadAll();
		await made.stop();
	}
});

describe('the collaboration engine, on an in-memory store', () => {
	it('relays nothing to another attendee before the store hook has resolved', async () => {
		const store = memoryStore();
		const rooms = engine(store.hooks());
		const room = await rooms.open(MEETING);
		const writer = device('chair', 'chair-member');
		const watcher = device('observer', 'observer-member');
		await enter(room, writer);
		await enter(room, watcher);
		const gates = store.holdStores();

		const sent = send(room, writer.conn, typed(room, writer.doc, 'Neglect at home. '));
		await until(() => gates.length === 1);
		// The store has the edit in hand but has not said it is durable: the other attendee has nothing yet.
		await new Promise((resolve) => setTimeout(resolve, 20));
		expect(watcher.updates()).toBe(0);
		expect(watcher.concerns()).toBe('');

		gates[0].resolve();
		await sent;
		await room.settled();
		expect(watcher.concerns()).toBe('Neglect at home. ');
		expect(store.log.at(-1)?.memberId).toBe('chair-member');
	});

	it('relays nothing, to anyone, of an edit the store refused; closes the room so it reloads', async () => {
		const store = memoryStore();
		const rooms = engine(store.hooks());
		const room = await rooms.open(MEETING);
		const writer = device('chair', 'chair-member');
		const watcher = device('observer', 'observer-member');
		await enter(room, writer);
		await enter(room, watcher);
		const gates = store.holdStores();
		const before = store.log.length;

		void send(room, writer.conn, typed(room, writer.doc, 'lost? '));
		await until(() => gates.length === 1);
		gates[0].reject(new Error('disk full'));
		await until(() => watcher.closed.length === 1);
		expect(watcher.closed).toEqual([CloseCode.saveFailed]);
		expect(watcher.concerns()).toBe('');
		expect(store.log.length).toBe(before);
		expect(store.audited).toContain('save-failed');
	});

	it('neither stores nor relays an update the firewall refuses, and audits it', async () => {
		const store = memoryStore();
		const rooms = engine(store.hooks());
		const room = await rooms.open(MEETING);
		const observer = device('observer', 'observer-member');
		const chair = device('chair', 'chair-member');
		await enter(room, observer);
		await enter(room, chair);
		const before = store.log.length;

		await send(room, observer.conn, typed(room, observer.doc, 'an observer writes'));
		await room.settled();
		expect(observer.closed).toEqual([CloseCode.updateRefused]);
		expect(store.log.length).toBe(before);
		expect(chair.updates()).toBe(0);
		expect(store.audited).toEqual(['update-refused']);
	});

	it('writes a room’s background snapshot after 500 to 749 stored edits, drawn per room, so rooms opened together compact apart', async () => {
		/** Opens the meeting with the room's draw fixed, and types `edits` one-word edits into it. */
		const roomDrawing = async (draw: number) => {
			const store = memoryStore();
			const random = vi.spyOn(Math, 'random').mockReturnValue(draw);
			const room = await engine(store.hooks()).open(MEETING);
			random.mockRestore();
			const writer = device('chair', 'chair-member');
			await enter(room, writer);
			const type = async (edits: number) => {
				for (let i = 0; i < edits; i++) await send(room, writer.conn, typed(room, writer.doc, 'x'));
				await room.settled();
				// The snapshot is written in the background, after the edit that reached the count was relayed.
				await new Promise((resolve) => setTimeout(resolve, 20));
			};
			return { store, type };
		};
		const early = await roomDrawing(0);
		const late = await roomDrawing(0.999);
		await early.type(600);
		await late.type(600);
		expect(early.store.snapshots).toHaveLength(1);
		expect(early.store.snapshots[0].upToSeq).toBeGreaterThanOrEqual(500);
		expect(late.store.snapshots).toEqual([]);
		await late.type(150);
		expect(late.store.snapshots).toHaveLength(1);
		expect(late.store.snapshots[0].upToSeq).toBeGreaterThanOrEqual(749);
	});
});

describe('the collaboration engine, many processes on one in-memory store and relay', () => {
	function twoProcesses() {
		const store = memoryStore();
		const bus = memoryBus();
		const first = engine(store.hooks(bus.relay()));
		const second = engine(store.hooks(bus.relay()));
		return { store, bus, first, second };
	}

	it('relays to the other process only what its store hook has resolved, and converges both ways', async () => {
		const { store, bus, first, second } = twoProcesses();
		const roomA = await first.open(MEETING);
		const roomB = await second.open(MEETING);
		const onA = device('chair', 'chair-member');
		const onB = device('observer', 'observer-member');
		await enter(roomA, onA);
		await enter(roomB, onB);
		const gates = store.holdStores();
		const publishedBefore = bus.published.length;

		const sent = send(roomA, onA.conn, typed(roomA, onA.doc, 'Seen at school. '));
		await until(() => gates.length === 1);
		await new Promise((resolve) => setTimeout(resolve, 20));
		expect(bus.published.slice(publishedBefore).filter((p) => p.message.kind === 'update')).toEqual([]);
		expect(onB.concerns()).toBe('');

		gates[0].resolve();
		await sent;
		await roomA.settled();
		await until(() => onB.concerns() === 'Seen at school. ');
		// The other process only passes it on: stored once, by the process that took it.
		expect(store.log.filter((row) => row.memberId === 'chair-member')).toHaveLength(1);
	});

	it('mirrors a fact once, by the process that writes the server-owned roots; another takes over when it stops', async () => {
		const { store, bus, first, second } = twoProcesses();
		const roomA = await first.open(MEETING);
		const roomB = await second.open(MEETING);
		expect([roomA.writesServerRoots, roomB.writesServerRoots]).toEqual([true, false]);
		store.setFacts({
			meeting: { status: 'open', openedAt: '2026-12-07T10:00:00.000Z', closedAt: null, circulateBy: null, region: 'england-and-wales', finalPlanHash: null },
			attendance: { 'chair-member': 'present' },
			disagreements: [{ id: 'd1', member: 'chair-member', about: 'concerns', position: 'p', reason: 'r', reflected: null, at: '2026-12-07T10:01:00.000Z' }],
			views: [],
			signatures: []
		} as unknown as MeetingFacts);

		// Asked through the process that does not write them: it asks the writer.
		await second.mirror(MEETING);
		await until(() => roomB.doc.getArray('disagreements').length === 1);
		await roomA.settled();
		expect(roomA.doc.getArray('disagreements').length).toBe(1);
		expect(roomB.doc.getArray('disagreements').length).toBe(1);

		bus.writerStops();
		await until(() => roomB.writesServerRoots);
		// The one that lost it stops writing: one writer at a time.
		await until(() => !roomA.writesServerRoots);
		await roomB.settled();
		expect(roomB.doc.getArray('disagreements').length).toBe(1);
	});

	it('catches a room up from the store after the relay lost messages (a process cut off from Redis)', async () => {
		const { bus, first, second } = twoProcesses();
		const roomA = await first.open(MEETING);
		const roomB = await second.open(MEETING);
		const onA = device('chair', 'chair-member');
		const onB = device('observer', 'observer-member');
		await enter(roomA, onA);
		await enter(roomB, onB);

		bus.cutOff(true);
		await send(roomA, onA.conn, typed(roomA, onA.doc, 'Stored while the relay was down. '));
		await roomA.settled();
		await new Promise((resolve) => setTimeout(resolve, 20));
		expect(onB.concerns()).toBe('');

		bus.cutOff(false);
		bus.reconnected();
		await until(() => onB.concerns() === 'Stored while the relay was down. ');
	});
});

describe('the collaboration engine when the relay to other processes does not answer (Redis unreachable)', () => {
	it('refuses to open a room after a bounded wait, and opens it once the relay answers', async () => {
		const store = memoryStore();
		let answering = false;
		const left: string[] = [];
		const relay: Relay = {
			join: () => (answering ? Promise.resolve() : new Promise<void>(() => {})),
			leave: (meetingId) => void left.push(meetingId),
			publish: () => {},
			writesServerRoots: async () => true,
			close: async () => {}
		};
		const engine = createRoomEngine(store.hooks(relay), { relayWaitMs: 200 });
		const started = Date.now();
		await expect(engine.open(MEETING)).rejects.toBeInstanceOf(RelayUnavailableError);
		expect(Date.now() - started).toBeLessThan(1_000);
		expect(left).toEqual([MEETING]);
		expect(engine.loadedCount()).toBe(0);
		answering = true;
		const room = await engine.open(MEETING);
		await room.settled();
		expect(engine.loadedCount()).toBe(1);
		engine.unloadAll();
		await engine.stop();
	});

	it('refuses within the wait with the Redis relay itself when Redis cannot be reached', async () => {
		const store = memoryStore();
		const lock = { hold: async () => true, release: async () => {}, close: async () => {} };
		const errors: unknown[] = [];
		const logged = console.error;
		console.error = (...args: unknown[]) => void errors.push(args);
		// Nothing listens on port 1.
		const relay = createRedisRelay('redis://127.0.0.1:1', lock);
		const engine = createRoomEngine(store.hooks(relay), { relayWaitMs: 300 });
		try {
			const started = Date.now();
			await expect(engine.open(MEETING)).rejects.toBeInstanceOf(RelayUnavailableError);
			expect(Date.now() - started).toBeLessThan(2_000);
		} finally {
			await Promise.race([engine.stop(), new Promise((r) => setTimeout(r, 1_000))]);
			console.error = logged;
		}
	});
});

