// After the end-to-end run: the app's data folder goes, and the run fails, naming it, if any server or
// folder a test started is still there (it is stopped or removed first).
import { rmSync } from 'node:fs';
import { closeLedger } from '../../support/test-run';

export default async function globalTeardown(): Promise<void> {
	if (process.env.CORE_GROUP_E2E_RUN_DIR) rmSync(process.env.CORE_GROUP_E2E_RUN_DIR, { recursive: true, force: true });
	const left = await closeLedger();
	if (left.length) throw new Error(`The end-to-end tests left these behind (now stopped or removed): ${left.join('; ')}`);
}
