// The close codes the live-room server sends, and what the page tells its user about each. The server's
// server/collab/close-codes.ts is the source; browser code may not import from server/, so the numbers are
// repeated here and a unit test keeps the two in step.

export const CloseCode = {
	malformedMessage: 4400,
	sessionEnded: 4401,
	updateRefused: 4403,
	meetingClosed: 4409,
	flood: 4429,
	saveFailed: 4503
} as const;

/** Answers the page derives itself when the upgrade is refused with plain HTTP (a browser sees no code). */
export const ProbeCode = {
	notSignedIn: 4401,
	notFound: 4404
} as const;

/** Closes reconnecting cannot cure: stop retrying and say why. */
const FINAL = new Set<number>([CloseCode.sessionEnded, CloseCode.updateRefused, CloseCode.meetingClosed, ProbeCode.notFound]);

export const isFinalClose = (code: number) => FINAL.has(code);

/** Closes after which this device may hold edits the record refused (and will refuse again). */
export const refusesLocalEdits = (code: number) => code === CloseCode.updateRefused || code === CloseCode.meetingClosed;

/** What to tell the person, in plain words, about a final close. */
export function closeMessage(code: number): string {
	switch (code) {
		case CloseCode.sessionEnded:
			return 'You are signed out. Sign in again to carry on — your changes are kept on this device until then.';
		case CloseCode.updateRefused:
			return 'The server did not accept some changes made on this device, so it stopped taking changes from it.';
		case CloseCode.meetingClosed:
			return 'This meeting has been closed, so the plan can no longer be changed.';
		case ProbeCode.notFound:
			return 'This meeting could not be found, or you are no longer in its core group.';
		default:
			return 'The connection to the meeting was closed.';
	}
}
