// The records bench's child: one server on a fresh bench database; large meetings held and closed; then, in
// the same rooms, a window of typing without records and a window while the large records are made again and
// again; prints both, their ratio, and how the records fared.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { listMeetings, signIn, WRITING_ACCOUNTS } from './accounts';
import { createBenchDatabase, seedDemo } from './database';
import { onCleanup, runThenExit } from './lifecycle';
import { openMeetings } from './meeting-actions';
import { emptyTimings, fetchRecordPdf, holdLargeMeeting, remakeRecords, type RecordTimings, type Signers } from './record-meetings';
import type { RecordsBenchOptions } from './records';
import { fixed, scenarioSummary, scenarioWarnings, table } from './report';
import { runScenario, type ScenarioResult } from './scenario';
import { startTarget } from './servers';
import { createLatencyHistogram, mainThreadCpuSeconds, percentilesMs, recordMs } from './stats';

/** Records made one after another, with nobody typing, to measure what one costs the event loop. */
const QUIET_RECORDS = 20;

const say = (text: string) => console.error(`[bench:records] ${text}`);
/** The goal from DESIGN §4 rule 11: rooms keep their usual latency while records are made. */
const GOAL_P99_RATIO = 1.5;

interface Window {
	label: string;
	result: ScenarioResult;
	records: RecordTimings | null;
}

async function main(options: RecordsBenchOptions, workDir: string): Promise<void> {
	process.setMaxListeners(0);
	const [scenario] = options.typing.scenarios;
	const logDir = path.join(workDir, 'logs');
	const dataDir = path.join(workDir, 'data');
	mkdirSync(logDir);
	mkdirSync(dataDir);
	onCleanup('remove the bench data folder', () => rmSync(dataDir, { recursive: true, force: true }));
	say(`server logs go to ${logDir}`);

	const database = await createBenchDatabase();
	say(`created database ${database.name}; seeding the demo case with ${scenario.rooms + options.records} more meetings…`);
	await seedDemo(database.url, scenario.rooms + options.records);
	say(`starting the server${options.serverDir ? ` from ${options.serverDir}` : ''}…`);
	const server = await startTarget('ours', { databaseUrl: database.url, dataDir, logDir, serverDir: options.serverDir });
	try {
		const cookies = await Promise.all(WRITING_ACCOUNTS.map((email) => signIn(server.httpUrl, email)));
		const signers: Signers = { chair: cookies[WRITING_ACCOUNTS.indexOf('chair@demo.test')], leadSocialWorker: cookies[WRITING_ACCOUNTS.indexOf('social.worker@demo.test')], all: cookies };
		const scheduled = (await listMeetings(server.httpUrl, cookies[0])).filter((m) => m.status === 'scheduled').map((m) => m.id);
		if (scheduled.length < scenario.rooms + options.records) throw new Error(`Only ${scheduled.length} scheduled meetings.`);
		const rooms = scheduled.slice(0, scenario.rooms);
		await openMeetings(server, signers.chair, rooms);
		const recordMeetings: { id: string; disagreement: string }[] = [];

		const preparing = performance.now();
		for (const id of scheduled.slice(scenario.rooms, scenario.rooms + options.records)) {
			say(`holding large meeting ${recordMeetings.length + 1} of ${options.records}: long plan, ${signers.all.length} large signatures, closed…`);
			recordMeetings.push({ id, disagreement: await holdLargeMeeting(server, signers, id) });
		}
		// Each record made once before measuring: the PDF workers are up, as they are on a server in use.
		const first = emptyTimings();
		await Promise.all(recordMeetings.map(({ id }) => fetchRecordPdf(server, signers.chair, id, first)));
		if (first.failures.size) throw new Error(`The first records failed: ${[...first.failures].map(([status, n]) => `${status} × ${n}`).join(', ')}.`);
		say(`${recordMeetings.length} large meetings closed in ${fixed((performance.now() - preparing) / 1000, 1)} s; their records: ${fixed(first.bytes / 1024)} KiB, made in ${first.made.map((ms) => fixed(ms)).join(', ')} ms at once`);

		// What one record costs the event loop, in CPU time: made one after another with nobody typing, so nothing
		// else is counted, and unlike the latencies it holds when other work shares the machine.
		const quiet = emptyTimings();
		const mainBefore = mainThreadCpuSeconds(server.pid);
		await remakeRecords(server, signers, recordMeetings[0], new AbortController().signal, quiet, QUIET_RECORDS);
		const mainAfter = mainThreadCpuSeconds(server.pid);
		const perRecord = mainBefore !== null && mainAfter !== null && quiet.made.length ? ((mainAfter - mainBefore) * 1000) / quiet.made.length : null;
		say(`the event loop's CPU per record (late fact and PDF request included), ${quiet.made.length} made alone: ${perRecord === null ? '-' : fixed(perRecord, 1)} ms`);

		const windows: Window[] = [];
		for (let round = 1; round <= options.rounds; round++) {
			for (const withRecords of [false, true]) {
				const label = `${withRecords ? 'with' : 'without'} records${options.rounds > 1 ? `, round ${round}` : ''}`;
				say(`${label}: ${scenario.rooms * scenario.attendees} attendees typing, ${options.typing.warmupSeconds} s warm-up, ${options.typing.seconds} s measured…`);
				const records = withRecords ? emptyTimings() : null;
				const result = await runScenario({
					server,
					scenario,
					rooms,
					cookies,
					seedNotes: false,
					options: options.typing,
					databaseBackends: database.backendPids,
					whileMeasuring: records
						? async (stop) => {
								await Promise.all(recordMeetings.map((meeting) => remakeRecords(server, signers, meeting, stop, records)));
							}
						: undefined
				});
				say(`${label}: ${scenarioSummary(result)}${records ? `; ${records.made.length} records made` : ''}`);
				windows.push({ label, result, records });
			}
		}
		const problems = server.stderrLines();
		if (problems.length) say(`the server wrote ${problems.length} lines to stderr (${server.logFile}); the first: ${problems.slice(0, 3).join(' | ')}`);
		printRecordsReport(options, windows, perRecord);
	} finally {
		await server.stop();
	}
}

