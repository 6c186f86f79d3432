// Who is here follows the connections: when a member's connection closes — the tab shut, the network gone
// and the socket with it — everyone else stops seeing them within two seconds, not when presence times out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '../../src/lib/server/db/client';
import { meetings } from '../../src/lib/server/db/schema';
import { seedDemo } from '../../src/lib/server/demo';
import { connectClient, until, type CollabClient } from '../support/collab-client';
import { testDatabases } from './support/databases';
import { sessionTokenOf, startLiveServer, type LiveServer } from './support/live-server';

describe.each(testDatabases)('presence when a connection closes, on $name', (kind) => {
	let database: Database & { drop(): Promise<void> };
	let server: LiveServer;
	let meetingId: string;
	const clients: CollabClient[] = [];
	const join = async (email: string) => {
		const client = connectClient(server.url, meetingId, await sessionTokenOf(database.db, email));
		clients.push(client);
		await client.synced;
		return client;
	};
	const editorsSeenBy = (client: CollabClient) =>
		[...client.provider.awareness.getStates().entries()].filter(([id, state]) => id !== client.doc.clientID && state.editing).map(([, state]) => state.editing as string);

	beforeAll(async () => {
		database = await kind.open();
		const { caseId } = await seedDemo(database.db);
		[{ id: meetingId }] = await database.db.select({ id: meetings.id }).from(meetings).where(eq(meetings.caseId, caseId));
		server = await startLiveServer(database.db);
	});
	afterAll(async () => {
		for (const c of clients) c.destroy();
		await server?.close();
		await database?.drop();
	});

	it.each([
		['closes its socket', (client: CollabClient) => client.provider.ws!.close()],
		// No goodbye of any kind: the socket simply ends, as when a tablet loses its network and the OS drops it.
		['is cut off without a word', (client: CollabClient) => (client.provider.ws as unknown as { terminate(): void }).terminate()]
	])('drops a member whose connection %s within two seconds', async (_how, end) => {
		const chair = await join('chair@demo.test');
		const worker = await join('social.worker@demo.test');
		// Stop the worker's page from reconnecting, as a device that has gone away would not.
		worker.provider.shouldConnect = false;
		worker.provider.awareness.setLocalStateField('editing', 'plan.actions');
		await until(() => editorsSeenBy(chair).includes('plan.actions'), 5000, 'the chair to see the worker editing');
		end(worker);
		await until(() => !editorsSeenBy(chair).includes('plan.actions'), 2000, 'the worker to drop from the chair’s presence');
		expect(editorsSeenBy(chair)).not.toContain('plan.actions');
		chair.destroy();
	});
});
