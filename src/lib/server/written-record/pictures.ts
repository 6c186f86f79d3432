// Signature pictures for the written record's PDF, read once and kept. A record full of the largest pictures
// holds megabytes of base64 text, and reading it from the database costs the event loop that relays every live
// meeting tens of milliseconds, for every record made again. A signature is never changed once recorded, so
// its picture is read and decoded once per process and kept, as bytes.
import { and, inArray, like } from 'drizzle-orm';
import { LRUCache } from 'lru-cache';
import type { Db } from '../db/client';
import { signatures } from '../db/schema';

/** The PNG prefix of a stored picture; signing keeps only PNGs (an older SVG is not drawn in the PDF). */
const PNG_DATA_URL = 'data:image/png;base64,';
/** What the kept pictures may take, at most: about seventy of the largest (512 KiB) pictures signing accepts. */
const KEPT_BYTES = 36 * 1024 * 1024;

/** Signature id → the picture's PNG bytes, the least recently used dropped first. */
const kept = new LRUCache<string, Uint8Array>({ maxSize: KEPT_BYTES, sizeCalculation: (png) => png.byteLength });

/** The PNG pictures of these signatures (those that have one), from what is kept or read from the database now. */
export async function signaturePngs(db: Db, ids: readonly string[]): Promise<Record<string, Uint8Array>> {
	const found: Record<string, Uint8Array> = {};
	const missing: string[] = [];
	for (const id of ids) {
		const png = kept.get(id);
		if (png) found[id] = png;
		else missing.push(id);
	}
	if (missing.length) {
		const rows = await db
			.select({ id: signatures.id, image: signatures.image })
			.from(signatures)
			.where(and(inArray(signatures.id, missing), like(signatures.image, `${PNG_DATA_URL}%`)));
		for (const { id, image } of rows) {
			// A copy of its own: a small Buffer may share Node's pool with others, which would be kept (and sent) with it.
			const png = new Uint8Array(Buffer.from(image!.slice(PNG_DATA_URL.length), 'base64'));
			kept.set(id, png);
			found[id] = png;
		}
	}
	return found;
}
