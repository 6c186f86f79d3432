// `vite dev` serves the live room too: the same collaboration server, attached to Vite's own http server.
// Vite's HMR socket shares that server, so only /collab/ upgrades are taken.
import type { Plugin } from 'vite';
import { sharedDatabase } from '../../src/lib/server/db/client';
import { createCollabServer } from './index';

export function collabDevServer(): Plugin {
	return {
		name: 'core-group-collab',
		configureServer(server) {
			const collab = createCollabServer(async () => (await sharedDatabase()).db);
			server.httpServer?.on('upgrade', (req, socket, head) => {
				collab.handleUpgrade(req, socket, head);
			});
			server.httpServer?.on('close', () => void collab.close());
		}
	};
}
