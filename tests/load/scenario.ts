// One scenario against one running server: R rooms of C attendees typing at a fixed rate; a warm-up, a
// measurement window, then quiescence and a convergence check of every room.
import { monitorEventLoopDelay, performance, type IntervalHistogram, type RecordableHistogram } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import * as Y from 'yjs';
import { connectAttendee, typeWord, waitUntil, whenReady, type Attendee } from './attendee';
import { createDeliveryTracker, type DeliveryTracker } from './deliveries';
import type { BenchOptions, Scenario, TargetName } from './options';
import type { TargetServer } from './servers';
import { cpuSecondsBetween, cpuSecondsByPid, machineBusySeconds, mainThreadCpuSeconds, percentilesMs, rssMiB, withDescendants, type Percentiles } from './stats';

export interface ScenarioSetup {
	server: TargetServer;
	scenario: Scenario;
	/** Room names: meeting ids on our server, any names on the reference. */
	rooms: string[];
	/** Session cookies to share out among the attendees; empty for the reference (no auth). */
	cookies: string[];
	/** The reference has no seeded document: create `minutes.notes` before the attendees join. */
	seedNotes: boolean;
	options: BenchOptions;
	/** PostgreSQL backends of the bench database (our server's pool), for their CPU. */
	databaseBackends?: () => Promise<number[]>;
	/** Other work to run alongside the measured window: started as it opens, told to stop as it closes. */
	whileMeasuring?: (stop: AbortSignal) => Promise<void>;
}

export interface ScenarioResult {
	target: TargetName;
	scenario: Scenario;
	setupSeconds: number;
	editsPerSecond: number;
	deliveriesPerSecond: number;
	expectedDeliveriesPerSecond: number;
	latency: Percentiles;
	/** Every measured delivery's latency, so windows can be pooled (`npm run bench:records` over its rounds). */
	latencyHistogram: RecordableHistogram;
	/** Deliveries from a sender on one server process to a peer on another (null with one process). */
	crossProcessLatency: Percentiles | null;
	serverCpuPercent: number | null;
	/** The server's main thread alone: its event loop, without worker threads. */
	serverMainThreadCpuPercent: number | null;
	databaseCpuPercent: number | null;
	serverRssMiB: number | null;
	generatorCpuPercent: number;
	generatorLoopDelayMs: { p50: number; p99: number };
	/** CPU used by everything else on the machine (other people's builds and tests), % of one core. */
	otherCpuPercent: number | null;
	/** Deliveries still missing when the bench stopped waiting. */
	undelivered: number;
	divergedRooms: number;
	/** Rooms whose agreed text lacks some of the edits typed into it. */
	roomsMissingEdits: number;
	/** "closed 1006" → how many times, for connections the server closed or refused. */
	connectionProblems: Map<string, number>;
}

interface Room {
	name: string;
	attendees: Attendee[];
	notesLengthAtStart: number;
	edits: number;
}

const READY_TIMEOUT_MS = 60_000;
/** The loop-delay monitor samples on a timer of this period; its readings include the period itself. */
const LOOP_SAMPLING_MS = 10;
export const ROOMS_CONNECTING_AT_ONCE = 4;

async function seedNotes(server: TargetServer, room: string): Promise<Attendee> {
	const seeder = connectAttendee({ collabUrl: server.collabUrl, room, name: 'seeder' });
	await waitUntil(seeder, () => seeder.provider.synced, READY_TIMEOUT_MS, 'the seeder synced');
	seeder.doc.getMap('minutes').set('notes', new Y.Text());
	return seeder;
}

interface Connecting {
	tracker: DeliveryTracker;
	problem: (text: string) => void;
	/** Every attendee created, so that all are closed even when opening a room fails half-way. */
	created: Attendee[];
}

