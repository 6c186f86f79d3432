// Why the live-room server closes a connection, and what the page tells its user about each (named close
// events, as in Hocuspocus). One table for both ends: the server imports it from here, as it has no
// browser-only code in it.

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
			return 'You are signed out. Sign in again to carry on — your changes are kept on this device until then.';
		case CloseCode.updateRefused:
			if (reason === CloseReason.removed)
				return 'You are no longer in this core group, so you can no longer see or change this meeting. Anything written on this device is listed below: copy what you need before you leave this page.';
			if (reason === CloseReason.roleChanged)
				return 'Your role in this core group has changed, so this page stopped sending your changes. Anything not saved is listed below; reload the page to carry on in your new role.';
			return 'The server did not accept some changes made on this device, so it stopped taking changes from it.';
		case CloseCode.meetingClosed:
			return 'This meeting has been closed, so the plan can no longer be changed.';
		case CloseCode.editingPaused:
			return 'Editing is paused while the plan is signed. Your last change to the plan is kept on this device and is sent when editing resumes.';
		case CloseCode.notOpenYet:
			return 'The meeting has not opened yet: until the chair opens it, the plan is prepared by the chair, the minute-taker and the lead social worker. Your change is kept on this device and is sent when the meeting opens.';
		case ProbeCode.notFound:
			return 'This meeting could not be found, or you are no longer in its core group.';
		case ProbeCode.unreadable:
			return "This meeting's record could not be opened just now. Nothing in it has been lost, and your other meetings work as usual: an administrator can repair it. Changes made on this device are kept here.";
		default:
			return 'The connection to the meeting was closed.';
	}
}
