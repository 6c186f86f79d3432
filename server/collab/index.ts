// The live room's websocket server: upgrades on /collab/<meetingId> are authenticated before the
// handshake, then each connection's frames are checked against the limits and handed to its room. While
// open, a connection is pinged (the silent are dropped) and its person's authority is checked again.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { CloseCode } from '../../src/lib/collab/close-codes';
import { createAuthority, RECHECK_EVERY_MS } from './authority';
import { createRefusalThrottle, type RefusalThrottleRule } from './refusal-throttle';
import { MalformedMessage, parseClientMessage } from './protocol';
import { clientAddress, meetingIdOfPath } from './upgrade-path';
import type { Room, RoomConnection } from './room';
import { RelayUnavailableError, type RoomEngine } from './rooms';

export { createRoomEngine, RelayUnavailableError, type EngineOptions, type RoomEngine } from './rooms';
export type * from './hooks';
export type * from './handle';

/** The largest frame accepted: a long pasted text or an offline tablet's backlog fits; more is refused (1009). */
export const MAX_FRAME_BYTES = 2 * 1024 * 1024;
/** Messages per connection: a sustained rate and a burst, far above any person typing. */
const FLOOD_RATE_PER_SECOND = 200;
const FLOOD_BURST = 600;

/** Browsers answer pings by themselves; a connection that misses one whole interval is gone (a closed lid, a dead Wi-Fi). */
export const PING_EVERY_MS = 30_000;

const statusText: Record<number, string> = {
	400: 'Bad Request',
	401: 'Unauthorized',
	403: 'Forbidden',
	404: 'Not Found',
	429: 'Too Many Requests',
	503: 'Service Unavailable'
};

