// What the person who circulated the written record is told: who it went to, who it could not reach and
// why, and who was deliberately not sent it — by name, so they know whom to follow up.
import type { CirculationFailed, CirculationSent } from './circulation';

export interface CirculationOutcome {
	sent: readonly Pick<CirculationSent, 'name'>[];
	failed: readonly Pick<CirculationFailed, 'name' | 'error'>[];
	notSent: readonly { name: string; reason: string }[];
}

const count = (n: number) => `${n} ${n === 1 ? 'member' : 'members'}`;

export function circulationReport({ sent, failed, notSent }: CirculationOutcome): string {
	const parts = [`Sent to ${count(sent.length)}: ${sent.map((s) => s.name).join(', ')}.`];
	if (failed.length) {
		parts.push(`Could not be sent to ${count(failed.length)}: ${failed.map((f) => `${f.name} (${f.error})`).join('; ')}. Try again, or send it to them another way.`);
	}
	if (notSent.length) {
		parts.push(`Not sent to ${count(notSent.length)}: ${notSent.map((m) => `${m.name} — ${m.reason}`).join(' ')}`);
	}
	return parts.join(' ');
}
