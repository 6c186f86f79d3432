// The relay between processes serving the same meetings, through Redis pub/sub (ioredis, a well-kept client):
// one channel per meeting; each process publishes what it has stored (and its connections' presence) and
// ignores its own messages. Pub/sub keeps nothing: a process that was cut off from Redis reloads its rooms
// from the database once it is back (a 'resync'), so no stored update is missed for long.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Relay, RelayMessage } from '../collab/hooks';

/** Who decides which process writes a meeting's server-owned roots (a PostgreSQL advisory lock). */
export interface WriterLock {
	hold(meetingId: string): Promise<boolean>;
	release(meetingId: string): Promise<void>;
	close(): Promise<void>;
}

const KIND = { update: 1, awareness: 2, mirror: 3 } as const;
const SENDER_BYTES = 16;
const channelOf = (meetingId: string) => `core-group:meeting:${meetingId}`;

/** [kind][sender id][for an update: author length, author][payload] */
export function encodeRelayMessage(sender: Buffer, message: RelayMessage): Buffer {
	if (message.kind === 'resync') throw new Error('a resync is never sent');
	const head = Buffer.alloc(1 + SENDER_BYTES);
	head[0] = KIND[message.kind];
	sender.copy(head, 1);
	if (message.kind === 'mirror') return head;
	if (message.kind === 'awareness') return Buffer.concat([head, message.update]);
	const author = Buffer.from(message.memberId ?? '', 'utf8');
	return Buffer.concat([head, Buffer.from([author.length]), author, message.update]);
}

export function decodeRelayMessage(frame: Buffer): { sender: Buffer; message: RelayMessage } | null {
	if (frame.length < 1 + SENDER_BYTES) return null;
	const sender = frame.subarray(1, 1 + SENDER_BYTES);
	const body = frame.subarray(1 + SENDER_BYTES);
	const copy = (bytes: Buffer) => new Uint8Array(bytes);
	switch (frame[0]) {
		case KIND.mirror:
			return { sender, message: { kind: 'mirror' } };
		case KIND.awareness:
			return { sender, message: { kind: 'awareness', update: copy(body) } };
		case KIND.update: {
			const length = body[0];
			const memberId = body.subarray(1, 1 + length).toString('utf8');
			return { sender, message: { kind: 'update', memberId: memberId || null, update: copy(body.subarray(1 + length)) } };
		}
		default:
			return null;
	}
}

export function createRedisRelay(url: string, lock: WriterLock): Relay {
	const sender = randomBytes(SENDER_BYTES);
	// A subscribed connection can do nothing else: one to publish, one to listen.
	const publisher = new Redis(url, { maxRetriesPerRequest: null });
	const subscriber = new Redis(url, { maxRetriesPerRequest: null });
	const receivers = new Map<string, (message: RelayMessage) => void>();
	for (const connection of [publisher, subscriber])
		connection.on('error', (error: Error) => console.error(`The relay to other processes (Redis) failed: ${error.message}. Retrying.`));

	subscriber.on('messageBuffer', (channel: Buffer, frame: Buffer) => {
		const receive = receivers.get(channel.toString().slice(channelOf('').length));
		const decoded = receive && decodeRelayMessage(frame);
		if (!decoded || decoded.sender.equals(sender)) return;
		receive(decoded.message);
	});
	// Back after being cut off: whatever was published meanwhile is gone, so every room catches up from the database.
	let connectedOnce = false;
	subscriber.on('ready', () => {
		if (connectedOnce) for (const receive of receivers.values()) receive({ kind: 'resync' });
		connectedOnce = true;
	});

	return {
		async join(meetingId, receive) {
			receivers.set(meetingId, receive);
			await subscriber.subscribe(channelOf(meetingId));
		},
		leave(meetingId) {
			receivers.delete(meetingId);
			void subscriber.unsubscribe(channelOf(meetingId)).catch(() => {});
		},
		publish(meetingId, message) {
			void publisher.publish(channelOf(meetingId), encodeRelayMessage(sender, message)).catch(() => {});
		},
		writesServerRoots: (meetingId) => lock.hold(meetingId),
		release: (meetingId) => lock.release(meetingId),
		async close() {
			receivers.clear();
			// A connection that never reached Redis (or lost it) is dropped: a polite QUIT would wait for it.
			const end = (connection: Redis) => (connection.status === 'ready' ? connection.quit() : Promise.resolve(connection.disconnect()));
			await Promise.allSettled([end(publisher), end(subscriber), lock.close()]);
		}
	};
}
