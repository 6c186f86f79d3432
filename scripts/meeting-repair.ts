// `npm run meeting:repair -- <meetingId> [--exclude 12,15 | --exclude-refused] [--yes]`: for a meeting whose
// document cannot be opened or read. Without an exclusion it only reports: every logged update, who sent it
// and when, and whether today's firewall would refuse it. With one, it rebuilds the document from the log
// without those updates and stores it as a new snapshot (a new row; nothing is deleted, the log stays whole),
// and records the repair in the audit log in the same transaction. Run it while nobody is in the meeting.
import { parseArgs } from 'node:util';
import { isUuid } from '../src/lib/core-group';
import { sharedDatabase } from '../src/lib/server/db/client';
import { inspectMeetingLog, repairMeeting } from '../server/repair';

const { values, positionals } = parseArgs({
	allowPositionals: true,
	options: { exclude: { type: 'string' }, 'exclude-refused': { type: 'boolean', default: false } }
});
const meetingId = positionals[0];
if (!meetingId || !isUuid(meetingId)) {
	console.error('Name the meeting: npm run meeting:repair -- <meeting id> [--exclude 12,15 | --exclude-refused]');
	process.exit(2);
}
const named = (values.exclude ?? '').split(',').filter((s) => s.trim() !== '').map(Number);
if (named.some((n) => !Number.isInteger(n) || n < 1)) {
	console.error(`--exclude takes the sequence numbers of log rows, separated by commas (got "${values.exclude}").`);
	process.exit(2);
}

const database = await sharedDatabase();
try {
	const report = await inspectMeetingLog(database.db, meetingId);
	if (report.length === 0) {
		console.error('That meeting has no document yet: there is nothing to repair.');
		process.exitCode = 1;
	} else {
		const refused = report.filter((r) => r.refusal !== null);
		console.log(`${report.length} logged updates; today's firewall would refuse ${refused.length}:`);
		for (const r of refused) console.log(`  #${r.seq}  ${r.at.toISOString()}  member ${r.memberId}  ${r.bytes} bytes  — ${r.refusal}`);
		const exclude = new Set(values['exclude-refused'] ? refused.map((r) => r.seq) : named);
		const unknown = [...exclude].filter((seq) => !report.some((r) => r.seq === seq));
		if (unknown.length) {
			console.error(`Not updates of this meeting: ${unknown.join(', ')}. Nothing was changed.`);
			process.exitCode = 2;
		} else if (exclude.size === 0) {
			console.log('Nothing was changed. To rebuild without some updates: --exclude <seq,seq> or --exclude-refused.');
		} else {
			const repaired = await repairMeeting(database.db, meetingId, exclude);
			console.log(`Rebuilt without ${repaired.excluded.map((s) => `#${s}`).join(', ')}: snapshot ${repaired.snapshotId} now opens the meeting. The log is unchanged.`);
		}
	}
} finally {
	await database.close();
}
