// A live-room server in a process of its own, so a test can kill it -9 and start it again on the same
// database (DATABASE_URL, or the embedded database in DATA_DIR). Prints its port on the first line.
import { createDb } from '../../../src/lib/server/db/client';
import { startLiveServer } from './live-server';

const database = createDb({ url: process.env.DATABASE_URL || undefined, dataDir: process.env.DATA_DIR });
await database.migrate();
const server = await startLiveServer(database.db);
console.log(server.url);
