// `vite dev` serves the live room too: the same collaboration engine, attached to Vite's own http server.
// Vite's HMR socket shares that server, so only /collab/ upgrades are taken.
import type { Plugin } from 'vite';
import { sharedDatabase } from '../src/lib/server/db/client';
import { createCollabServer, type CollabServer } from './collab';
import { installRoomEngines, roomEngineFor } from './engine';

export function collabDevServer(): Plugin {
	return {
		name: 'core-group-collab',
		configureServer(server) {
			installRoomEngines();
			// Made on the first upgrade: a Vite server that never serves the live room (Vitest's) opens no database.
			let collab: Promise<CollabServer> | null = null;
			const collabServer = () => (collab ??= sharedDatabase().then(({ db }) => createCollabServer(roomEngineFor(db))));
			server.httpServer?.on('upgrade', (req, socket, head) => {
				if (!req.url?.startsWith('/collab/')) return;
				void collabServer().then((c) => c.handleUpgrade(req, socket, head));
			});
			server.httpServer?.on('close', () => void collab?.then((c) => c.close()));
		}
	};
}
