// Why the server closed a live-room connection. The page reads these to tell its user what happened and
// whether reconnecting can help (Hocuspocus-style named close events, all in one place).
export const CloseCode = {
	/** A frame that is not a well-formed y-websocket message. Reconnecting is fine; the page is at fault. */
	malformedMessage: 4400,
	/** The session ended while connected (signed out, expired). Sign in again. */
	sessionEnded: 4401,
	/** An update outside what this member's role may write, or under another connection's client id. */
	updateRefused: 4403,
	/** The meeting is closed: its record is frozen and accepts no more edits. */
	meetingClosed: 4409,
	/** Too many messages too fast. */
	flood: 4429,
	/** The record could not be saved; nothing from this connection was relayed. Reconnect to retry. */
	saveFailed: 4503
} as const;
export type CloseCodeName = keyof typeof CloseCode;

/** Closes that reconnecting cannot cure: the page should stop retrying and say why. */
export const FINAL_CLOSE_CODES: readonly number[] = [CloseCode.sessionEnded, CloseCode.updateRefused, CloseCode.meetingClosed];
