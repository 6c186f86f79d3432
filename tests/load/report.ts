// Prints the bench's figures as plain-text tables, with the warnings that say which figures not to trust.
import type { BenchOptions } from './options';
import type { ReopenResult } from './reopen';
import { ROOMS_CONNECTING_AT_ONCE, type ScenarioResult } from './scenario';

/** Beyond this the generator itself delays edits and deliveries: its latencies say little about the server. */
export const GENERATOR_LOOP_DELAY_LIMIT_MS = 20;
/** Beyond this, someone else's work competed for the two cores during the window. */
export const OTHERS_CPU_LIMIT_PERCENT = 15;

export function table(header: string[], rows: string[][]): string {
	const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
	const line = (cells: string[]) => cells.map((cell, column) => (column < 2 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
	return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

export const fixed = (value: number | null, digits = 0) => (value === null || Number.isNaN(value) ? 'n/a' : value.toFixed(digits));
const count = (problems: Map<string, number>) => [...problems.values()].reduce((sum, n) => sum + n, 0);

const scenarioName = (result: ScenarioResult) => `${result.scenario.rooms}x${result.scenario.attendees}`;

function converged(result: ScenarioResult): boolean {
	return result.divergedRooms === 0 && result.roomsMissingEdits === 0 && result.undelivered === 0;
}

const DELIVERY_HEADER = [
	'target',
	'scenario',
	'clients',
	'edits/s',
	'deliveries/s (expected)',
	'p50 ms',
	'p95 ms',
	'p99 ms',
	'cross-process p50/p99 ms',
	'converged',
	'diverged rooms',
	'undelivered',
	'conn. problems'
];

function deliveryRow(result: ScenarioResult): string[] {
	const { scenario, latency } = result;
	return [
		result.target,
		scenarioName(result),
		String(scenario.rooms * scenario.attendees),
		fixed(result.editsPerSecond),
		`${fixed(result.deliveriesPerSecond)} (${fixed(result.expectedDeliveriesPerSecond)})`,
		fixed(latency.p50, 1),
		fixed(latency.p95, 1),
		fixed(latency.p99, 1),
		result.crossProcessLatency ? `${fixed(result.crossProcessLatency.p50, 1)}/${fixed(result.crossProcessLatency.p99, 1)}` : '-',
		converged(result) ? 'yes' : 'NO',
		String(result.divergedRooms),
		String(result.undelivered),
		String(count(result.connectionProblems))
	];
}

const RESOURCE_HEADER = ['target', 'scenario', 'all synced in s', 'server CPU %', 'server µs/edit', 'db CPU %', 'db µs/edit', 'server RSS MiB', 'generator CPU %', 'generator loop p50/p99 ms', 'others CPU %'];

/** CPU per edit (relayed to every peer): steadier than % when the machine is busy with other work. */
function perEditMicros(percent: number | null, editsPerSecond: number): number | null {
	return percent === null || editsPerSecond === 0 ? null : (percent / 100 / editsPerSecond) * 1e6;
}

function resourceRow(result: ScenarioResult): string[] {
	return [
		result.target,
		scenarioName(result),
		fixed(result.setupSeconds, 1),
		fixed(result.serverCpuPercent),
		fixed(perEditMicros(result.serverCpuPercent, result.editsPerSecond)),
		fixed(result.databaseCpuPercent),
		fixed(perEditMicros(result.databaseCpuPercent, result.editsPerSecond)),
		fixed(result.serverRssMiB),
		fixed(result.generatorCpuPercent),
		`${fixed(result.generatorLoopDelayMs.p50, 1)}/${fixed(result.generatorLoopDelayMs.p99, 1)}`,
		fixed(result.otherCpuPercent)
	];
}

/** The server's CPU time per thousand delivered edits (ms): the cost of relaying, whatever the machine's load. */
function cpuPerThousandDeliveries(result: ScenarioResult): number | null {
	if (result.serverCpuPercent === null || result.deliveriesPerSecond === 0) return null;
	return ((result.serverCpuPercent / 100) * 1000 * 1000) / result.deliveriesPerSecond;
}

/** Per scenario: ours beside the reference, and their ratio; the two-processes target beside them. */
function costRows(scenarios: ScenarioResult[]): string[][] {
	const names = [...new Set(scenarios.map(scenarioName))];
	return names.map((name) => {
		const of = (target: string) => scenarios.find((r) => scenarioName(r) === name && r.target === target);
		const [ours, reference, two] = [of('ours'), of('reference'), of('two-processes')].map((r) => (r ? cpuPerThousandDeliveries(r) : null));
		const ratio = ours !== null && reference !== null && reference > 0 ? ours / reference : null;
		const twoRatio = two !== null && ours !== null && ours > 0 ? two / ours : null;
		return [name, fixed(ours), fixed(reference), ratio === null ? 'n/a' : `${fixed(ratio, 2)}x`, fixed(two), twoRatio === null ? 'n/a' : `${fixed(twoRatio, 2)}x`];
	});
}

/** One line for the progress log. */
export function scenarioSummary(result: ScenarioResult): string {
	const { latency } = result;
	return (
		`${fixed(result.deliveriesPerSecond)} deliveries/s, latency p50/p95/p99 ${fixed(latency.p50, 1)}/${fixed(latency.p95, 1)}/${fixed(latency.p99, 1)} ms, ` +
		`server CPU ${fixed(result.serverCpuPercent)}%, converged ${converged(result) ? 'yes' : 'NO'}, generator loop p99 ${fixed(result.generatorLoopDelayMs.p99, 1)} ms`
	);
}

export function scenarioWarnings(result: ScenarioResult): string[] {
	const name = `${result.target} ${scenarioName(result)}`;
	const warnings: string[] = [];
	if (result.generatorLoopDelayMs.p99 > GENERATOR_LOOP_DELAY_LIMIT_MS) {
		warnings.push(
			`${name}: the generator's event loop p99 delay was ${fixed(result.generatorLoopDelayMs.p99, 1)} ms (> ${GENERATOR_LOOP_DELAY_LIMIT_MS} ms): it was overloaded, so its latencies are untrustworthy.`
		);
	}
	if (result.otherCpuPercent !== null && result.otherCpuPercent > OTHERS_CPU_LIMIT_PERCENT) {
		warnings.push(
			`${name}: other processes on the machine used ${fixed(result.otherCpuPercent)}% of a core during the window: the figures are disturbed; rerun on a quiet machine.`
		);
	}
	if (result.roomsMissingEdits > 0) warnings.push(`${name}: ${result.roomsMissingEdits} rooms agree on a text that lacks some edits.`);
	if (result.undelivered > 0) warnings.push(`${name}: ${result.undelivered} (edit, peer) deliveries never arrived.`);
	for (const [problem, times] of result.connectionProblems) warnings.push(`${name}: connection ${problem} × ${times}`);
	return warnings;
}

function reopenRow(result: ReopenResult): string[] {
	return [
		result.target,
		result.openedFrom,
		String(result.edits),
		fixed(result.writeSeconds, 1),
		fixed(result.documentBytes / 1024, 1),
		fixed(result.firstSyncMs),
		fixed(result.secondSyncMs),
		result.complete ? 'yes' : 'NO'
	];
}

export function printReport(options: BenchOptions, scenarios: ScenarioResult[], reopens: ReopenResult[], failures: string[]): void {
	const out: string[] = [];
	out.push('');
	out.push(
		`Collaboration bench: ${options.rate} edits/s per attendee, ${options.editChars} characters per edit, ${options.warmupSeconds} s warm-up, ${options.seconds} s measured.`
	);
	out.push('');
	out.push('Delivery — latency: an edit made on one client until it is applied on each peer (edits made in the window):');
	out.push('');
	out.push(table(DELIVERY_HEADER, scenarios.map(deliveryRow)));
	out.push('');
	out.push('Resources over the measured window — CPU in % of one core; db = PostgreSQL backends of the bench database;');
	out.push(`"all synced in": from the first attendee connecting to the last one synced, ${ROOMS_CONNECTING_AT_ONCE} rooms at a time:`);
	out.push('');
	out.push(table(RESOURCE_HEADER, scenarios.map(resourceRow)));
	out.push('');
	out.push("Cost — the server's CPU time (all its processes, ms) per thousand delivered edits; ratio = ours / reference:");
	out.push('');
	out.push(table(['scenario', 'ours ms', 'ref ms', 'ratio', 'two processes ms', 'two / one'], costRows(scenarios)));
	if (reopens.length) {
		out.push('');
		out.push(`Opening a long meeting document (fresh client: new connection → synced):`);
		out.push('');
		out.push(table(['target', 'opened from', 'edits', 'typed in s', 'doc KiB', 'first client ms', 'second client ms', 'text complete'], reopens.map(reopenRow)));
	}
	const warnings = [
		...scenarios.flatMap(scenarioWarnings),
		...reopens.flatMap((result) => [...result.connectionProblems].map(([problem, times]) => `${result.target} reopen: connection ${problem} × ${times}`))
	];
	if (failures.length) {
		out.push('');
		out.push('Runs that failed (no figures):');
		out.push(...failures.map((failure) => `  - ${failure}`));
	}
	if (warnings.length) {
		out.push('');
		out.push('Warnings:');
		out.push(...warnings.map((warning) => `  - ${warning}`));
	}
	console.log(out.join('\n'));
}
