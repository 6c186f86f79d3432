// Form actions of the meeting page over the public surface, as the page posts them.
import type { TargetServer } from './servers';

/** A form action posted as the page's enhanced form does (multipart, JSON answer); throws on a refusal. */
export async function formAction(server: TargetServer, cookie: string, meetingId: string, action: string, fields: Record<string, string> = {}): Promise<void> {
	const body = new FormData();
	for (const [name, value] of Object.entries(fields)) body.set(name, value);
	const response = await fetch(`${server.httpUrl}/meetings/${meetingId}?/${action}`, {
		method: 'POST',
		headers: { cookie, origin: server.httpUrl, 'x-sveltekit-action': 'true', accept: 'application/json' },
		body
	});
	const text = await response.text();
	const answer = (() => {
		try {
			return JSON.parse(text) as { type?: string; status?: number };
		} catch {
			return null;
		}
	})();
	if (!response.ok || answer?.type !== 'success') {
		throw new Error(`?/${action} on meeting ${meetingId} answered ${response.status} ${answer?.type ?? ''} ${answer?.status ?? ''}: ${text.slice(0, 300)}`);
	}
}

/**
 * Opens each meeting as its chair: until a meeting is opened only the chair, minute-taker and lead social worker
 * may write its plan, and the bench's attendees are everyone.
 */
export async function openMeetings(server: TargetServer, chairCookie: string, meetingIds: readonly string[]): Promise<void> {
	for (const id of meetingIds) await formAction(server, chairCookie, id, 'open');
}
