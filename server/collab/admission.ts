// Whether a room takes a device's update: the firewall's decision (who may write what, and its shape),
// then the meeting's state — closed, not yet open, plan paused for signing. Pure: no I/O, nothing applied.
import type * as Y from 'yjs';
import { MEETING, PLAN, mayPrepare, type ClientIdOwners } from '../../src/lib/plan';
import { CloseCode } from '../../src/lib/collab/close-codes';
import { checkUpdate } from './firewall';
import type { Attendee } from './hooks';

export type Admission =
	| { ok: true; empty: boolean; /** Client ids the update writes under: the sender owns them from now on. */ clientIds: number[] }
	| { ok: false; code: number; reason: string };

export interface RoomState {
	owners: ClientIdOwners;
	memberIds: ReadonlySet<string>;
	documentBytes: number;
}

export function admitUpdate(doc: Y.Doc, update: Uint8Array, attendee: Attendee, room: RoomState): Admission {
	// Only what the record lacks is judged: history re-sent on reconnect is not a new write.
	const decision = checkUpdate(doc, update, attendee, {
		owners: room.owners,
		isMember: (id) => room.memberIds.has(id),
		documentBytes: room.documentBytes
	});
	if (!decision.ok) return { ok: false, code: CloseCode.updateRefused, reason: decision.reason };
	if (decision.empty) return { ok: true, empty: true, clientIds: [] };
	const status = doc.getMap(MEETING).get('status');
	if (status === 'closed') return { ok: false, code: CloseCode.meetingClosed, reason: 'the meeting is closed and its record is frozen' };
	// Before the meeting opens, the chair, minute-taker and lead social worker prepare it; everyone else reads.
	if (status === 'scheduled' && !mayPrepare(attendee.role))
		return { ok: false, code: CloseCode.notOpenYet, reason: 'until the meeting opens, only the chair, minute-taker and lead social worker prepare it' };
	// While the plan is being signed its words stand still; the minutes may still be taken.
	if (doc.getMap(MEETING).get('editingPaused') === true && decision.roots.includes(PLAN))
		return { ok: false, code: CloseCode.editingPaused, reason: 'editing the plan is paused while it is signed' };
	return { ok: true, empty: false, clientIds: decision.clientIds };
}
