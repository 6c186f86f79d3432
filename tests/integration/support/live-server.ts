// A live-room server for tests: node:http with the collaboration server attached, on port 0, over a test
// database — and sign-in of demo accounts straight through the sign-in module.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { attachCollab, createCollabServer, type CollabOptions } from '../../../server/collab';
import { installRoomEngines, roomEngineFor } from '../../../server/engine';
import type { Db } from '../../../src/lib/server/db/client';
import { demoPassword } from '../../../src/lib/server/demo';
import { signIn } from '../../../src/lib/server/accounts/sign-in';

export interface LiveServer {
	url: string;
	close(): Promise<void>;
}

export async function startLiveServer(db: Db, options: CollabOptions = {}): Promise<LiveServer> {
	const server = http.createServer((_req, res) => {
		res.statusCode = 404;
		res.end();
	});
	installRoomEngines();
	const collab = createCollabServer(roomEngineFor(db), options);
	attachCollab(server, collab);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		async close() {
			const compacted = collab.close();
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
			await compacted;
		}
	};
}

export async function sessionTokenOf(db: Db, email: string): Promise<string> {
	const result = await signIn(db, { email, password: demoPassword(), address: '127.0.0.1' });
	if (!result.ok) throw new Error(`could not sign in ${email}`);
	return result.token;
}
