// Sending an account e-mail through the outbox, and the absolute address its links point at.
import { outboxConfig, sendMessages, type OutboxConfig, type SendResult } from '../outbox';
import type { AccountMessage } from './account-mail';

/**
 * The public address links are built on: ORIGIN when set, else the request's own origin — which comes from
 * the Host header, so production should set ORIGIN rather than let a forged header shape a link.
 */
export function publicOrigin(requestOrigin: string, env: Record<string, string | undefined> = process.env): string {
	const configured = env.ORIGIN?.trim();
	if (configured) {
		try {
			return new URL(configured).origin;
		} catch {
			// A malformed ORIGIN is a deployment mistake; links then follow the request as without it.
		}
	}
	return requestOrigin;
}

/** Sends one account message to one address; a failure is a value. */
export async function sendAccountMessage(
	to: { name: string; address: string },
	message: AccountMessage,
	outbox: OutboxConfig = outboxConfig()
): Promise<SendResult> {
	const [result] = await sendMessages(outbox, [{ to, subject: message.subject, text: message.text, attachments: [] }]);
	return result;
}
