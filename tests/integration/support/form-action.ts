// Calls a route's form action as SvelteKit would for a form post: the real action, a real Request with the
// form body, the signed-in user (or nobody) in locals. The answer is what the page would receive.
import type { Db } from '../../../src/lib/server/db/client';
import type { SessionUser } from '../../../src/lib/server/accounts/session';

export interface FormPost {
	db: Db;
	user: SessionUser | null;
	params?: Record<string, string>;
	fields: Record<string, string>;
	/** The page's URL; its origin is the request's. */
	url?: string;
	/** The network address the request came from. */
	address?: string;
	/** A body of another kind instead of the form, e.g. JSON posted to a form action. */
	body?: { contentType: string; text: string };
}

export type ActionAnswer = { status: number; data: Record<string, unknown> };

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each route's action has its own event type
type AnyAction = (event: any) => unknown;

/** The action's answer: a failure's status and data, or 200 and what it returned. */
export async function postForm(action: AnyAction | undefined, post: FormPost): Promise<ActionAnswer> {
	if (!action) throw new Error('no such action');
	const url = new URL(post.url ?? 'http://localhost:3000/');
	const event = {
		locals: { db: post.db, user: post.user, session: null },
		params: post.params ?? {},
		url,
		request: post.body
			? new Request(url, { method: 'POST', body: post.body.text, headers: { 'content-type': post.body.contentType } })
			: new Request(url, { method: 'POST', body: new URLSearchParams(post.fields) }),
		getClientAddress: () => post.address ?? '192.0.2.1'
	};
	const answer = (await action(event)) as { status?: number; data?: Record<string, unknown> } | Record<string, unknown> | undefined;
	// SvelteKit's fail() gives an ActionFailure: { status, data }.
	if (answer && typeof answer === 'object' && 'status' in answer && 'data' in answer && typeof answer.status === 'number') {
		return { status: answer.status, data: (answer.data ?? {}) as Record<string, unknown> };
	}
	return { status: 200, data: (answer ?? {}) as Record<string, unknown> };
}
