// Whether a person wants reminder e-mails (due soon, overdue, the weekly summary). Escalations are not
// reminders: they always reach whoever must act on them.
import { eq } from 'drizzle-orm';
import { appendAudit } from '../audit';
import type { Db } from '../db/client';
import { reminderOptOuts } from '../db/schema';

export async function wantsReminders(db: Db, userId: string): Promise<boolean> {
	const [row] = await db.select().from(reminderOptOuts).where(eq(reminderOptOuts.userId, userId));
	return !row;
}

export async function setWantsReminders(db: Db, userId: string, wants: boolean): Promise<void> {
	await db.transaction(async (tx) => {
		if (wants) await tx.delete(reminderOptOuts).where(eq(reminderOptOuts.userId, userId));
		else await tx.insert(reminderOptOuts).values({ userId }).onConflictDoNothing();
		await appendAudit(tx, { action: wants ? 'reminders-turned-on' : 'reminders-turned-off', actorUserId: userId });
	});
}
