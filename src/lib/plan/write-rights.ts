// Which (root, key) pairs each role may write — DESIGN §4 rule 2. The server's update firewall and the
// page's editability both read this table, so the page never offers an edit the server would refuse.
import { MINUTES, MINUTES_KEYS, PLAN, PLAN_KEYS, type ClientRoot, type Role } from './roots';

export interface WriteRight {
	root: ClientRoot;
	key: string;
}

const everything: readonly WriteRight[] = Object.freeze([
	...PLAN_KEYS.map((key) => Object.freeze({ root: PLAN, key })),
	...MINUTES_KEYS.map((key) => Object.freeze({ root: MINUTES, key }))
]);

const RIGHTS: Record<Role, readonly WriteRight[]> = {
	chair: everything,
	'minute-taker': everything,
	'lead-social-worker': everything,
	professional: everything,
	family: Object.freeze([Object.freeze({ root: PLAN, key: 'familyViews' })]),
	child: Object.freeze([Object.freeze({ root: PLAN, key: 'childViews' })]),
	observer: Object.freeze([])
};

/** The (root, key) pairs `role` may write. Unknown roles get nothing (fail closed). */
export function writeRights(role: Role): readonly WriteRight[] {
	return Object.hasOwn(RIGHTS, role) ? RIGHTS[role] : [];
}

/** True when `role` may write `root`.`key`. Server-owned roots are never writable by any role. */
export function mayWrite(role: Role, root: string, key: string): boolean {
	return writeRights(role).some((r) => r.root === root && r.key === key);
}

/** True when `role` may write anything at all (an observer may not; the page can go read-only). */
export function mayWriteAnything(role: Role): boolean {
	return writeRights(role).length > 0;
}

/**
 * Who may prepare the plan before the meeting opens: the chair, the minute-taker and the lead social worker.
 * Everyone else reads it as it is prepared, and writes their part once the chair opens the meeting.
 */
export const PREPARING_ROLES: readonly Role[] = Object.freeze(['chair', 'minute-taker', 'lead-social-worker']);

/** True when `role` may write before the meeting opens (what, is still `mayWrite`'s answer). */
export const mayPrepare = (role: Role): boolean => PREPARING_ROLES.includes(role);
