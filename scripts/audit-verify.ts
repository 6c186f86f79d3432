// `npm run audit:verify`: checks the audit log's hash chain on DATABASE_URL (or the embedded database) and
// names the first broken row. Exit code 0 when intact, 1 when not.
import { sharedDatabase } from '../src/lib/server/db/client';
import { verifyAuditLog } from '../src/lib/server/audit-verify';

const database = await sharedDatabase();
const result = await verifyAuditLog(database.db);
await database.close();
if (result.ok) {
	console.log(`Audit log intact: ${result.rows} rows, every hash chained.`);
} else {
	console.error(`Audit log BROKEN at row ${result.brokenAt} (${result.problem}). Rows before it verify; this row and later ones cannot be trusted.`);
	process.exitCode = 1;
}
