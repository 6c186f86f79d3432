// `npm run seed:demo [-- --meetings N]`: the demo case and accounts (once), plus N more scheduled meetings.
import { parseArgs } from 'node:util';
import { sharedDatabase } from '../src/lib/server/db/client';
import { seedDemo } from '../src/lib/server/demo';

const { values } = parseArgs({ options: { meetings: { type: 'string', default: '0' } } });
const extraMeetings = Number(values.meetings);
if (!Number.isInteger(extraMeetings) || extraMeetings < 0 || extraMeetings > 10_000) {
	console.error(`--meetings must be a whole number from 0 to 10000 (got "${values.meetings}").`);
	process.exit(2);
}

const database = await sharedDatabase();
const { created } = await seedDemo(database.db, { extraMeetings });
console.log(
	`${created ? 'Created the demo data' : 'The demo data was already there'}${extraMeetings ? `; added ${extraMeetings} scheduled meetings to the demo case` : ''}.`
);
await database.close();
