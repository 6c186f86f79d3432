// Attendance in plain words.
import type { AttendanceStatus } from '$lib/plan';

export const attendanceWords: Record<AttendanceStatus, string> = {
	present: 'Present',
	apologies: 'Sent apologies',
	absent: 'Absent'
};

export const NOT_RECORDED = 'Not recorded yet';