async function openRoom(setup: ScenarioSetup, name: string, { tracker, problem, created }: Connecting): Promise<Room> {
	const seeder = setup.seedNotes ? await seedNotes(setup.server, name) : null;
	if (seeder) created.push(seeder);
	const attendees = Array.from({ length: setup.scenario.attendees }, (_, index) =>
		connectAttendee({
			// Spread across the server's processes (one, or two with the two-processes target).
			collabUrl: setup.server.collabUrls[index % setup.server.collabUrls.length],
			room: name,
			cookie: setup.cookies.length ? setup.cookies[index % setup.cookies.length] : undefined,
			name: `attendee ${index + 1}`,
			onRemoteChange: (before, after) => tracker.applied(before, after, index % setup.server.collabUrls.length),
			onConnectionProblem: problem
		})
	);
	created.push(...attendees);
	try {
		await Promise.all(attendees.map((attendee) => whenReady(attendee, READY_TIMEOUT_MS)));
	} finally {
		seeder?.destroy();
	}
	return { name, attendees, notesLengthAtStart: attendees[0].notes()!.length, edits: 0 };
}

async function openRooms(setup: ScenarioSetup, connecting: Connecting): Promise<Room[]> {
	const rooms: Room[] = [];
	for (let i = 0; i < setup.rooms.length; i += ROOMS_CONNECTING_AT_ONCE) {
		const batch = setup.rooms.slice(i, i + ROOMS_CONNECTING_AT_ONCE);
		rooms.push(...(await Promise.all(batch.map((name) => openRoom(setup, name, connecting)))));
	}
	return rooms;
}

/** Starts every attendee typing at `rate` edits/s, each at a random phase; returns the function that stops them. */
function startTyping(rooms: Room[], options: BenchOptions, tracker: DeliveryTracker, isMeasuring: () => boolean, processes: number): () => void {
	const intervalMs = 1000 / options.rate;
	const timers: NodeJS.Timeout[] = [];
	for (const room of rooms) {
		const peers = room.attendees.length - 1;
		room.attendees.forEach((attendee, index) => {
			const type = () => {
				const madeAt = isMeasuring() ? performance.now() : null;
				const clock = typeWord(attendee, options.editChars);
				tracker.edited(attendee.doc.clientID, clock, peers, madeAt, index % processes);
				room.edits++;
			};
			timers.push(
				setTimeout(() => {
					type();
					timers.push(setInterval(type, intervalMs));
				}, Math.random() * intervalMs)
			);
		});
	}
	return () => timers.forEach((timer) => clearTimeout(timer));
}

/** Waits until every edit reached every peer, or until nothing arrived for `idleSeconds`. */
async function quiesce(tracker: DeliveryTracker, idleSeconds: number): Promise<void> {
	let lastDelivered = tracker.delivered;
	let lastProgress = performance.now();
	while (tracker.delivered < tracker.expected) {
		await sleep(100);
		if (tracker.delivered !== lastDelivered) {
			lastDelivered = tracker.delivered;
			lastProgress = performance.now();
		} else if (performance.now() - lastProgress > idleSeconds * 1000) {
			return;
		}
	}
}

function checkConvergence(rooms: Room[], editChars: number): { divergedRooms: number; roomsMissingEdits: number } {
	let divergedRooms = 0;
	let roomsMissingEdits = 0;
	for (const room of rooms) {
		const texts = room.attendees.map((attendee) => attendee.notes()!.toString());
		if (texts.some((text) => text !== texts[0])) divergedRooms++;
		else if (texts[0].length !== room.notesLengthAtStart + room.edits * editChars) roomsMissingEdits++;
	}
	return { divergedRooms, roomsMissingEdits };
}

/** The figures of every serving process added up; null if one could not be read. */
function sumOf(values: (number | null)[]): number | null {
	return values.some((v) => v === null) ? null : (values as number[]).reduce((a, b) => a + b, 0);
}

/** Delay beyond the sampling period, in ms. */
function loopDelayMs(histogram: IntervalHistogram, percentile: number): number {
	return Math.max(0, histogram.percentile(percentile) / 1e6 - LOOP_SAMPLING_MS);
}

