// What the meeting page offers each person, from their role in the core group. The page only mirrors these:
// every action checks again on the server (meeting-facts.ts, meeting-signatures.ts, circulation.ts,
// view-links in the page's actions), and those checks decide.
import { mayScheduleMeetings } from '../core-group';
import { CIRCULATING_ROLES } from './circulation';
import { maySendWrittenViews } from './meeting-facts';
import { WITNESS_ROLES } from './meeting-signatures';
import type { MeetingAccess } from './meetings';
import { RESCHEDULE_ROLES } from './between/reschedule';

export interface MeetingPermissions {
	/** Open and close the meeting (chair). */
	openAndClose: boolean;
	/** Pause and resume editing of the plan while it is signed (chair). */
	pauseEditing: boolean;
	/** Record who is present (chair or minute-taker). */
	recordAttendance: boolean;
	/** Record one's own disagreement (any member but an observer). */
	disagree: boolean;
	/** Record a disagreement on behalf of a named member (chair or minute-taker). */
	disagreeForOthers: boolean;
	/** Say how the plan reflects a disagreement (chair or lead social worker). */
	reflect: boolean;
	/** Create a one-time link for written views (chair or lead social worker). */
	createViewLink: boolean;
	/** Send one's own written views (any member but an observer; not once marked present). */
	sendViews: boolean;
	/** Sign the plan oneself (any member but an observer). */
	sign: boolean;
	/** Hold the device while a family member signs in person. */
	witness: boolean;
	/** Record an agency's e-mail confirmation (lead social worker). */
	confirmByEmail: boolean;
	/** Circulate the written record (chair, minute-taker, lead social worker). */
	circulate: boolean;
	/** Schedule the next meeting (chair, lead social worker, administrator). */
	scheduleNext: boolean;
	/** Move this meeting while it is scheduled (lead social worker or chair). */
	reschedule: boolean;
	/** Tell the lead social worker of a difficulty with the plan (any member but an observer). */
	escalate: boolean;
}

export function meetingPermissions(access: MeetingAccess): MeetingPermissions {
	const role = access.membership ? access.role : null;
	const is = (...roles: string[]) => role !== null && roles.includes(role);
	const member = role !== null;
	return {
		openAndClose: is('chair'),
		pauseEditing: is('chair'),
		recordAttendance: is('chair', 'minute-taker'),
		disagree: member && role !== 'observer',
		disagreeForOthers: is('chair', 'minute-taker'),
		reflect: is('chair', 'lead-social-worker'),
		createViewLink: is('chair', 'lead-social-worker'),
		sendViews: maySendWrittenViews(role),
		sign: member && role !== 'observer',
		witness: role !== null && WITNESS_ROLES.includes(role),
		confirmByEmail: is('lead-social-worker'),
		circulate: role !== null && CIRCULATING_ROLES.includes(role),
		scheduleNext: mayScheduleMeetings(access),
		reschedule: is(...RESCHEDULE_ROLES) && access.meeting.status === 'scheduled',
		escalate: member && role !== 'observer'
	};
}
