// The checks a case or meeting route makes first: valid id, caller in the core group — else 404.
import { error } from '@sveltejs/kit';
import { isUuid } from '../core-group';
import { caseAccess, type CaseAccess } from './cases';
import { meetingAccess, type MeetingAccess } from './meetings';
import type { Db } from './db/client';
import type { SessionUser } from './accounts/session';

const notFound = () => error(404, { message: 'Not found' });

export async function requireCaseAccess(db: Db, user: SessionUser, caseId: string): Promise<CaseAccess> {
	if (!isUuid(caseId)) notFound();
	const access = await caseAccess(db, user, caseId);
	if (!access) notFound();
	return access!;
}

export async function requireMeetingAccess(db: Db, user: SessionUser, meetingId: string): Promise<MeetingAccess> {
	if (!isUuid(meetingId)) notFound();
	const access = await meetingAccess(db, user, meetingId);
	if (!access) notFound();
	return access!;
}
