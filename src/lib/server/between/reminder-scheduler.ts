// Runs the reminders pass on a schedule (croner): every quarter of an hour, and once at start so a process
// that was down catches up. Safe with many processes: each e-mail is a keyed row inserted once (notices.ts),
// so whichever process gets there first sends it and the others find nothing to send.
import { Cron } from 'croner';
import type { Db } from '../db/client';
import { processSingleton } from '../process-singleton';
import { runReminders } from './reminders';

/** Every 15 minutes: a reminder is due on a date, so this is soon enough, and each pass is cheap when nothing is due. */
export const REMINDER_SCHEDULE = '*/15 * * * *';

export interface ReminderScheduler {
	stop(): Promise<void>;
}

export interface SchedulerOptions {
	schedule?: string;
	/** The clock each pass reads (the server's unless given: tests run passes on a day of their choosing). */
	clock?: () => Date;
}

export function startReminderScheduler(db: Db, options: SchedulerOptions = {}): ReminderScheduler {
	const clock = options.clock ?? (() => new Date());
	let running: Promise<void> | null = null;
	const pass = () =>
		(running ??= runReminders(db, { now: clock() })
			.then(() => undefined)
			.catch((error: unknown) => {
				// The work stays in the database for the next pass. No content is logged.
				console.error(`The reminders pass could not run (${error instanceof Error ? error.message : 'unknown error'}); it tries again at the next.`);
			})
			.finally(() => (running = null)));
	// `protect`: a pass still running when the next is due is not started twice in one process.
	const job = new Cron(options.schedule ?? REMINDER_SCHEDULE, { protect: true, timezone: 'Europe/London', unref: true }, async () => {
		await pass();
	});
	void pass();
	return {
		async stop() {
			job.stop();
			await running;
		}
	};
}

const reminderScheduler = processSingleton<ReminderScheduler>('reminder-scheduler');

/** Starts the process's scheduler once, unless REMINDERS=off. */
export function ensureReminderScheduler(db: Db): void {
	if (process.env.REMINDERS === 'off') return;
	reminderScheduler.ensure(() => startReminderScheduler(db));
}

/** Stops the process's scheduler, if one runs (a graceful stop). */
export const stopReminderScheduler = reminderScheduler.stop;
