// Refusals of people we cannot name — a sign-in for an address with no account, a websocket upgrade with no
// session — are counted per network address and written to the audit log as one row per address per
// minute. So a script hammering the door cannot grow the log without bound, nor queue everyone else's
// audited actions behind the chain's lock; refusals of signed-in people keep a row each.
import { appendAudit } from './audit';
import type { Db } from './db/client';

/** How often the counts are written. */
export const TALLY_WINDOW_MS = 60_000;
/** Distinct addresses counted apart in one window; the rest share one row, so the rows per minute stay bounded. */
const MAX_ADDRESSES = 500;
const OTHER_ADDRESSES = 'other addresses';

interface Tally {
	db: Db;
	action: string;
	address: string;
	count: number;
	from: Date;
	to: Date;
}

const stateKey = Symbol.for('core-group.anonymous-refusals');
type State = { tallies: Map<string, Tally>; timer: ReturnType<typeof setInterval> | null };
// On globalThis: under `vite dev` the pages and the websocket server load this module twice.
function state(): State {
	const g = globalThis as { [stateKey]?: State };
	return (g[stateKey] ??= { tallies: new Map(), timer: null });
}

/** Counts one anonymous refusal (`action`, e.g. 'sign-in-failed') from `address`; written within a minute. */
export function tallyAnonymousRefusal(db: Db, action: string, address: string | null): void {
	const s = state();
	let where = address ?? 'unknown';
	if (!s.tallies.has(`${action}|${where}`) && s.tallies.size >= MAX_ADDRESSES) where = OTHER_ADDRESSES;
	const key = `${action}|${where}`;
	const now = new Date();
	const tally = s.tallies.get(key);
	if (tally) {
		tally.count += 1;
		tally.to = now;
	} else s.tallies.set(key, { db, action, address: where, count: 1, from: now, to: now });
	if (!s.timer) {
		s.timer = setInterval(() => void flushAnonymousRefusals(), TALLY_WINDOW_MS);
		s.timer.unref();
	}
}

/** Writes the counts so far as audit rows (`<action>-tally`) and starts counting afresh. */
export async function flushAnonymousRefusals(): Promise<void> {
	const s = state();
	const tallies = [...s.tallies.values()];
	s.tallies.clear();
	for (const t of tallies) {
		await appendAudit(t.db, {
			action: `${t.action}-tally`,
			detail: { address: t.address, count: t.count, from: t.from.toISOString(), to: t.to.toISOString() }
		}).catch(() => {
			// The audit database is unreachable: the count is lost, and nothing else is held up by it.
		});
	}
}
