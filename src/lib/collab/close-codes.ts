// Why the live-room server closes a connection, and what the page tells its user about each (named close
// events, as in Hocuspocus). One table for both ends: the server imports it from here, as it has no
// browser-only code in it. The words come from the message catalogues (relative import, for the server).
import { m } from '../paraglide/messages.js';

export const CloseCode = {
	/** A frame that is not a well-formed y-websocket message. Reconnecting is fine. */
	malformedMessage: 4400,
	/** The session ended while connected (signed out, here or elsewhere, or expired). Sign in again. */
	sessionEnded: 4401,
	/**
	 * Not allowed (any more): an update outside what this member's role may write or under another member's
	 * client id, or the person was removed from the core group or given a role with fewer rights.
	 */
	updateRefused: 4403,
	/**
	 * The person's role changed to one with at least the same write rights: the page reconnects and reloads what
	 * it offers, so the new rights show at once, without reloading by hand.
	 */
	rightsWidened: 4205,
	/** The meeting is closed: its record is frozen and accepts no more edits. */
	meetingClosed: 4409,
	/**
	 * The chair has paused editing the plan while it is signed: a change to the plan made just before the
	 * pause arrived is refused. Reconnecting is fine; the change is taken once editing resumes.
	 */
	editingPaused: 4423,
	/**
	 * The meeting has not opened yet, and until it does only the chair, the minute-taker and the lead social
	 * worker prepare the plan. Reconnecting is fine; the change is taken once the meeting opens.
	 */
	notOpenYet: 4424,
	/** Too many messages too fast. */
	flood: 4429,
	/** The record could not be saved; nothing from this connection was relayed. Reconnect to retry. */
	saveFailed: 4503,
	/**
	 * The server is stopping (a deploy, a scale-down): everything this connection sent is stored, and the page
	 * reconnects — to another process, or to this one restarted. (The standard "Service Restart".)
	 */
	serverRestarting: 1012
} as const;

/** Reasons the server gives with a close when authority changed while connected (DESIGN §4 rule 8). */
export const CloseReason = {
	signedOut: 'signed out',
	removed: 'no longer in the core group',
	roleChanged: 'role changed'
} as const;

/** Answers the page derives itself when the upgrade is refused with plain HTTP (a browser sees no code). */
export const ProbeCode = {
	notSignedIn: 4401,
	notFound: 4404,
	/** The meeting's stored record cannot be opened (it needs repairing); other meetings work. */
	unreadable: 4500
} as const;

/** Closes reconnecting cannot cure: stop retrying and say why. */
const FINAL = new Set<number>([CloseCode.sessionEnded, CloseCode.updateRefused, CloseCode.meetingClosed, ProbeCode.notFound, ProbeCode.unreadable]);

export const isFinalClose = (code: number) => FINAL.has(code);

/** Closes after which this device may hold edits the record refused (and will refuse again). */
export const refusesLocalEdits = (code: number) => code === CloseCode.updateRefused || code === CloseCode.meetingClosed;

/** What to tell the person, in plain words, about a final close. */
export function closeMessage(code: number, reason = ''): string {
	switch (code) {
		case CloseCode.sessionEnded:
			return m.meeting_close_signed_out();
		case CloseCode.updateRefused:
			if (reason === CloseReason.removed)
				return m.meeting_close_removed();
			if (reason === CloseReason.roleChanged)
				return m.meeting_close_role_changed();
			return m.meeting_close_refused();
		case CloseCode.meetingClosed:
			return m.meeting_close_meeting_closed();
		case CloseCode.editingPaused:
			return m.meeting_close_editing_paused();
		case CloseCode.notOpenYet:
			return m.meeting_close_not_open_yet();
		case ProbeCode.notFound:
			return m.meeting_close_not_found();
		case ProbeCode.unreadable:
			return m.meeting_close_unreadable();
		default:
			return m.meeting_close_other();
	}
}
