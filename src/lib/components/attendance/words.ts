// Attendance in plain words, in the page's language at the moment each is read.
import type { AttendanceStatus } from '$lib/plan';
import { localisedLabels } from '$lib/i18n/labels';
import { m } from '$lib/paraglide/messages.js';

const statusMessages: Record<AttendanceStatus, () => string> = {
	present: m.pages_attendance_present,
	apologies: m.pages_attendance_apologies,
	absent: m.pages_attendance_absent
};

export const attendanceWords = localisedLabels(Object.keys(statusMessages) as AttendanceStatus[], (status) => statusMessages[status]());

/** "Not recorded yet", in the page's language. */
export const notRecorded = (): string => m.pages_attendance_not_recorded();
