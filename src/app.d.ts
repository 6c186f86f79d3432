import type { Db } from '$lib/server/db/client';
import type { Session, SessionUser } from '$lib/server/accounts/session';

declare global {
	namespace App {
		interface Locals {
			db: Db;
			user: SessionUser | null;
			session: Session | null;
		}
		interface Error {
			message: string;
		}
	}
}

export {};
