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
import type { Locale } from '../../i18n/locale';
import { m } from '../../paraglide/messages.js';
import { mailLocale } from '../accounts/account-mail';

/** Working days before its due date that an action's owner is reminded. */
export const REMIND_WORKING_DAYS_BEFORE = 2;

export interface ReminderPass {
	queued: number;
	escalated: number;
	sent: number;
	failed: number;
}

type Status = 'not-started' | 'in-progress' | 'done' | 'not-done';
const statusMessages = { 'not-started': m.mail_status_not_started, 'in-progress': m.mail_status_in_progress, done: m.mail_status_done, 'not-done': m.mail_status_not_done } as const;
/** An action's status in words, in the reader's language. */
const statusWords = (status: Status, locale: Locale) => statusMessages[status]({}, { locale });
const quote = (text: string, locale: Locale) => `“${(text.trim() || m.mail_no_description({}, { locale })).slice(0, 200)}”`;
const paragraphs = (...parts: string[]) => parts.join('\n\n') + '\n';

/** One pass at `now` (the server clock unless given): queue what is due, raise what must be raised, send. */
export async function runReminders(db: Db, options: { now?: Date; outbox?: OutboxConfig; origin?: string } = {}): Promise<ReminderPass> {
	const now = options.now ?? new Date();
	const today = londonDate(now);
	const origin = options.origin ?? process.env.ORIGIN?.trim() ?? '';
	const where = (locale: Locale) => (origin ? m.mail_where_link({ link: `${origin}/my-actions` }, { locale }) : m.mail_where_sign_in({}, { locale }));
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
			const owner = group.find((member) => member.id === a.owner);
			if (!owner || optedOut.has(owner.userId)) continue;
			const to = { userId: owner.userId, name: owner.name, address: owner.email };
			// In the owner's language: the one on their membership of this case.
			const locale = mailLocale(owner.language);
			const options = { locale };
			const facts = { what: quote(a.what, locale), reference: c.reference, date: formatDay(a.due, locale), status: statusWords(a.status, locale) };
			if (today <= a.due && workingDaysBetween(today, a.due, c.nation, closures) <= REMIND_WORKING_DAYS_BEFORE) {
				notices.push({
					key: `due-soon:${a.id}:${a.due}:${owner.id}`,
					caseId: c.id,
					to,
					subject: m.mail_due_soon_subject({ date: facts.date, reference: c.reference }, options),
					text: paragraphs(
						m.mail_dear({ name: owner.name }, options),
						m.mail_due_soon_body(facts, options),
						m.mail_due_soon_say({ where: where(locale) }, options),
						m.mail_stop_reminders({}, options),
						m.mail_sign_off({}, options)
					)
				});
			} else if (today > a.due) {
				notices.push({
					key: `overdue:${a.id}:${a.due}:${owner.id}`,
					caseId: c.id,
					to,
					subject: m.mail_overdue_subject({ date: facts.date, reference: c.reference }, options),
					text: paragraphs(
						m.mail_dear({ name: owner.name }, options),
						m.mail_overdue_body(facts, options),
						m.mail_overdue_say({ where: where(locale) }, options),
						m.mail_stop_reminders({}, options),
						m.mail_sign_off({}, options)
					)
				});
			}
		}

		// The lead social worker's weekly summary: once a week, on the first working day the pass runs in it.
		if (working) {
			const monday = addDays(today, -((weekday(today) + 6) % 7));
			const open = await escalationsOf(db, c.id, { openOnly: true });
			const weekAgo = now.getTime() - 7 * 86_400_000;
			const lines = (locale: Locale) =>
				actions.map((a) => {
					const options = { locale };
					const recent = a.progress.filter((p) => Date.parse(p.at) >= weekAgo).at(-1);
					const late = a.due && a.status !== 'done' && a.due < today ? m.mail_weekly_overdue({}, options) : '';
					const due = a.due ? m.mail_weekly_due({ date: formatDay(a.due, locale) }, options) : m.mail_weekly_no_due({}, options);
					const week = recent ? m.mail_weekly_this_week({ by: recent.by, note: recent.note || statusWords(recent.status, locale) }, options) : m.mail_weekly_no_progress({}, options);
					return `- ${quote(a.what, locale)}: ${statusWords(a.status, locale)}${due}${late}${week}`;
				});
			for (const lead of group.filter((member) => member.role === 'lead-social-worker' && !optedOut.has(member.userId))) {
				const locale = mailLocale(lead.language);
				const options = { locale };
				const waiting = open.length === 0 ? m.mail_weekly_no_escalations({}, options) : open.length === 1 ? m.mail_weekly_escalations_one({}, options) : m.mail_weekly_escalations_other({ count: open.length }, options);
				notices.push({
					key: `weekly:${c.id}:${lead.id}:${monday}`,
					caseId: c.id,
					to: { userId: lead.userId, name: lead.name, address: lead.email },
					subject: m.mail_weekly_subject({ reference: c.reference, date: formatDay(monday, locale) }, options),
					text: paragraphs(
						m.mail_dear({ name: lead.name }, options),
						m.mail_weekly_intro({ reference: c.reference }, options),
						lines(locale).join('\n') || m.mail_weekly_no_actions({}, options),
						waiting,
						m.mail_sign_off({}, options)
					)
				});
			}
		}

		// Contingency: an outcome not achieved by its date raises an escalation that quotes the contingency plan.
		// Its details are stored once, as evidence every reader sees, so they are written in the base language.
		for (const outcome of current.plan.outcomes) {
			if (!outcome.by || outcome.by > today) continue;
			const linked = actions.filter((a) => a.outcome === outcome.id);
			const achieved = linked.length > 0 && linked.every((a) => a.status === 'done');
			if (achieved) continue;
			const notDone = linked.filter((a) => a.status !== 'done');
			const details = [
				`The outcome ${quote(outcome.text, 'en')} was to be achieved by ${formatDay(outcome.by, 'en')} and has not been: ${linked.length === 0 ? 'no action works towards it' : `${notDone.length} of its ${linked.length} action${linked.length === 1 ? ' is' : 's are'} not done (${notDone.map((a) => quote(a.what, 'en')).join(', ')})`}.`,
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
