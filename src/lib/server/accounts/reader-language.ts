// The language a signed-in person reads best: the one on their latest core-group membership (each member's
// language is set when they are invited and their copies and e-mails follow it).
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client';
import { memberships } from '../db/schema';

export async function readerLanguage(db: Db, userId: string): Promise<string | null> {
	const [row] = await db
		.select({ language: memberships.language })
		.from(memberships)
		.where(and(eq(memberships.userId, userId), isNull(memberships.removedAt)))
		.orderBy(desc(memberships.createdAt))
		.limit(1);
	return row?.language ?? null;
}
