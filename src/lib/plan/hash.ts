// The plan hash signatures are bound to (DESIGN §3): sha256 hex of the canonical JSON (RFC 8785:
// keys sorted at every depth, no whitespace) of doc.getMap('plan').toJSON(), encoded as UTF-8.
import canonicalize from 'canonicalize';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import type * as Y from 'yjs';
import { inPlanOrder } from './order';
import { PLAN } from './roots';
import type { PlanJson } from './types';

/**
 * Canonical JSON text of a plan: its lists in reading order without the items' order keys (order.ts), so a
 * plan stored before order keys, or read from a document that never had them, gives the same text as ever.
 */
export function canonicalPlanJson(planJson: PlanJson | Record<string, unknown>): string {
	const text = canonicalize(inPlanOrder(planJson as Record<string, unknown>));
	if (text === undefined) throw new TypeError('the plan has no JSON representation');
	return text;
}

/** sha256 hex of the canonical JSON of a plan, e.g. one stored with a closed meeting. */
export function planHashOf(planJson: PlanJson | Record<string, unknown>): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(canonicalPlanJson(planJson))));
}

/** The current plan's hash. Hashes the raw toJSON (in reading order), not readPlan(), so nothing is normalised away. */
export function planHash(doc: Y.Doc): string {
	return planHashOf(doc.getMap(PLAN).toJSON());
}

/** A signature over another plan version is stale: "signed an earlier version", not agreement. */
export function isStaleSignature(signature: { planHash: string }, currentPlanHash: string): boolean {
	return signature.planHash !== currentPlanHash;
}
