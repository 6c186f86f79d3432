// The tables that are evidence (DESIGN §4 rule 12): the database refuses UPDATE, DELETE and TRUNCATE on each
// (drizzle/0001 and 0011). Only their owner (or a superuser) could switch that off, so the server says so
// when it connects as such a role.
import { sql } from 'drizzle-orm';
import type { Db } from './db/client';

export const EVIDENCE_TABLES = [
	'meeting_updates',
	'meeting_snapshots',
	'attendance',
	'disagreements',
	'disagreement_reflections',
	'written_views',
	'signatures',
	'agency_confirmations',
	'plan_versions',
	'editing_pauses',
	'written_records',
	'circulations',
	'circulation_deliveries',
	'circulation_receipts',
	'action_progress',
	'home_visits',
	'escalations',
	'escalation_acknowledgements',
	'meeting_reschedules',
	'audit_log'
] as const;

/** Whether the role this connection uses could switch the evidence triggers off, and why. */
export async function evidenceGuardOfRole(db: Db): Promise<{ role: string; superuser: boolean; owns: string[] }> {
	const list = sql.join(
		EVIDENCE_TABLES.map((t) => sql`${t}`),
		sql`, `
	);
	const rows = (await db.execute(sql`
		select current_user as role,
			(select rolsuper from pg_roles where rolname = current_user) as superuser,
			coalesce((select array_agg(tablename::text order by tablename) from pg_tables
				where schemaname = 'public' and tablename in (${list}) and pg_has_role(current_user, tableowner, 'USAGE')), '{}') as owns
	`)) as unknown as { rows?: unknown[] } | unknown[];
	const [row] = (Array.isArray(rows) ? rows : (rows.rows ?? [])) as { role: string; superuser: boolean; owns: string[] }[];
	return { role: row.role, superuser: row.superuser === true, owns: row.owns ?? [] };
}

/** The warning `npm start` prints when its role could disable the triggers; null when it could not. */
export function evidenceGuardWarning(guard: { role: string; superuser: boolean; owns: string[] }): string | null {
	if (!guard.superuser && !guard.owns.length) return null;
	const why = guard.superuser ? 'is a superuser' : `owns ${guard.owns.length} of the evidence tables (${guard.owns.join(', ')})`;
	return (
		`Warning: the database role "${guard.role}" ${why}, so it could switch off the triggers that keep the record ` +
		`append-only. Run the app as a role that does not own the tables: see "Running with a database role that does not own the tables" in the README.`
	);
}