function refuseUpgrade(socket: Duplex, status: number, reason: string, headers = ''): void {
	const body = `${reason}\n`;
	socket.end(
		`HTTP/1.1 ${status} ${statusText[status] ?? 'Error'}\r\nConnection: close\r\n${headers}Content-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
	);
}

/** A token bucket: true while the connection stays within its allowance. */
function floodGuard(): () => boolean {
	let tokens = FLOOD_BURST;
	let last = Date.now();
	return () => {
		const now = Date.now();
		tokens = Math.min(FLOOD_BURST, tokens + ((now - last) / 1000) * FLOOD_RATE_PER_SECOND);
		last = now;
		tokens -= 1;
		return tokens >= 0;
	};
}

export interface CollabServer {
	/** Handles an upgrade if it is for the live room; returns false to leave it to someone else. */
	handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
	/**
	 * Hands the rooms over: takes no new connection, stores everything already received, tells every device to
	 * reconnect (elsewhere, or here once restarted), then compacts the rooms' logs (waiting at most `compactWithinMs`).
	 */
	close(compactWithinMs?: number): Promise<void>;
}

/** A connection of this server: in one meeting's room. */
type LiveConnection = RoomConnection & { meetingId: string };

export interface CollabOptions {
	/** Ping every connection this often and drop those that did not answer the last ping. */
	pingEveryMs?: number;
	/** Check every open connection's authority (session, membership, role) this often. */
	recheckEveryMs?: number;
	/** Refused upgrades allowed per network address before it must wait (see refusal-throttle.ts). */
	refusals?: RefusalThrottleRule;
}

/** The websocket side of an engine: one per http server; several may share one engine's rooms (tests do). */
export function createCollabServer(engine: RoomEngine, options: CollabOptions = {}): CollabServer {
	const { hooks } = engine;
	const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
	const refusals = createRefusalThrottle(options.refusals);
	const authority = createAuthority<LiveConnection>((attendees) => hooks.standing(attendees), {
		everyMs: options.recheckEveryMs ?? RECHECK_EVERY_MS,
		ended: ({ attendee, meetingId }, reason) => {
			void Promise.resolve(hooks.audit({ kind: 'connection-ended', meetingId, attendee, reason })).catch(() => {});
		}
	});
	const alive = new WeakMap<WebSocket, boolean>();
	/** The messages each open connection has sent and the room is still handling. */
	const inFlight = new Map<LiveConnection, () => Promise<void>>();
	let stopping = false;
	const pinger = setInterval(() => {
		for (const ws of wss.clients) {
			if (alive.get(ws) === false) {
				ws.terminate();
				continue;
			}
			alive.set(ws, false);
			ws.ping();
		}
	}, options.pingEveryMs ?? PING_EVERY_MS);
	pinger.unref();

	async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, meetingId: string): Promise<void> {
		socket.on('error', () => socket.destroy());
		const address = clientAddress(req);
		// An address that keeps being refused waits, answered before any database work.
		const wait = refusals.waitSeconds(address);
		if (wait > 0) {
			void Promise.resolve(hooks.audit({ kind: 'upgrade-throttled', address })).catch(() => {});
			refuseUpgrade(socket, 429, 'Too many refused connections from this address. Wait a moment, then reload the page.', `Retry-After: ${wait}\r\n`);
			return;
		}
		const decision = await hooks.authenticate(req, meetingId);
		if (!decision.ok) {
			refusals.refused(address);
			await hooks.audit({ kind: 'upgrade-refused', meetingId: decision.meetingId, userId: decision.userId, status: decision.status, reason: decision.reason, address });
			refuseUpgrade(socket, decision.status, decision.reason);
			return;
		}
		const room = await engine.open(decision.meetingId, decision.caseId);
		wss.handleUpgrade(req, socket, head, (ws) => connect(ws, room, decision.attendee, decision.meetingId));
	}

	function connect(ws: WebSocket, room: Room, attendee: RoomConnection['attendee'], meetingId: string): void {
		const conn: LiveConnection = {
			attendee,
			meetingId,
			send(message) {
				if (ws.readyState === ws.OPEN) ws.send(message);
			},
			close(code, reason) {
				ws.close(code, reason);
			}
		};
		const withinAllowance = floodGuard();
		// Messages of one connection are handled strictly in order.
		let queue: Promise<void> = Promise.resolve();
		inFlight.set(conn, () => queue);
		alive.set(ws, true);
		ws.on('pong', () => alive.set(ws, true));
		authority.watch(conn);
		room.join(conn);
		ws.on('message', (data: RawData, isBinary: boolean) => {
			if (!withinAllowance()) return conn.close(CloseCode.flood, 'too many messages');
			if (!isBinary) return conn.close(CloseCode.malformedMessage, 'binary messages only');
			const frame = data instanceof Buffer ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(Buffer.concat(data as Buffer[]));
			queue = queue.then(async () => {
				if (ws.readyState !== ws.OPEN) return;
				try {
					await room.receive(conn, parseClientMessage(frame));
				} catch (e) {
					conn.close(CloseCode.malformedMessage, e instanceof MalformedMessage ? e.message : 'the message could not be handled');
				}
			});
		});
		ws.on('error', () => ws.terminate());
		ws.on('close', () => {
			inFlight.delete(conn);
			authority.forget(conn);
			room.leave(conn);
			engine.release(meetingId);
		});
	}

	return {
		handleUpgrade(req, socket, head) {
			const meetingId = meetingIdOfPath(req.url);
			if (meetingId === null) return false;
			if (stopping) {
				refuseUpgrade(socket, 503, 'This server is restarting. Try again in a moment.');
				return true;
			}
			upgrade(req, socket, head, meetingId).catch((error: unknown) =>
				refuseUpgrade(
					socket,
					503,
					error instanceof RelayUnavailableError
						? 'The live meeting cannot reach the other servers just now. Nothing is lost: the page tries again in a moment.'
						: 'The live meeting is not available right now. Try again.'
				)
			);
			return true;
		},
		async close(compactWithinMs = 5_000) {
			clearInterval(pinger);
			authority.stop();
			stopping = true;
			let timer: ReturnType<typeof setTimeout> | undefined;
			const within = <T>(work: Promise<T>) => Promise.race([work, new Promise((resolve) => (timer = setTimeout(resolve, compactWithinMs)))]).finally(() => clearTimeout(timer));
			// Not a keystroke lost: what each device sent is handled and stored before it is told to reconnect.
			await within(Promise.all([...inFlight.entries()].map(([conn, queue]) => queue().then(() => engine.changesStored(conn.meetingId)))));
			const closed = [...wss.clients].map((client) => new Promise((resolve) => client.once('close', resolve)));
			for (const client of wss.clients) client.close(CloseCode.serverRestarting, 'the server is restarting');
			// The close frames go out before anything is torn down; a device that does not answer is cut off.
			await Promise.race([Promise.all(closed), new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
			for (const client of wss.clients) client.terminate();
			wss.close();
			await hooks.stop?.();
			await within(engine.snapshotLoaded());
			engine.unloadAll();
		}
	};
}

/** Routes a node:http server's upgrades: the live room's to it, any other refused. */
export function attachCollab(server: Server, collab: CollabServer, otherUpgrades?: (req: IncomingMessage, socket: Duplex, head: Buffer) => void): void {
	server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
		if (collab.handleUpgrade(req, socket, head)) return;
		if (otherUpgrades) otherUpgrades(req, socket, head);
		else socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
	});
}
