// Upgrades refused over and over from one network address (a script without a session, a stolen cookie
// tried on every meeting) are slowed down: once an address has used up its allowance of refusals, its
// upgrades are answered 429 before any database work until the allowance refills. Upgrades that succeed
// cost nothing here, so a whole office behind one address, or a load test, is never held back by it.

export interface RefusalThrottleRule {
	/** Refusals an address may collect at once. */
	burst: number;
	/** Refusals given back per second. */
	refillPerSecond: number;
}

export const DEFAULT_REFUSALS: RefusalThrottleRule = { burst: 30, refillPerSecond: 0.5 };

/** Addresses tracked at most; the fullest buckets (the least suspicious) are forgotten first. */
const MAX_TRACKED = 10_000;

interface Bucket {
	tokens: number;
	at: number;
}

export interface RefusalThrottle {
	/** Seconds this address must wait before trying again; 0 when it may. */
	waitSeconds(address: string | null): number;
	/** Counts one refusal against the address. */
	refused(address: string | null): void;
}

export function createRefusalThrottle(rule: RefusalThrottleRule = DEFAULT_REFUSALS, now = () => Date.now()): RefusalThrottle {
	const buckets = new Map<string, Bucket>();
	const level = (bucket: Bucket, t: number) => Math.min(rule.burst, bucket.tokens + ((t - bucket.at) / 1000) * rule.refillPerSecond);

	function prune(t: number): void {
		for (const [address, bucket] of buckets) if (level(bucket, t) >= rule.burst) buckets.delete(address);
		// Still too many: a spread-out attack; forget the oldest entries rather than grow without bound.
		for (const address of buckets.keys()) {
			if (buckets.size <= MAX_TRACKED) break;
			buckets.delete(address);
		}
	}

	return {
		waitSeconds(address) {
			const bucket = buckets.get(address ?? 'unknown');
			if (!bucket) return 0;
			const tokens = level(bucket, now());
			return tokens >= 1 ? 0 : Math.ceil((1 - tokens) / rule.refillPerSecond);
		},
		refused(address) {
			const key = address ?? 'unknown';
			const t = now();
			const bucket = buckets.get(key);
			buckets.set(key, { tokens: (bucket ? level(bucket, t) : rule.burst) - 1, at: t });
			if (buckets.size > MAX_TRACKED) prune(t);
		}
	};
}
