// Typed transaction origins: who caused a change. Yjs passes the origin to observers and to the
// UndoManager, which compares origins by identity — hence the shared, frozen origin objects below.

export type TransactionOrigin =
	| { readonly kind: 'user'; readonly member: string }
	| { readonly kind: 'remote' }
	| { readonly kind: 'server' };

/** Changes the server makes (seeding, stamps, signatures). */
export const serverOrigin: TransactionOrigin = Object.freeze({ kind: 'server' });
/** Updates applied from elsewhere (another client, another process). */
export const remoteOrigin: TransactionOrigin = Object.freeze({ kind: 'remote' });

const userOrigins = new Map<string, TransactionOrigin>();
/** The origin for edits by a member. Memoised, so `new Y.UndoManager(t, { trackedOrigins: new Set([userOrigin(me)]) })` works. */
export function userOrigin(member: string): TransactionOrigin {
	let o = userOrigins.get(member);
	if (!o) userOrigins.set(member, (o = Object.freeze({ kind: 'user', member })));
	return o;
}

export function isTransactionOrigin(v: unknown): v is TransactionOrigin {
	if (typeof v !== 'object' || v === null) return false;
	const o = v as { kind?: unknown; member?: unknown };
	return o.kind === 'server' || o.kind === 'remote' || (o.kind === 'user' && typeof o.member === 'string');
}
