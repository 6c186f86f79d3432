// What the person who circulated the written record is told: who it went to, who it could not reach and
// why, and who was deliberately not sent it — by name, so they know whom to follow up.
import type { CirculationFailed, CirculationSent } from './circulation';

export interface CirculationOutcome {
	sent: readonly Pick<CirculationSent, 'name'>[];
	failed: readonly Pick<CirculationFailed, 'name' | 'error'>[];
	notSent: readonly { name: string; reason: string }[];
	/** Sent it by an earlier circulation, and not sent it again. */
	alreadySent?: readonly { name: string }[];
}

const count = (n: number) => `${n} ${n === 1 ? 'member' : 'members'}`;

export function circulationReport({ sent, failed, notSent, alreadySent = [] }: CirculationOutcome): string {
	const parts = sent.length || !alreadySent.length ? [`Sent to ${count(sent.length)}${sent.length ? ': ' + sent.map((s) => s.name).join(', ') : ''}.`] : [];
	if (alreadySent.length) {
		parts.push(`Already sent to ${count(alreadySent.length)} before, so not sent again: ${alreadySent.map((m) => m.name).join(', ')}. To send it again, name who.`);
	}
	if (failed.length) {
		parts.push(`Could not be sent to ${count(failed.length)}: ${failed.map((f) => `${f.name} (${f.error})`).join('; ')}. It is tried again by itself; or send it to them another way.`);
	}
	if (notSent.length) {
		parts.push(`Not sent to ${count(notSent.length)}: ${notSent.map((m) => `${m.name} — ${m.reason}`).join(' ')}`);
	}
	return parts.join(' ');
}
