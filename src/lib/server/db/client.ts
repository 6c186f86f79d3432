// Opens the record: PostgreSQL through postgres.js when a URL is given, otherwise the embedded PGlite database
// under DATA_DIR. Framework-free so the SvelteKit app, the production entry and the scripts share it.
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import * as schema from './schema';
import { unixSocketOf } from './unix-socket';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/**
 * The postgres.js client behind a handle, or null on the embedded database. For the few hot paths where
 * building the query through Drizzle costs more than running it (measured on the update log's insert).
 */
export function postgresClientOf(db: Db): postgres.Sql | null {
	const client = (db as { $client?: unknown }).$client;
	return typeof client === 'function' && 'unsafe' in client ? (client as postgres.Sql) : null;
}

export interface Database {
	db: Db;
	kind: 'postgres' | 'pglite';
	/** Applies the SQL migrations in drizzle/ (the same files on both drivers). */
	migrate(): Promise<void>;
	close(): Promise<void>;
}

export interface OpenOptions {
	/** A postgres:// URL; when absent the embedded database is used. */
	url?: string;
	/** Folder of the embedded database; `memory` keeps it in memory (tests). */
	dataDir?: string;
	migrationsFolder?: string;
}

const defaultMigrations = () => path.resolve(process.env.MIGRATIONS_DIR ?? path.join(process.cwd(), 'drizzle'));

export function createDb(options: OpenOptions = {}): Database {
	const migrationsFolder = options.migrationsFolder ?? defaultMigrations();
	if (options.url) {
		// Postgres chatters NOTICEs on idempotent DDL; they are not errors and must not reach the logs.
		const { url, socket } = unixSocketOf(options.url);
		const sql = postgres(url, { max: 10, onnotice: () => {}, ...socket });
		const db = drizzlePostgres(sql, { schema });
		return {
			db: db as unknown as Db,
			kind: 'postgres',
			migrate: () => migratePostgres(db, { migrationsFolder }),
			close: () => sql.end({ timeout: 5 })
		};
	}
	const dir = options.dataDir ?? path.join(process.env.DATA_DIR ?? 'data', 'db');
	let client: PGlite;
	if (dir === 'memory') client = new PGlite();
	else {
		mkdirSync(dir, { recursive: true });
		client = new PGlite(dir);
	}
	const db = drizzlePglite(client, { schema });
	return {
		db: db as unknown as Db,
		kind: 'pglite',
		migrate: () => migratePglite(db, { migrationsFolder }),
		close: () => client.close()
	};
}

// One database per process, whoever asks first. The embedded database allows a single open handle per
// folder, and under `vite dev` the SvelteKit modules and the collaboration server are separate module
// instances: both must reach the same handle, so it lives on globalThis rather than in a module variable.
const registryKey = Symbol.for('core-group.database');
type Registry = { [registryKey]?: Promise<Database> };

/**
 * The process-wide database, opened and migrated on first use from DATABASE_URL / DATA_DIR. With
 * MIGRATION_DATABASE_URL set, the migrations are applied through that connection (the role that owns the
 * tables) and the app's own connection (DATABASE_URL, a role that does not own them) only uses them.
 */
export function sharedDatabase(options: OpenOptions = { url: process.env.DATABASE_URL || undefined }): Promise<Database> {
	const registry = globalThis as Registry;
	registry[registryKey] ??= (async () => {
		const migrationUrl = process.env.MIGRATION_DATABASE_URL?.trim();
		if (options.url && migrationUrl) {
			const owner = createDb({ ...options, url: migrationUrl });
			try {
				await owner.migrate();
			} finally {
				await owner.close();
			}
			return createDb(options);
		}
		const database = createDb(options);
		await database.migrate();
		return database;
	})();
	return registry[registryKey];
}
