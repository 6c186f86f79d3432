// `npm run audit:verify`: checks the audit log's hash chain on DATABASE_URL (or the embedded database) end
// to end, and that it still reaches every anchor kept in the written records; names each problem found.
// Exit code 0 when intact, 1 when not.
import { sharedDatabase } from '../src/lib/server/db/client';
import { describeAuditProblem, verifyAuditLog } from '../src/lib/server/audit-verify';

const database = await sharedDatabase();
const result = await verifyAuditLog(database.db);
await database.close();
if (result.ok) {
	console.log(`Audit log intact: ${result.rows} rows, every hash chained, and every anchor kept in the written records (${result.anchors}) still reached.`);
} else {
	console.error(`Audit log BROKEN (${result.rows} rows, ${result.anchors} anchors):`);
	for (const problem of result.problems) console.error(`- ${describeAuditProblem(problem)}`);
	process.exitCode = 1;
}
