// The live room's websocket server: upgrades on /collab/<meetingId> are authenticated before the
// handshake, then each connection's frames are checked against the limits and handed to its room.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { appendAudit } from '../../src/lib/server/audit';
import type { Db } from '../../src/lib/server/db/client';
import { CloseCode } from '../../src/lib/collab/close-codes';
import { decideUpgrade, meetingIdOfPath } from './identity';
import { MalformedMessage, parseClientMessage } from './protocol';
import { openRoom, releaseRoom, snapshotLoadedRooms } from './rooms';
import type { RoomConnection } from './room';

/** The largest frame accepted: a long pasted text or an offline tablet's backlog fits; more is refused (1009). */
export const MAX_FRAME_BYTES = 2 * 1024 * 1024;
/** Messages per connection: a sustained rate and a burst, far above any person typing. */
const FLOOD_RATE_PER_SECOND = 200;
const FLOOD_BURST = 600;

const statusText: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 503: 'Service Unavailable' };

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
	const body = `${reason}\n`;
	socket.end(
		`HTTP/1.1 ${status} ${statusText[status] ?? 'Error'}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
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
	/** Disconnects everyone, then compacts the rooms' logs (waiting at most `compactWithinMs`). */
	close(compactWithinMs?: number): Promise<void>;
}

export function createCollabServer(getDb: () => Promise<Db>): CollabServer {
	const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });

	async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
		socket.on('error', () => socket.destroy());
		const db = await getDb();
		const decision = await decideUpgrade(db, req);
		if (!decision.ok) {
			await appendAudit(db, {
				action: 'upgrade-refused',
				meetingId: decision.meetingId,
				detail: { status: decision.status, reason: decision.reason, address: req.socket.remoteAddress ?? null }
			});
			refuseUpgrade(socket, decision.status, decision.reason);
			return;
		}
		const room = await openRoom(db, decision.meetingId, decision.caseId);
		wss.handleUpgrade(req, socket, head, (ws) => connect(ws, room, decision.attendee, decision.meetingId));
	}

	function connect(ws: WebSocket, room: Awaited<ReturnType<typeof openRoom>>, attendee: RoomConnection['attendee'], meetingId: string): void {
		const conn: RoomConnection = {
			attendee,
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
			room.leave(conn);
			releaseRoom(meetingId);
		});
	}

	return {
		handleUpgrade(req, socket, head) {
			if (meetingIdOfPath(req.url) === null) return false;
			upgrade(req, socket, head).catch(() => refuseUpgrade(socket, 503, 'The live meeting is not available right now. Try again.'));
			return true;
		},
		async close(compactWithinMs = 5_000) {
			for (const client of wss.clients) client.terminate();
			wss.close();
			let timer: ReturnType<typeof setTimeout> | undefined;
			await Promise.race([snapshotLoadedRooms(), new Promise((resolve) => (timer = setTimeout(resolve, compactWithinMs)))]);
			clearTimeout(timer);
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
