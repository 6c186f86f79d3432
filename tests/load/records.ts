// `npm run bench:records`: does making written records stall the live meetings? Attendees type in R rooms
// while the edit-to-peer latency is measured for a window without records, then for a window in which large
// records are made over and over (`npm run bench:records -- --help`). Supervised like `npm run bench`.
import { parseArgs } from 'node:util';
import type { BenchOptions, Scenario } from './options';
import { parseScenario, wholeNumber } from './options';
import { benchWorkDir, supervise } from './supervisor';

export interface RecordsBenchOptions {
	/** What the rooms do: the collaboration bench's settings, one scenario, our server only. */
	typing: BenchOptions & { scenarios: [Scenario] };
	/** Large records made at once, each over and over, during the second window. */
	records: number;
	/** Pairs of windows (without, then with records), for a second look at the same server. */
	rounds: number;
	/** Serve from another checkout of the app (e.g. a git worktree of an earlier commit) to compare. */
	serverDir?: string;
}

const HELP = `npm run bench:records -- [options]

  --scenario 10x5       rooms x attendees typing (default 10x5)
  --rate 2              edits per second per attendee (default 2)
  --records 5           large records made at once, each over and over, in the window with records (default 5)
  --warmup 5            seconds of typing before each window (default 5)
  --seconds 20          seconds per window (default 20)
  --rounds 1            pairs of windows, without then with records (default 1)
  --chars 6             characters per edit (default 6)
  --quiesce 15          give up waiting for the last deliveries after this many idle seconds (default 15)
  --server-dir DIR      start our server from DIR, another checkout of the app, to compare (default: this one)

Environment: BENCH_DATABASE_URL, as for npm run bench.`;

function readRecordsOptions(argv = process.argv.slice(2)): RecordsBenchOptions | null {
	const { values } = parseArgs({
		args: argv,
		options: {
			scenario: { type: 'string', default: '10x5' },
			rate: { type: 'string', default: '2' },
			records: { type: 'string', default: '5' },
			warmup: { type: 'string', default: '5' },
			seconds: { type: 'string', default: '20' },
			rounds: { type: 'string', default: '1' },
			chars: { type: 'string', default: '6' },
			quiesce: { type: 'string', default: '15' },
			'server-dir': { type: 'string' },
			help: { type: 'boolean', short: 'h', default: false }
		}
	});
	if (values.help) {
		console.log(HELP);
		return null;
	}
	return {
		typing: {
			targets: ['ours'],
			scenarios: [parseScenario(values.scenario)],
			rate: wholeNumber('rate', values.rate, 0.1, 20),
			warmupSeconds: wholeNumber('warmup', values.warmup, 0, 120),
			seconds: wholeNumber('seconds', values.seconds, 1, 600),
			editChars: Math.round(wholeNumber('chars', values.chars, 1, 200)),
			quiesceSeconds: wholeNumber('quiesce', values.quiesce, 1, 120),
			reopenEdits: 0
		},
		records: Math.round(wholeNumber('records', values.records, 1, 20)),
		rounds: Math.round(wholeNumber('rounds', values.rounds, 1, 10)),
		serverDir: values['server-dir']
	};
}

let options: RecordsBenchOptions | null;
try {
	options = readRecordsOptions();
} catch (error) {
	console.error(error instanceof Error ? error.message : String(error));
	process.exit(2);
}
if (options) {
	const workDir = benchWorkDir();
	if (workDir) {
		const { runRecordsBench } = await import('./records-run');
		await runRecordsBench(options, workDir);
	} else {
		process.exit(await supervise(import.meta.url));
	}
}
