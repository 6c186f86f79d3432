// What this device keeps of the meetings: a copy of each meeting's document in IndexedDB, and which parts of the
// plan and minutes were changed here while the meeting could not be reached (so not yet in the record). At
// sign-out on a shared device the copies are removed — after those changes have reached the meeting, or when
// the person chooses to discard them. Browser-only.
import * as Y from 'yjs';

/** IndexedDB database of a meeting's copy on this device. */
export const deviceStoreName = (meetingId: string) => `core-group-meeting-${meetingId}`;
const COPY_PREFIX = 'core-group-meeting-';
const UNSENT_PREFIX = 'core-group-unsent-';

/** The part of the document a changed type belongs to: 'plan.concerns', 'plan.actions.<item id>', 'minutes.notes'. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any Y type, whatever its events
export function placeOf(type: Y.AbstractType<any>): string {
	const keys: string[] = [];
	let itemId: string | null = null;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- walking up through any Y type
	let at: Y.AbstractType<any> = type;
	while (at._item) {
		const item = at._item;
		if (item.parentSub !== null) keys.unshift(item.parentSub);
		if (at instanceof Y.Map && item.parentSub === null && typeof at.get('id') === 'string') itemId = at.get('id') as string;
		at = item.parent as typeof at;
	}
	const root = at.doc ? Y.findRootTypeKey(at) : '?';
	return [root, keys[0], itemId].filter((k) => k !== undefined && k !== null).join('.');
}

function unsentPlaces(meetingId: string): string[] {
	try {
		const stored: unknown = JSON.parse(localStorage.getItem(UNSENT_PREFIX + meetingId) ?? '[]');
		return Array.isArray(stored) ? stored.filter((p): p is string => typeof p === 'string') : [];
	} catch {
		return [];
	}
}

/** Notes parts changed on this device while its changes could not be sent. */
export function noteUnsent(meetingId: string, places: Iterable<string>): void {
	const all = new Set(unsentPlaces(meetingId));
	for (const place of places) all.add(place);
	localStorage.setItem(UNSENT_PREFIX + meetingId, JSON.stringify([...all]));
}

/** The meeting has this device's changes (it synced with them): nothing is waiting. */
export function markSent(meetingId: string): void {
	localStorage.removeItem(UNSENT_PREFIX + meetingId);
}

/** Every meeting with changes waiting on this device, and how many parts each changed. */
export function unsentOnDevice(): { meetingId: string; parts: number }[] {
	const waiting: { meetingId: string; parts: number }[] = [];
	for (let i = 0; i < localStorage.length; i++) {
		const key = localStorage.key(i);
		if (!key?.startsWith(UNSENT_PREFIX)) continue;
		const meetingId = key.slice(UNSENT_PREFIX.length);
		const parts = unsentPlaces(meetingId).length;
		if (parts) waiting.push({ meetingId, parts });
	}
	return waiting;
}

/** Removes every meeting copy from this device, and what it noted as waiting. Close the connections first. */
export async function removeMeetingCopies(): Promise<void> {
	const names = (await indexedDB.databases()).map((d) => d.name).filter((n): n is string => !!n?.startsWith(COPY_PREFIX));
	await Promise.all(
		names.map(
			(name) =>
				new Promise<void>((resolve) => {
					const request = indexedDB.deleteDatabase(name);
					request.onsuccess = request.onerror = () => resolve();
				})
		)
	);
	for (const { meetingId } of unsentOnDevice()) markSent(meetingId);
}
