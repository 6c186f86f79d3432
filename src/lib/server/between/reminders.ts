// The reminders pass, run by the scheduler: e-mails each action's owner two working days before it is due and
// once it is overdue, the lead social worker a weekly summary of the plan at work, and raises an escalation
// when an outcome passes its "achieve by" date unmet, quoting the contingency plan. Every e-mail is a notice
// with a key naming what it is for and to whom (one due date, one week), inserted once: two processes running
// the pass at once send each e-mail once. Reminders can be turned off per person; escalations cannot.
import { londonDate, addDays, isWorkingDay, workingDaysBetween } from '../../calendar';
import { weekday } from '../../calendar/dates';
import { formatDay } from '../../format';
import { coreGroup } from '../cases';
import type { Db } from '../db/client';
import { cases, reminderOptOuts } from '../db/schema';
import { meetingsOfCase } from '../meetings';
import { outboxConfig, type OutboxConfig } from '../outbox';
import { loadPolicy } from '../policy';
import { escalationsOf, raiseEscalationIn } from './escalations';
import { queueNotices, sendNotices, type Notice } from './notices';
import { currentPlan, statusNow } from './plan-at-work';
import { progressByAction } from './progress-entries';

/** Working days before its due date that an action's owner is reminded. */
export const REMIND_WORKING_DAYS_BEFORE = 2;

export interface ReminderPass {
	queued: number;
	escalated: number;
	sent: number;
	failed: number;
}

const statusWords = { 'not-started': 'not started', 'in-progress': 'in progress', done: 'done', 'not-done': 'not done' } as const;
const quote = (text: string) => `“${(text.trim() || 'An action with no description').slice(0, 200)}”`;

