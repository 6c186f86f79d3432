// The production entry: one node:http server for the pages, the form actions and the JSON API (the
// SvelteKit handler built by adapter-node) and, on the same port, the websocket upgrades of the live room.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { sharedDatabase } from '../src/lib/server/db/client';
import { stopEvidenceWorker } from '../src/lib/server/evidence-worker';
import { stopReminderScheduler } from '../src/lib/server/between/reminder-scheduler';
import { closePdfPool } from '../src/lib/server/written-record/pdf-pool';
import { loadSeal } from '../src/lib/server/written-record/seal';
import { warmUpDatabase } from '../src/lib/server/collab-hooks/warm-up';
import { attachCollab, createCollabServer } from './collab';
import { warmUpCollaboration } from './collab/warm-up';
import { installRoomEngines, roomEngineFor, stopRoomEngine } from './engine';

type NodeHandler = (req: http.IncomingMessage, res: http.ServerResponse, next?: () => void) => void;

export interface StartOptions {
	/** 0 picks a free port (tests). */
	port: number;
	host?: string;
	/** The folder adapter-node wrote; `build` unless told otherwise. */
	buildDir?: string;
}

export interface RunningServer {
	server: http.Server;
	port: number;
	close(): Promise<void>;
}

// Without ORIGIN, adapter-node assumes https, which would mark cookies Secure on a plain-http laptop or LAN
// install. The protocol is then taken from the socket itself, through a header only this server sets.
const PROTOCOL_HEADER = 'x-core-group-protocol';

export async function startServer(options: StartOptions): Promise<RunningServer> {
	const deriveProtocol = !process.env.ORIGIN;
	if (deriveProtocol) process.env.PROTOCOL_HEADER = PROTOCOL_HEADER;
	const handlerFile = path.resolve(options.buildDir ?? 'build', 'handler.js');
	// The seal for written records: the authority's certificate opened now, so a wrong SEAL_P12 or password is
	// said at start; without one, a self-signed certificate is made under DATA_DIR the first time.
	loadSeal();
	// Importing the handler runs the app's `init` hook: migrations, and demo data on a fresh embedded database.
	installRoomEngines();
	const { handler } = (await import(pathToFileURL(handlerFile).href)) as { handler: NodeHandler };

	const server = http.createServer((req, res) => {
		if (deriveProtocol) req.headers[PROTOCOL_HEADER] = 'encrypted' in req.socket ? 'https' : 'http';
		handler(req, res, () => {
			res.statusCode = 404;
			res.end('Not found');
		});
	});
	// Opening a room runs several queries at once: have the connections open and warm before the first person comes.
	const { db } = await sharedDatabase();
	await warmUpDatabase(db, 6);
	warmUpCollaboration();
	const collab = createCollabServer(roomEngineFor(db));
	attachCollab(server, collab);

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port, options.host, () => resolve());
	});
	const { port } = server.address() as AddressInfo;
	return {
		server,
		port,
		async close() {
			const compacted = collab.close();
			server.closeAllConnections();
			await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
			await compacted;
			await stopRoomEngine(db);
			await stopEvidenceWorker();
			await stopReminderScheduler();
			await closePdfPool();
		}
	};
}
