// Who is in the live meeting and which field each is editing, read from the awareness states. Each
// browser only says what it is editing; the server stamps `user` on every state with the name, role and
// membership it knows, so names shown here cannot be forged by another browser.
import type { Awareness } from 'y-protocols/awareness';
import { isRole, type Role } from '$lib/plan';
import { m } from '$lib/paraglide/messages.js';

/** A field as presence names it: 'plan.concerns', 'plan.actions.<id>.what', 'minutes.notes'. */
export type FieldPath = string;

export function fieldPath(root: string, key: string, itemId?: string, field?: string): FieldPath {
	return itemId && field ? `${root}.${key}.${itemId}.${field}` : `${root}.${key}`;
}

/** One open connection, as the server identified it. */
export interface Presence {
	clientId: number;
	memberId: string | null;
	name: string;
	role: Role;
	editing: FieldPath | null;
	/** The member reading the plan to sign on this device (the person themselves, or someone signing in person). */
	signing: string | null;
}

/** The server-stamped states; a state without a valid `user` (not yet stamped) is nobody yet. */
export function presences(states: ReadonlyMap<number, unknown>): Presence[] {
	const out: Presence[] = [];
	for (const [clientId, state] of states) {
		if (typeof state !== 'object' || state === null) continue;
		const { user, editing, signing } = state as { user?: unknown; editing?: unknown; signing?: unknown };
		if (typeof user !== 'object' || user === null) continue;
		const { name, role, memberId } = user as { name?: unknown; role?: unknown; memberId?: unknown };
		if (typeof name !== 'string' || !isRole(role)) continue;
		out.push({
			clientId,
			memberId: typeof memberId === 'string' ? memberId : null,
			name,
			role,
			editing: typeof editing === 'string' ? editing : null,
			signing: typeof signing === 'string' ? signing : null
		});
	}
	return out;
}

/** Each person once (two tabs are one person), in name order. */
export function peoplePresent(all: readonly Presence[]): Presence[] {
	const byPerson = new Map<string, Presence>();
	for (const p of all) {
		const key = p.memberId ?? `client:${p.clientId}`;
		if (!byPerson.has(key)) byPerson.set(key, p);
	}
	return [...byPerson.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** The names of the *other* people editing `path` now (never yourself, in any of your tabs). */
export function othersEditing(all: readonly Presence[], path: FieldPath, self: { clientId: number; memberId: string | null }): string[] {
	const names = all
		.filter((p) => p.editing === path && p.clientId !== self.clientId && (self.memberId === null || p.memberId !== self.memberId))
		.map((p) => p.name);
	return [...new Set(names)].sort((a, b) => a.localeCompare(b));
}

/** Tell the others who is reading the plan to sign on this device (null: nobody now). */
export function announceSigning(awareness: Awareness, memberId: string | null): void {
	const current = awareness.getLocalState();
	if (current === null) return;
	if ((current.signing ?? null) !== memberId) awareness.setLocalStateField('signing', memberId);
}

/** "Robin Testcase is reading the plan to sign" for each device where someone is, each signer once. */
export function readingToSign(all: readonly Presence[], nameOf: (memberId: string) => string | null): string[] {
	const lines = new Map<string, string>();
	for (const p of all) {
		if (!p.signing) continue;
		const signer = nameOf(p.signing) ?? m.meeting_someone();
		lines.set(p.signing, p.signing === p.memberId ? m.meeting_reading_to_sign({ name: signer }) : m.meeting_reading_to_sign_on_device({ name: signer, device: p.name }));
	}
	return [...lines.values()].sort((a, b) => a.localeCompare(b));
}

/** Tell the others which field this browser is editing (null: none). */
export function announceEditing(awareness: Awareness, path: FieldPath | null): void {
	const current = awareness.getLocalState();
	if (current === null) return; // leaving the room: say nothing more
	if (current.editing !== path) awareness.setLocalStateField('editing', path);
}

/** Clear the announcement on leaving a field, unless focus has already moved to another field. */
export function leaveField(awareness: Awareness, path: FieldPath): void {
	if (awareness.getLocalState()?.editing === path) announceEditing(awareness, null);
}
