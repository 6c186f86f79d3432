// The bench's command line: which targets, which scenarios (rooms x attendees), how fast and how long.
// Every figure is bounded so a typo cannot start ten thousand sockets on a shared two-core machine.
import { parseArgs } from 'node:util';

/** `two-processes`: two of our servers on one database, relayed through Redis, the attendees spread across them. */
export type TargetName = 'ours' | 'reference' | 'two-processes';

export interface Scenario {
	rooms: number;
	attendees: number;
}

export interface BenchOptions {
	targets: TargetName[];
	scenarios: Scenario[];
	/** Edits per second per attendee. */
	rate: number;
	/** Seconds of editing before the measurement window (connections settle, JIT warms). */
	warmupSeconds: number;
	/** Seconds of the measurement window. */
	seconds: number;
	/** Characters inserted by one edit (one word typed). */
	editChars: number;
	/** Seconds without a new delivery after which the bench stops waiting for quiescence. */
	quiesceSeconds: number;
	/** Edits made to one meeting before it is reopened from the database; 0 skips that measurement. */
	reopenEdits: number;
}

const HELP = `npm run bench -- [options]

  --target ours,reference,two-processes
                              servers to measure (default: all three, in this order); two-processes is
                              two of ours on one database with Redis (REDIS_URL, default redis://127.0.0.1:6379)
  --scenarios 20x10,40x10,50x10
                              rooms x attendees per scenario (default: 20x10,40x10,50x10)
  --rate 2                    edits per second per attendee (default 2)
  --warmup 5                  seconds of editing before measuring (default 5)
  --seconds 20                seconds measured (default 20)
  --chars 6                   characters per edit (default 6)
  --quiesce 15                give up waiting for the last deliveries after this many idle seconds (default 15)
  --reopen-edits 10000        edits before timing a reopen from the database; 0 skips it (default 10000)

Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) — the bench creates
and drops a database core_group_bench_<pid> there.`;

export function wholeNumber(flag: string, raw: string, min: number, max: number): number {
	const value = Number(raw);
	if (!Number.isFinite(value) || value < min || value > max) {
		throw new Error(`--${flag} must be a number from ${min} to ${max} (got "${raw}").`);
	}
	return value;
}

export function parseScenario(text: string): Scenario {
	const match = /^(\d+)x(\d+)$/.exec(text.trim());
	if (!match) throw new Error(`A scenario is ROOMSxATTENDEES, e.g. 20x10 (got "${text}").`);
	const rooms = wholeNumber('scenarios rooms', match[1], 1, 200);
	const attendees = wholeNumber('scenarios attendees', match[2], 2, 50);
	if (rooms * attendees > 2000) throw new Error(`Scenario ${text} has more than 2000 clients.`);
	return { rooms, attendees };
}

function parseTargets(text: string): TargetName[] {
	const names = text.split(',').map((name) => name.trim());
	for (const name of names) {
		if (name !== 'ours' && name !== 'reference' && name !== 'two-processes') throw new Error(`--target takes ours, reference and/or two-processes (got "${name}").`);
	}
	return [...new Set(names as TargetName[])];
}

/** Reads the options, or returns null after printing the help. Throws on a bad value, naming it. */
export function readOptions(argv = process.argv.slice(2)): BenchOptions | null {
	const { values } = parseArgs({
		args: argv,
		options: {
			target: { type: 'string', default: 'ours,reference,two-processes' },
			scenarios: { type: 'string', default: '20x10,40x10,50x10' },
			rate: { type: 'string', default: '2' },
			warmup: { type: 'string', default: '5' },
			seconds: { type: 'string', default: '20' },
			chars: { type: 'string', default: '6' },
			quiesce: { type: 'string', default: '15' },
			'reopen-edits': { type: 'string', default: '10000' },
			help: { type: 'boolean', short: 'h', default: false }
		}
	});
	if (values.help) {
		console.log(HELP);
		return null;
	}
	return {
		targets: parseTargets(values.target),
		scenarios: values.scenarios.split(',').map(parseScenario),
		rate: wholeNumber('rate', values.rate, 0.1, 20),
		warmupSeconds: wholeNumber('warmup', values.warmup, 0, 120),
		seconds: wholeNumber('seconds', values.seconds, 1, 600),
		editChars: Math.round(wholeNumber('chars', values.chars, 1, 200)),
		quiesceSeconds: wholeNumber('quiesce', values.quiesce, 1, 120),
		reopenEdits: Math.round(wholeNumber('reopen-edits', values['reopen-edits'], 0, 100_000))
	};
}
