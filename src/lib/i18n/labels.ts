// Labels for a fixed set of values (roles, statuses, kinds) that read in the page's language at the moment
// each is read, so one table serves every request — each in its own language — and code that indexes it
// (`labels[role]`) stays as it was.

/** `{ [key]: label(key) }`, each label looked up when it is read. */
export function localisedLabels<K extends string>(keys: readonly K[], label: (key: K) => string): Readonly<Record<K, string>> {
	return Object.defineProperties(
		{} as Record<K, string>,
		Object.fromEntries(keys.map((key) => [key, { enumerable: true, get: () => label(key) }]))
	);
}