/** One pass at `now` (the server clock unless given): queue what is due, raise what must be raised, send. */
export async function runReminders(db: Db, options: { now?: Date; outbox?: OutboxConfig; origin?: string } = {}): Promise<ReminderPass> {
	const now = options.now ?? new Date();
	const today = londonDate(now);
	const origin = options.origin ?? process.env.ORIGIN?.trim() ?? '';
	const where = origin ? `: ${origin}/my-actions` : ' (sign in and open “My actions”)';
	const { closures } = await loadPolicy(db);
	const optedOut = new Set((await db.select({ userId: reminderOptOuts.userId }).from(reminderOptOuts)).map((r) => r.userId));
	const notices: Notice[] = [];
	const escalationNotices: number[] = [];
	let escalated = 0;

	for (const c of await db.select().from(cases)) {
		const caseMeetings = await meetingsOfCase(db, c.id);
		const current = await currentPlan(db, c.id, caseMeetings);
		if (!current) continue;
		const working = isWorkingDay(today, c.nation, closures);
		const group = await coreGroup(db, c.id);
		const progress = await progressByAction(db, c.id, current.plan.actions.map((a) => a.id));
		const actions = current.plan.actions.map((a) => ({ ...a, status: statusNow(a, progress.get(a.id) ?? [], current.meeting), progress: progress.get(a.id) ?? [] }));

		// The owner, before the due date and once it has passed.
		for (const a of actions) {
			if (!a.due || !a.owner || a.status === 'done' || !working) continue;
			const owner = group.find((m) => m.id === a.owner);
			if (!owner || optedOut.has(owner.userId)) continue;
			const to = { userId: owner.userId, name: owner.name, address: owner.email };
			if (today <= a.due && workingDaysBetween(today, a.due, c.nation, closures) <= REMIND_WORKING_DAYS_BEFORE) {
				notices.push({
					key: `due-soon:${a.id}:${a.due}:${owner.id}`,
					caseId: c.id,
					to,
					subject: `Reminder: an action is due on ${formatDay(a.due)} (case ${c.reference})`,
					text: `Dear ${owner.name},\n\nThe action ${quote(a.what)} in the plan for case ${c.reference} is due on ${formatDay(a.due)}. It is ${statusWords[a.status]}.\n\nSay how it is going in Core Group${where}. The lead social worker sees it at once.\n\nTo stop these reminders, turn them off on that page.\n\nCore Group\n`
				});
			} else if (today > a.due) {
				notices.push({
					key: `overdue:${a.id}:${a.due}:${owner.id}`,
					caseId: c.id,
					to,
					subject: `Overdue: an action was due on ${formatDay(a.due)} (case ${c.reference})`,
					text: `Dear ${owner.name},\n\nThe action ${quote(a.what)} in the plan for case ${c.reference} was due on ${formatDay(a.due)} and is ${statusWords[a.status]}.\n\nSay what has happened in Core Group${where}. If something stands in the way, tell the lead social worker there too.\n\nTo stop these reminders, turn them off on that page.\n\nCore Group\n`
				});
			}
		}

		// The lead social worker's weekly summary: once a week, on the first working day the pass runs in it.
		if (working) {
			const monday = addDays(today, -((weekday(today) + 6) % 7));
			const open = await escalationsOf(db, c.id, { openOnly: true });
			const weekAgo = now.getTime() - 7 * 86_400_000;
			const lines = actions.map((a) => {
				const recent = a.progress.filter((p) => Date.parse(p.at) >= weekAgo).at(-1);
				const late = a.due && a.status !== 'done' && a.due < today ? ' — OVERDUE' : '';
				return `- ${quote(a.what)}: ${statusWords[a.status]}${a.due ? `, due ${formatDay(a.due)}` : ', no due date'}${late}${recent ? `. This week: ${recent.by}, ${recent.note || statusWords[recent.status]}` : '. No progress recorded this week'}`;
			});
			for (const lead of group.filter((m) => m.role === 'lead-social-worker' && !optedOut.has(m.userId))) {
				notices.push({
					key: `weekly:${c.id}:${lead.id}:${monday}`,
					caseId: c.id,
					to: { userId: lead.userId, name: lead.name, address: lead.email },
					subject: `Weekly summary of the plan (case ${c.reference}), week of ${formatDay(monday)}`,
					text: `Dear ${lead.name},\n\nThe plan for case ${c.reference} this week:\n\n${lines.join('\n') || '- The plan has no actions.'}\n\n${open.length ? `${open.length} escalation${open.length === 1 ? ' is' : 's are'} waiting for you to acknowledge.` : 'No escalation is waiting.'}\n\nCore Group\n`
				});
			}
		}

		// Contingency: an outcome not achieved by its date raises an escalation that quotes the contingency plan.
		for (const outcome of current.plan.outcomes) {
			if (!outcome.by || outcome.by > today) continue;
			const linked = actions.filter((a) => a.outcome === outcome.id);
			const achieved = linked.length > 0 && linked.every((a) => a.status === 'done');
			if (achieved) continue;
			const notDone = linked.filter((a) => a.status !== 'done');
			const details = [
				`The outcome ${quote(outcome.text)} was to be achieved by ${formatDay(outcome.by)} and has not been: ${linked.length === 0 ? 'no action works towards it' : `${notDone.length} of its ${linked.length} action${linked.length === 1 ? ' is' : 's are'} not done (${notDone.map((a) => quote(a.what)).join(', ')})`}.`,
				`The contingency plan says:\n${current.plan.contingency.trim() || '(The plan has no contingency plan written.)'}`
			].join('\n\n');
			const raised = await db.transaction((tx) =>
				raiseEscalationIn(tx, { caseId: c.id, kind: 'difficulty', details, raisedBy: null, triggerKey: `contingency:${outcome.id}:${outcome.by}`, rule: 'outcome-not-achieved-by-date' })
			);
			if (raised) {
				escalated++;
				escalationNotices.push(...raised.noticeIds);
			}
		}
	}
	const queued = await queueNotices(db, notices);
	// Whatever is unsent — just queued, or left by an earlier failure — goes now, each claimed by one process.
	const sent = await sendNotices(db, undefined, options.outbox ?? outboxConfig());
	return { queued: queued.length + escalationNotices.length, escalated, ...sent };
}
