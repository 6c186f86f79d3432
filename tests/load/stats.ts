// Cheap readings: latency percentiles from a perf_hooks histogram, and CPU / memory of a process from /proc.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createHistogram, type RecordableHistogram } from 'node:perf_hooks';

/** A latency histogram in microseconds (perf_hooks records integers ≥ 1). */
export function createLatencyHistogram(): RecordableHistogram {
	return createHistogram();
}

export function recordMs(histogram: RecordableHistogram, ms: number): void {
	histogram.record(Math.max(1, Math.round(ms * 1000)));
}

export interface Percentiles {
	p50: number;
	p95: number;
	p99: number;
	max: number;
}

/** Percentiles in milliseconds; NaN when nothing was recorded. */
export function percentilesMs(histogram: RecordableHistogram): Percentiles {
	if (histogram.count === 0) return { p50: NaN, p95: NaN, p99: NaN, max: NaN };
	return {
		p50: histogram.percentile(50) / 1000,
		p95: histogram.percentile(95) / 1000,
		p99: histogram.percentile(99) / 1000,
		max: histogram.max / 1000
	};
}

const clockTicksPerSecond = (() => {
	try {
		return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
	} catch {
		return 100;
	}
})();

/** User + system CPU seconds of a process (all its threads), or null when it is gone. */
export function cpuSeconds(pid: number): number | null {
	return cpuSecondsOf(`/proc/${pid}/stat`);
}

/** The same for a process's main thread alone (the one running its event loop). */
export function mainThreadCpuSeconds(pid: number): number | null {
	return cpuSecondsOf(`/proc/${pid}/task/${pid}/stat`);
}

function cpuSecondsOf(statFile: string): number | null {
	try {
		const stat = readFileSync(statFile, 'utf8');
		// The command name (field 2) may contain spaces; the fields after its closing parenthesis are fixed.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		const utime = Number(fields[11]);
		const stime = Number(fields[12]);
		return (utime + stime) / clockTicksPerSecond;
	} catch {
		return null;
	}
}

/** Resident memory of a process in MiB (VmRSS), or null when it is gone. */
export function rssMiB(pid: number): number | null {
	try {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
		return match ? Number(match[1]) / 1024 : null;
	} catch {
		return null;
	}
}

/** Summed CPU seconds of several processes, keyed by pid so a window can be taken per process. */
export function cpuSecondsByPid(pids: number[]): Map<number, number> {
	const readings = new Map<number, number>();
	for (const pid of pids) {
		const seconds = cpuSeconds(pid);
		if (seconds !== null) readings.set(pid, seconds);
	}
	return readings;
}

/**
 * The processes and every process they started, from /proc: our server's PDF worker processes, a cluster's
 * workers. Their CPU is the server's, not the machine's other work.
 */
export function withDescendants(pids: number[]): number[] {
	const children = new Map<number, number[]>();
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
		} catch {
			// Gone meanwhile.
		}
	}
	const found = new Set<number>();
	const queue = [...pids];
	while (queue.length) {
		const pid = queue.shift()!;
		if (found.has(pid)) continue;
		found.add(pid);
		queue.push(...(children.get(pid) ?? []));
	}
	return [...found];
}

/** CPU used between two readings of a set of processes (a process new in the second counts from zero). */
export function cpuSecondsBetween(before: Map<number, number>, after: Map<number, number>): number {
	let total = 0;
	for (const [pid, seconds] of after) total += seconds - (before.get(pid) ?? 0);
	return total;
}

/**
 * CPU seconds the whole machine's processes spent running (all cores, user + nice + system) since boot, from
 * /proc/stat. Interrupt time is left out: the loopback traffic of the bench itself is handled there.
 */
export function machineBusySeconds(): number {
	const [cpuLine] = readFileSync('/proc/stat', 'utf8').split('\n');
	// cpu user nice system idle iowait irq softirq steal …
	const [user, nice, system] = cpuLine.trim().split(/\s+/).slice(1, 4).map(Number);
	return (user + nice + system) / clockTicksPerSecond;
}
