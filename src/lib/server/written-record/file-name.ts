// The file name a written record is downloaded and attached as: the case reference and the meeting's date,
// so a folder of them sorts by case, then by meeting. Only safe characters: it goes into HTTP headers.
import { londonDate } from '../../calendar';

export function recordFileName(reference: string, meeting: { openedAt: Date | null; scheduledFor: Date }): string {
	const safeReference = reference.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'case';
	return `core-group-record-${safeReference}-${londonDate(meeting.openedAt ?? meeting.scheduledFor)}.pdf`;
}
