// Who owns each Yjs client id of a meeting (DESIGN §4 rules 2 and 8): the member who first wrote under it,
// or 'server' for the server's own writes. Nobody may write under another's id. The firewall let no update
// write under someone else's id, so the attributed log says who owns each — which is how a room rebuilds
// ownership after unloading or a restart. Pure: no I/O.
import * as Y from 'yjs';

export type ClientIdOwners = Map<number, string>;

/** The owner recorded for the server's own writes (seeding, stamps, mirrored facts). */
export const SERVER_OWNER = 'server';

/** Adds the client ids each logged update wrote under, owned by the member who sent it (null: the server). */
export function addLoggedOwners(owners: ClientIdOwners, rows: readonly { memberId: string | null; update: Uint8Array }[]): void {
	for (const row of rows) {
		for (const client of Y.parseUpdateMeta(row.update).from.keys()) if (!owners.has(client)) owners.set(client, row.memberId ?? SERVER_OWNER);
	}
}

/** Owners as JSON (kept with each snapshot), and back. */
export const ownersToJson = (owners: ClientIdOwners): Record<string, string> => Object.fromEntries([...owners].map(([client, owner]) => [String(client), owner]));
export const ownersFromJson = (json: Record<string, string>): ClientIdOwners => new Map(Object.entries(json).map(([client, owner]) => [Number(client), owner]));
