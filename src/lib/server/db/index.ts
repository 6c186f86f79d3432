// The SvelteKit app's handle on the record: the process-wide database, configured from the environment.
import { env } from '$env/dynamic/private';
import { sharedDatabase, type Database } from './client';

export function database(): Promise<Database> {
	return sharedDatabase({ url: env.DATABASE_URL || undefined });
}
