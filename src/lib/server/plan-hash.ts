// The plan hash (DESIGN §3) as the server takes it: the same canonical JSON as `planHash` in src/lib/plan,
// hashed with Node's SHA-256. The pure-JavaScript SHA-256 the browser needs takes 10–20 ms of the event loop
// for a large plan (seen in a profile each time a written record was read); Node's, a fraction of that.
import { createHash } from 'node:crypto';
import type * as Y from 'yjs';
import { canonicalPlanJson, PLAN } from '../plan';

/** Equal to `planHash(doc)` from src/lib/plan, for every plan (a unit test holds them together). */
export function serverPlanHash(doc: Y.Doc): string {
	return planJsonHash(doc.getMap(PLAN).toJSON());
}

/** The same, of the plan already read as `toJSON` (a large plan is not read twice). */
export function planJsonHash(plan: Record<string, unknown>): string {
	return createHash('sha256').update(canonicalPlanJson(plan), 'utf8').digest('hex');
}

/** The plan as it stands: its canonical JSON and that text's hash, read in one step so the two always match. */
export function serverPlanVersion(doc: Y.Doc): { planHash: string; plan: string } {
	const plan = canonicalPlanJson(doc.getMap(PLAN).toJSON());
	return { planHash: createHash('sha256').update(plan, 'utf8').digest('hex'), plan };
}
