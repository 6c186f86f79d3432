// What every part of the live plan editor needs from the meeting it is in, handed down once through
// Svelte context instead of through every component's props.
import { getContext, setContext } from 'svelte';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import type { Presence } from '$lib/collab/presence';
import type { ClientRoot, Role, TransactionOrigin } from '$lib/plan';

export interface MemberSummary {
	id: string;
	name: string;
	role: Role;
	agency: string;
	/** A family member's relationship to the child, or a professional's job title. */
	relationship: string;
}

export interface MeetingRoom {
	doc: Y.Doc;
	awareness: Awareness;
	/** Every write this person makes carries it. */
	origin: TransactionOrigin;
	self: { clientId: number; memberId: string | null };
	members: readonly MemberSummary[];
	/** Reactive: everyone connected, as the server identified them. */
	readonly presences: Presence[];
	/** Reactive: this person may edit `root.key` now (their role, and the meeting is not closed). */
	mayEdit(root: ClientRoot, key: string): boolean;
	/** Say something in the page's polite live region. */
	announce(message: string): void;
}

const KEY = Symbol('meeting-room');

export const setMeetingRoom = (room: MeetingRoom) => setContext(KEY, room);

export function getMeetingRoom(): MeetingRoom {
	const room = getContext<MeetingRoom | undefined>(KEY);
	if (!room) throw new Error('plan components must sit inside <LiveMeeting>');
	return room;
}
