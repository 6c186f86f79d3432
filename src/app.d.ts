import type { Db } from '$lib/server/db/client';
import type { Session, SessionUser } from '$lib/server/accounts/session';
import type { Locale } from '$lib/i18n/locale';

declare global {
	namespace App {
		interface Locals {
			db: Db;
			user: SessionUser | null;
			session: Session | null;
			/** The language this request is answered in. */
			locale: Locale;
		}
		interface Error {
			message: string;
		}
	}
}

export {};
