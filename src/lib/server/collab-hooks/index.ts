// The application's hooks for the collaboration engine (server/collab): who connects (sessions and the core
// group), where a meeting's document is stored (the update log and snapshots in the database), the record's
// server-owned facts, and the audit log. Plain functions over one database handle; the composition
// (server/engine.ts) hands them to the engine. Nothing here imports the engine.
import type { IncomingMessage } from 'node:http';
import type { ClientIdOwners, Role } from '../../plan';
import { appendAudit } from '../audit';
import { flushAnonymousRefusals, tallyAnonymousRefusal } from '../anonymous-refusals';
import type { Db } from '../db/client';
import { loadMeetingFacts } from '../meeting-facts-query';
import { decideUpgrade, standingOf, type Attendee } from './identity';
import { logWriterFor } from './log-writer';
import { carriedOverPlan, committedUpTo, coreGroupMemberIds, loadStoredAfter, loadStoredDocument, MeetingClosedError, storeSnapshot, type LoggedUpdate } from './store';

/** What the engine reports; the shape the engine's `audit` hook is called with. */
export type CollabEvent =
	| { kind: 'upgrade-refused'; meetingId: string | null; userId: string | null; status: number; reason: string; address: string | null }
	| { kind: 'upgrade-throttled'; address: string | null }
	| { kind: 'update-refused'; meetingId: string; caseId: string | null; attendee: Attendee & { role: Role }; reason: string }
	| { kind: 'connection-ended'; meetingId: string; attendee: Attendee; reason: string }
	| { kind: 'save-failed'; meetingId: string; error: unknown };

/** How a refusal or an ended connection is recorded: named people in the audit chain, nameless ones counted per address. */
async function recordEvent(db: Db, event: CollabEvent): Promise<void> {
	switch (event.kind) {
		case 'upgrade-refused':
			if (event.userId === null) return tallyAnonymousRefusal(db, 'upgrade-refused', event.address);
			await appendAudit(db, {
				action: 'upgrade-refused',
				actorUserId: event.userId,
				meetingId: event.meetingId,
				detail: { status: event.status, reason: event.reason, address: event.address }
			});
			return;
		case 'upgrade-throttled':
			return tallyAnonymousRefusal(db, 'upgrade-throttled', event.address);
		case 'update-refused': {
			const { attendee } = event;
			await appendAudit(db, {
				action: 'update-refused',
				actorUserId: attendee.userId,
				caseId: event.caseId,
				meetingId: event.meetingId,
				detail: { reason: event.reason, role: attendee.role, memberId: attendee.memberId }
			});
			return;
		}
		case 'connection-ended':
			await appendAudit(db, {
				action: 'live-connection-ended',
				actorUserId: event.attendee.userId,
				meetingId: event.meetingId,
				detail: { reason: event.reason, memberId: event.attendee.memberId }
			});
			return;
		case 'save-failed': {
			const { error } = event;
			// Not a fault: an edit that reached this process after the meeting closed through another is refused by
			// the store, as it must be, and the room reloads the closed record.
			if (error instanceof MeetingClosedError) {
				console.info(`Meeting ${event.meetingId}: an edit that arrived after the close was not stored; the room reloaded the closed record.`);
				return;
			}
			// The cause names the database problem; it carries no plan content.
			console.error(`Meeting ${event.meetingId}: the update log could not be written (${error instanceof Error ? error.message : 'unknown error'}). The room was reset.`);
			return;
		}
	}
}

export function collabHooks(db: Db) {
	return {
		authenticate: (req: IncomingMessage, meetingId: string) => decideUpgrade(db, req, meetingId),
		standing: (attendees: readonly Attendee[]) => standingOf(db, attendees),
		load: (meetingId: string) => loadStoredDocument(db, meetingId),
		loadAfter: (meetingId: string, afterSeq: number) => loadStoredAfter(db, meetingId, afterSeq),
		carriedOverPlan: (meetingId: string) => carriedOverPlan(db, meetingId),
		memberIds: (meetingId: string) => coreGroupMemberIds(db, meetingId),
		storeUpdates: (meetingId: string, batch: readonly LoggedUpdate[]) => logWriterFor(db).append(meetingId, batch),
		committedUpTo: (meetingId: string) => committedUpTo(db, meetingId),
		storeSnapshot: (meetingId: string, upToSeq: number, state: Uint8Array, owners: ClientIdOwners) => storeSnapshot(db, meetingId, upToSeq, state, owners),
		facts: (meetingId: string) => loadMeetingFacts(db, meetingId),
		// A refusal's audit row is written before the refusal is answered, and a failure to write it is never the connection's problem.
		audit: (event: CollabEvent) => recordEvent(db, event).catch(() => {}),
		stop: () => flushAnonymousRefusals()
	};
}