export async function runScenario(setup: ScenarioSetup): Promise<ScenarioResult> {
	const { server, options } = setup;
	const tracker = createDeliveryTracker();
	const connectionProblems = new Map<string, number>();
	const problem = (text: string) => connectionProblems.set(text, (connectionProblems.get(text) ?? 0) + 1);

	const created: Attendee[] = [];
	let stopTyping = () => {};
	const stopAlongside = new AbortController();
	try {
		const setupStarted = performance.now();
		const rooms = await openRooms(setup, { tracker, problem, created });
		const setupSeconds = (performance.now() - setupStarted) / 1000;

		let measuring = false;
		stopTyping = startTyping(rooms, options, tracker, () => measuring, server.collabUrls.length);
		await sleep(options.warmupSeconds * 1000);

		const loopDelay = monitorEventLoopDelay({ resolution: LOOP_SAMPLING_MS });
		const backendsBefore = setup.databaseBackends ? cpuSecondsByPid(await setup.databaseBackends()) : null;
		// The server's own processes and those it started (its PDF workers): a worker's CPU is the server's.
		const serverCpuBefore = cpuSecondsByPid(withDescendants(server.pids));
		const mainThreadCpuBefore = sumOf(server.pids.map(mainThreadCpuSeconds));
		const generatorCpuBefore = process.cpuUsage();
		const machineBefore = machineBusySeconds();
		const windowStarted = performance.now();
		loopDelay.enable();
		measuring = true;
		let alongsideFailure: unknown = null;
		const alongside = setup.whileMeasuring?.(stopAlongside.signal).catch((error: unknown) => {
			alongsideFailure = error;
		});

		await sleep(options.seconds * 1000);

		measuring = false;
		stopTyping();
		stopAlongside.abort();
		loopDelay.disable();
		const windowSeconds = (performance.now() - windowStarted) / 1000;
		const serverCpuAfter = cpuSecondsByPid(withDescendants(server.pids));
		const mainThreadCpuAfter = sumOf(server.pids.map(mainThreadCpuSeconds));
		const serverRss = sumOf(server.pids.map(rssMiB));
		const generatorCpu = process.cpuUsage(generatorCpuBefore);
		const machineBusy = machineBusySeconds() - machineBefore;
		const backendsAfter = setup.databaseBackends ? cpuSecondsByPid(await setup.databaseBackends()) : null;

		await alongside;
		if (alongsideFailure) throw alongsideFailure;
		await quiesce(tracker, options.quiesceSeconds);
		const convergence = checkConvergence(rooms, options.editChars);
		const percent = (cpu: number) => (cpu / windowSeconds) * 100;
		const serverCpu = serverCpuAfter.size ? cpuSecondsBetween(serverCpuBefore, serverCpuAfter) : null;
		const databaseCpu = backendsBefore && backendsAfter ? cpuSecondsBetween(backendsBefore, backendsAfter) : null;
		const generatorCpuSeconds = (generatorCpu.user + generatorCpu.system) / 1e6;
		return {
			target: server.target,
			scenario: setup.scenario,
			setupSeconds,
			editsPerSecond: tracker.measuredEdits / windowSeconds,
			deliveriesPerSecond: tracker.measuredDeliveries / windowSeconds,
			expectedDeliveriesPerSecond: rooms.length * setup.scenario.attendees * (setup.scenario.attendees - 1) * options.rate,
			latency: percentilesMs(tracker.latency),
			latencyHistogram: tracker.latency,
			crossProcessLatency: server.collabUrls.length > 1 ? percentilesMs(tracker.crossProcessLatency) : null,
			serverCpuPercent: serverCpu === null ? null : percent(serverCpu),
			serverMainThreadCpuPercent: mainThreadCpuBefore !== null && mainThreadCpuAfter !== null ? percent(mainThreadCpuAfter - mainThreadCpuBefore) : null,
			databaseCpuPercent: databaseCpu === null ? null : percent(databaseCpu),
			serverRssMiB: serverRss,
			generatorCpuPercent: percent(generatorCpuSeconds),
			otherCpuPercent: serverCpu === null ? null : Math.max(0, percent(machineBusy - serverCpu - (databaseCpu ?? 0) - generatorCpuSeconds)),
			generatorLoopDelayMs: { p50: loopDelayMs(loopDelay, 50), p99: loopDelayMs(loopDelay, 99) },
			undelivered: tracker.expected - tracker.delivered,
			...convergence,
			connectionProblems
		};
	} finally {
		stopTyping();
		stopAlongside.abort();
		// The seeders were closed already; destroying twice is harmless.
		created.forEach((attendee) => attendee.destroy());
	}
}