function printRecordsReport(options: RecordsBenchOptions, windows: Window[], mainThreadMsPerRecord: number | null): void {
	const [scenario] = options.typing.scenarios;
	const out: string[] = [''];
	out.push(
		`Records bench: ${scenario.rooms} rooms x ${scenario.attendees} attendees at ${options.typing.rate} edits/s; ${options.typing.seconds} s windows; ` +
			`${options.records} large records made at once, each again as soon as it is done, in the windows with records.`
	);
	out.push(`Server: ${options.serverDir ?? 'this checkout'}.`);
	out.push(`The event loop's CPU per record, made alone (the late fact and the PDF request included): ${mainThreadMsPerRecord === null ? '-' : fixed(mainThreadMsPerRecord, 1)} ms.`);
	out.push('');
	out.push(
		table(
			['window', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'deliveries/s (expected)', 'records made', 'record p50/max ms', 'failed', 'server CPU % (main thread)', 'db CPU %', 'others CPU %'],
			windows.map(({ label, result, records }) => {
				const made = records ? histogramOf(records.made) : null;
				return [
					label,
					fixed(result.latency.p50, 1),
					fixed(result.latency.p95, 1),
					fixed(result.latency.p99, 1),
					fixed(result.latency.max, 1),
					`${fixed(result.deliveriesPerSecond)} (${fixed(result.expectedDeliveriesPerSecond)})`,
					records ? String(records.made.length) : '-',
					made ? `${fixed(made.p50)}/${fixed(made.max)}` : '-',
					records ? String([...records.failures.values()].reduce((a, b) => a + b, 0)) : '-',
					`${fixed(result.serverCpuPercent)} (${fixed(result.serverMainThreadCpuPercent)})`,
					fixed(result.databaseCpuPercent),
					fixed(result.otherCpuPercent)
				];
			})
		)
	);
	out.push('');
	for (let i = 0; i + 1 < windows.length; i += 2) {
		const [without, withRecords] = [windows[i].result.latency, windows[i + 1].result.latency];
		const ratio = withRecords.p99 / without.p99;
		out.push(
			`${windows[i + 1].label} ÷ ${windows[i].label}: p50 × ${fixed(withRecords.p50 / without.p50, 2)}, p99 × ${fixed(ratio, 2)} ` +
				`(goal: p99 within × ${GOAL_P99_RATIO}: ${ratio <= GOAL_P99_RATIO ? 'met' : 'NOT met'}).`
		);
	}
	if (windows.length > 2) {
		// One window's p99 rests on its slowest 1 % of deliveries, and a stall the records do not cause (a
		// PostgreSQL checkpoint, another process) can make it in either window of a pair; pooled over the rounds,
		// each side's p99 rests on more of them.
		const pooled = (withRecords: boolean) => {
			const all = createLatencyHistogram();
			for (const [i, window] of windows.entries()) if (i % 2 === (withRecords ? 1 : 0)) all.add(window.result.latencyHistogram);
			return percentilesMs(all);
		};
		const [without, withRecords] = [pooled(false), pooled(true)];
		const ratio = withRecords.p99 / without.p99;
		out.push(
			`All ${options.rounds} rounds pooled: p50 / p95 / p99 ${fixed(without.p50, 1)} / ${fixed(without.p95, 1)} / ${fixed(without.p99, 1)} ms without records, ` +
				`${fixed(withRecords.p50, 1)} / ${fixed(withRecords.p95, 1)} / ${fixed(withRecords.p99, 1)} ms with: p99 × ${fixed(ratio, 2)} ` +
				`(goal: within × ${GOAL_P99_RATIO}: ${ratio <= GOAL_P99_RATIO ? 'met' : 'NOT met'}).`
		);
	}
	const warnings = windows.flatMap(({ result, records }) => [
		...scenarioWarnings(result),
		...(records ? [...records.failures].map(([status, n]) => `record requests answered ${status} × ${n}`) : [])
	]);
	if (warnings.length) out.push('', 'Warnings:', ...warnings.map((warning) => `  - ${warning}`));
	console.log(out.join('\n'));
}

function histogramOf(ms: number[]) {
	const histogram = createLatencyHistogram();
	for (const value of ms) recordMs(histogram, value);
	return percentilesMs(histogram);
}

/** Runs the records bench in this process; `workDir` takes the logs and the server's data. */
export function runRecordsBench(options: RecordsBenchOptions, workDir: string): Promise<never> {
	return runThenExit(() => main(options, workDir));
}
