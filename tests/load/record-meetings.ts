// Large written records over the public surface, as a core group would make them: the chair opens the meeting,
// a long plan and long minutes are typed into the live document, every writing member signs with a picture
// near the largest signing keeps, and the chair closes it. Then, over and over, a late fact (how the plan
// reflects a disagreement) makes the stored record out of date and `GET /meetings/<id>/record.pdf` makes it again.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { addAction, addNeed, addOutcome, planHash, setMinutesText, setPlanText, userOrigin } from '../../src/lib/plan';
import { largePngSignature, longText, TEXT_LIMIT } from '../support/large-record';
import { connectAttendee, waitUntil } from './attendee';
import { formAction } from './meeting-actions';
import type { TargetServer } from './servers';

/** Session cookies of the demo people who sign (WRITING_ACCOUNTS), the chair and lead social worker by name. */
export interface Signers {
	chair: string;
	leadSocialWorker: string;
	all: string[];
}

interface MeetingJson {
	planHash: string;
	status: string;
	members: { id: string; role: string }[];
	disagreements: { id: string }[];
}

/** Signing draws a picture again before keeping it: this many strokes keep the redrawn PNG (about 470 KiB) within its 512 KiB. */
const SIGNATURE_STROKES = 24;

async function meetingJson(server: TargetServer, cookie: string, meetingId: string): Promise<MeetingJson> {
	const response = await fetch(`${server.httpUrl}/api/meetings/${meetingId}`, { headers: { cookie } });
	if (!response.ok) throw new Error(`GET /api/meetings/${meetingId} answered ${response.status}.`);
	return (await response.json()) as MeetingJson;
}

/** Types a plan and minutes as long as the document's limits let a text be, as the chair, over a live socket. */
async function typeLongPlan(server: TargetServer, cookie: string, meetingId: string, chairMember: string): Promise<string> {
	const chair = connectAttendee({ collabUrl: server.collabUrl, room: meetingId, cookie, name: 'chair' });
	try {
		await waitUntil(chair, () => chair.provider.synced, 60_000, 'the chair synced');
		const me = userOrigin(chairMember);
		const { doc } = chair;
		setPlanText(doc, 'concerns', longText(TEXT_LIMIT, 1), me);
		for (let i = 0; i < 10; i++) addNeed(doc, { text: longText(2_000, 10 + i) }, me);
		const outcome = addOutcome(doc, { text: longText(1_000, 20), measure: longText(500, 21), by: '2027-03-31' }, me);
		for (let i = 0; i < 10; i++) {
			addAction(doc, { what: longText(2_000, 30 + i), why: longText(1_000, 40 + i), owner: chairMember, due: '2027-02-15', outcome, contact: 'Weekly, by phone and a home visit.', status: 'in-progress' }, me);
		}
		setPlanText(doc, 'nonNegotiables', longText(TEXT_LIMIT, 2), me);
		setPlanText(doc, 'contingency', longText(TEXT_LIMIT, 3), me);
		setMinutesText(doc, 'progress', longText(TEXT_LIMIT, 4), me);
		setMinutesText(doc, 'notes', longText(TEXT_LIMIT, 5), me);
		const typed = planHash(doc);
		// Stored and applied by the server: its plan hash is the one typed here.
		for (let waited = 0; (await meetingJson(server, cookie, meetingId)).planHash !== typed; waited += 100) {
			if (waited > 60_000) throw new Error(`The long plan of meeting ${meetingId} did not reach the server within 60 s.`);
			await sleep(100);
		}
		return typed;
	} finally {
		chair.destroy();
	}
}

/**
 * Opens the meeting, types the long plan, records a disagreement, has everyone sign with a large picture, and
 * closes it. Returns the disagreement's id.
 */
export async function holdLargeMeeting(server: TargetServer, signers: Signers, meetingId: string): Promise<string> {
	await formAction(server, signers.chair, meetingId, 'open');
	const { members } = await meetingJson(server, signers.chair, meetingId);
	const chairMember = members.find((m) => m.role === 'chair')?.id;
	if (!chairMember) throw new Error(`Meeting ${meetingId} lists no chair.`);
	const hash = await typeLongPlan(server, signers.chair, meetingId, chairMember);
	await formAction(server, signers.chair, meetingId, 'disagree', { about: 'contingency', position: longText(2_000, 50), reason: longText(2_000, 51) });
	for (const [i, cookie] of signers.all.entries()) {
		const signature = largePngSignature(SIGNATURE_STROKES, 11 + i);
		await formAction(server, cookie, meetingId, 'sign', { method: 'drawn', signature, planHash: hash, agrees: 'yes' });
	}
	await formAction(server, signers.chair, meetingId, 'close');
	// Looked up now, not while measuring: this answer carries every signature picture, megabytes of JSON.
	const [disagreement] = (await meetingJson(server, signers.chair, meetingId)).disagreements;
	if (!disagreement) throw new Error(`Meeting ${meetingId} lists no disagreement.`);
	return disagreement.id;
}

export interface RecordTimings {
	/** Milliseconds from asking for the PDF to its last byte, for each record made. */
	made: number[];
	bytes: number;
	/** "503" → how many times, for requests that did not give a PDF. */
	failures: Map<string, number>;
}

export function emptyTimings(): RecordTimings {
	return { made: [], bytes: 0, failures: new Map() };
}

/** Asks for the record's PDF; it is made afresh whenever a fact was recorded after the stored one. */
export async function fetchRecordPdf(server: TargetServer, cookie: string, meetingId: string, timings: RecordTimings): Promise<void> {
	const started = performance.now();
	const response = await fetch(`${server.httpUrl}/meetings/${meetingId}/record.pdf`, { headers: { cookie } });
	// Read as it streams in and let go: holding megabytes per record would cost this process's own event loop,
	// the one that times the rooms' edits, and show up in their latency.
	let head = '';
	let bytes = 0;
	const reader = response.body?.getReader();
	for (let part = await reader?.read(); part && !part.done; part = await reader?.read()) {
		if (head.length < 5) head += Buffer.from(part.value.subarray(0, 5 - head.length)).toString('latin1');
		bytes += part.value.byteLength;
	}
	if (response.ok && head === '%PDF-') {
		timings.made.push(performance.now() - started);
		timings.bytes = Math.max(timings.bytes, bytes);
	} else {
		const key = String(response.status);
		timings.failures.set(key, (timings.failures.get(key) ?? 0) + 1);
	}
}

/**
 * Until `stop`: a late fact (the lead social worker records again how the plan reflects the disagreement), so
 * the stored record is out of date, then the PDF, again and again. This fact is the cheapest to record: a
 * signature or an e-mail confirmation would also hash the whole large plan on the server each time.
 */
export async function remakeRecords(
	server: TargetServer,
	signers: Signers,
	meeting: { id: string; disagreement: string },
	stop: AbortSignal,
	timings: RecordTimings,
	/** Stop after this many, if `stop` has not come first. */
	times = Infinity
): Promise<void> {
	for (let n = 1; !stop.aborted && n <= times; n++) {
		const reflected = `Not accepted: the plan keeps weekly visits (reviewed ${n} times).`;
		await formAction(server, signers.leadSocialWorker, meeting.id, 'reflect', { id: meeting.disagreement, reflected, accepted: 'no' });
		await fetchRecordPdf(server, signers.chair, meeting.id, timings);
	}
}
