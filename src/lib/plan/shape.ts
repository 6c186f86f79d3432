// The limits of the meeting document and the check of one plain value against its declared kind (DESIGN §3,
// §4 rule 10). The server's firewall refuses anything outside them; the page's writers never produce it.
import { isIsoDate } from './items';
import { isOrderKey } from './order';
import { isActionStatus, type FieldKind } from './roots';

/** The longest text a section or field may hold, in UTF-16 code units (what a textarea counts). */
export const MAX_TEXT_LENGTH = 20_000;
/** The largest a meeting's document may grow: every update it has accepted, added up. */
export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;
/** The largest presence state one client may announce. */
export const MAX_PRESENCE_BYTES = 4 * 1024;
/**
 * The keys presence may carry: what the page is editing; `signing`, the member reading the plan to sign on
 * this device (themselves, or a family member signing in person); and `user` — which the server stamps on
 * every state (replacing whatever came) and y-websocket clients echo back when they relay the states they received.
 */
export const PRESENCE_KEYS = ['editing', 'signing', 'user'] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID.test(v);

export interface ShapeContext {
	/** Membership ids of the meeting's core group: the only owners an action may have. */
	isMember(id: string): boolean;
}

/** True when `value` fits a plain (non-text) field of kind `kind`. */
export function fitsField(kind: Exclude<FieldKind, 'text'>, value: unknown, context: ShapeContext): boolean {
	switch (kind) {
		case 'id':
			return isUuid(value);
		case 'order':
			return isOrderKey(value);
		case 'date':
			return value === null || isIsoDate(value);
		case 'member':
			return value === null || (isUuid(value) && context.isMember(value));
		case 'outcome':
			return value === null || isUuid(value);
		case 'action-status':
			return isActionStatus(value);
	}
}

/** Why a client's presence state is refused (too big, or saying more than the page says), or null. */
export function presenceRefusal(state: Record<string, unknown> | null): string | null {
	if (state === null) return null;
	if (new TextEncoder().encode(JSON.stringify(state)).byteLength > MAX_PRESENCE_BYTES) return 'presence larger than 4 KiB';
	for (const key of Object.keys(state)) if (!(PRESENCE_KEYS as readonly string[]).includes(key)) return `presence with an unknown key ${JSON.stringify(key.slice(0, 40))}`;
	const { editing } = state;
	if (editing !== undefined && editing !== null && (typeof editing !== 'string' || editing.length > 200)) return 'presence naming no field';
	const { signing } = state;
	if (signing !== undefined && signing !== null && !isUuid(signing)) return 'presence naming no member as signing';
	return null;
}
