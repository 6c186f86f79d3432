// Around the whole Vitest run: the ledger of what tests start outside their process, and at the end the
// proof that none of it is left — servers stopped, temporary folders and PostgreSQL test databases removed —
// or a failed run naming what was (after removing it).
import postgres from 'postgres';
import { closeLedger, openLedger } from './test-run';

export function setup(): () => Promise<void> {
	openLedger();
	return async () => {
		const admin = process.env.DATABASE_URL ? postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} }) : null;
		try {
			const left = await closeLedger(async (name) => {
				if (!admin) return false;
				const [{ found }] = await admin<{ found: boolean }[]>`select exists (select 1 from pg_database where datname = ${name}) as found`;
				if (found) await admin.unsafe(`drop database if exists ${name} with (force)`);
				return found;
			});
			if (left.length) throw new Error(`Tests left these behind (now stopped or removed): ${left.join('; ')}`);
		} finally {
			await admin?.end();
		}
	};
}
