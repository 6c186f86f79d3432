// The databases every integration suite runs against: the embedded PGlite always, and a real PostgreSQL
// when DATABASE_URL is set. Each suite gets a database of its own, built by the real migrations.
import postgres from 'postgres';
import { createDb, type Database } from '../../../src/lib/server/db/client';
import { noteDatabase } from '../../support/test-run';

export interface TestDatabaseKind {
	name: 'pglite' | 'postgres';
	/** A fresh, migrated database; `drop()` removes it again. */
	open(): Promise<Database & { drop(): Promise<void> }>;
}

const pglite: TestDatabaseKind = {
	name: 'pglite',
	async open() {
		const database = createDb({ dataDir: 'memory' });
		await database.migrate();
		return { ...database, drop: () => database.close() };
	}
};

function postgresKind(baseUrl: string): TestDatabaseKind {
	return {
		name: 'postgres',
		async open() {
			const name = `${process.env.TEST_DATABASE_PREFIX ?? 'core_group_test'}_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
			const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
			await admin.unsafe(`create database ${name}`);
			noteDatabase(name);
			const url = new URL(baseUrl);
			url.pathname = `/${name}`;
			const database = createDb({ url: url.toString() });
			await database.migrate();
			return {
				...database,
				drop: async () => {
					await database.close();
					await admin.unsafe(`drop database if exists ${name} with (force)`);
					await admin.end();
				}
			};
		}
	};
}

export const testDatabases: TestDatabaseKind[] = [
	pglite,
	...(process.env.DATABASE_URL ? [postgresKind(process.env.DATABASE_URL)] : [])
];
