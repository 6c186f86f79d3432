// Names of the Y roots and keys of the meeting document (DESIGN §3) and the value types stored in them.
// Browser, collab server and firewall all spell the document through these constants, never by literal.

export const PLAN = 'plan';
export const MINUTES = 'minutes';
export const MEETING = 'meeting';
export const ATTENDANCE = 'attendance';
export const DISAGREEMENTS = 'disagreements';
export const VIEWS = 'views';
export const SIGNATURES = 'signatures';

/** Roots a client may write (subject to its role); the firewall refuses anything else. */
export const CLIENT_ROOTS = [PLAN, MINUTES] as const;
/** Roots only the server writes; clients read them live. */
export const SERVER_ROOTS = [MEETING, ATTENDANCE, DISAGREEMENTS, VIEWS, SIGNATURES] as const;
export const ALL_ROOTS = [...CLIENT_ROOTS, ...SERVER_ROOTS] as const;

export type ClientRoot = (typeof CLIENT_ROOTS)[number];
export type ServerRoot = (typeof SERVER_ROOTS)[number];
export type RootName = (typeof ALL_ROOTS)[number];

/** Plan sections held as one Y.Text each. */
export const PLAN_TEXT_KEYS = [
	'concerns',
	'nonNegotiables',
	'contingency',
	'review',
	'childViews',
	'familyViews'
] as const;
/** Plan sections held as a Y.Array of Y.Map items, each with a UUID `id`. */
export const PLAN_LIST_KEYS = ['needs', 'outcomes', 'actions'] as const;
/** Every plan key, in the order of DESIGN §3. */
export const PLAN_KEYS = [
	'concerns',
	'needs',
	'outcomes',
	'actions',
	'nonNegotiables',
	'contingency',
	'review',
	'childViews',
	'familyViews'
] as const;
export const MINUTES_KEYS = ['progress', 'notes'] as const;
/** `editingPaused`: the chair has paused editing the plan for everyone while it is signed (server-owned, like the rest). */
export const MEETING_KEYS = ['status', 'openedAt', 'closedAt', 'circulateBy', 'region', 'finalPlanHash', 'editingPaused'] as const;

export type PlanTextKey = (typeof PLAN_TEXT_KEYS)[number];
export type PlanListKey = (typeof PLAN_LIST_KEYS)[number];
export type PlanKey = (typeof PLAN_KEYS)[number];
export type MinutesKey = (typeof MINUTES_KEYS)[number];
export type MeetingKey = (typeof MEETING_KEYS)[number];

/**
 * What each field of a list item holds — the one declaration of an item's shape, which the writers, the
 * readers and the server's firewall all follow: 'text' a Y.Text; 'id' the item's UUID; 'date' a
 * 'YYYY-MM-DD' or null; 'member' a membership id of this core group or null; 'outcome' an outcome's id or
 * null; 'action-status' one of ACTION_STATUSES; 'order' the item's place in its list, a fractional-indexing key
 * (order.ts) — placement only, never part of the canonical plan, so readers and the hash leave it out.
 */
export const ITEM_SHAPES = {
	needs: { id: 'id', order: 'order', text: 'text' },
	outcomes: { id: 'id', order: 'order', text: 'text', measure: 'text', by: 'date' },
	actions: { id: 'id', order: 'order', what: 'text', why: 'text', owner: 'member', due: 'date', outcome: 'outcome', contact: 'text', status: 'action-status' }
} as const satisfies Record<PlanListKey, Record<string, FieldKind>>;
export type FieldKind = 'text' | 'id' | 'order' | 'date' | 'member' | 'outcome' | 'action-status';
type ItemShapes = typeof ITEM_SHAPES;

/** Y.Text fields of each list item kind (the other fields are plain values). */
export type ItemTextField<L extends PlanListKey> = { [F in keyof ItemShapes[L]]: ItemShapes[L][F] extends 'text' ? F : never }[keyof ItemShapes[L]] & string;
export const ITEM_TEXT_FIELDS = Object.fromEntries(
	PLAN_LIST_KEYS.map((list) => [list, Object.keys(ITEM_SHAPES[list]).filter((f) => (ITEM_SHAPES[list] as Record<string, FieldKind>)[f] === 'text')])
) as unknown as { [L in PlanListKey]: readonly ItemTextField<L>[] };

export const ROLES = [
	'chair',
	'minute-taker',
	'lead-social-worker',
	'professional',
	'family',
	'child',
	'observer'
] as const;
export type Role = (typeof ROLES)[number];

export const ACTION_STATUSES = ['not-started', 'in-progress', 'done', 'not-done'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export const ATTENDANCE_STATUSES = ['present', 'apologies', 'absent'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

export const MEETING_STATUSES = ['scheduled', 'open', 'closed'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

export const SIGNATURE_METHODS = ['drawn', 'typed', 'witnessed'] as const;
export type SignatureMethod = (typeof SIGNATURE_METHODS)[number];

export const isRole = (v: unknown): v is Role => (ROLES as readonly unknown[]).includes(v);
export const isActionStatus = (v: unknown): v is ActionStatus =>
	(ACTION_STATUSES as readonly unknown[]).includes(v);
export const isAttendanceStatus = (v: unknown): v is AttendanceStatus =>
	(ATTENDANCE_STATUSES as readonly unknown[]).includes(v);
export const isMeetingStatus = (v: unknown): v is MeetingStatus =>
	(MEETING_STATUSES as readonly unknown[]).includes(v);
export const isSignatureMethod = (v: unknown): v is SignatureMethod =>
	(SIGNATURE_METHODS as readonly unknown[]).includes(v);
