// The file name a written record is downloaded and attached as: the case reference and the meeting's date,
// so a folder of them sorts by case, then by meeting. Only safe characters: it goes into HTTP headers.
import { londonDate } from '../../calendar';

const safe = (reference: string) => reference.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'case';

export function recordFileName(reference: string, meeting: { openedAt: Date | null; scheduledFor: Date }): string {
	const safeReference = safe(reference);
	return `core-group-record-${safeReference}-${londonDate(meeting.openedAt ?? meeting.scheduledFor)}.pdf`;
}

/** "core-group-family-copy-DEMO-0001-2026-11-26-cy.pdf": which copy, whose, which meeting, which language. */
export function copyFileName(copy: { kind: 'family' | 'child'; reference: string; meetingDate: string; locale: string; easyRead: boolean }): string {
	const format = copy.kind === 'family' && copy.easyRead ? '-easy-read' : '';
	return `core-group-${copy.kind}-copy-${safe(copy.reference)}-${copy.meetingDate}-${copy.locale}${format}.pdf`;
}
