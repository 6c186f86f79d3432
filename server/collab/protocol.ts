// The y-websocket wire format, read strictly: a message is a sync step, a document update, an awareness
// update or an awareness query — anything else is malformed. Encoding helpers build the replies once, so a
// relayed update is encoded a single time for all its receivers.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const MESSAGE_QUERY_AWARENESS = 3;
const SYNC_STEP_1 = 0;
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;

export type ClientMessage =
	| { kind: 'sync-step-1'; stateVector: Uint8Array }
	/** Step 2 and a plain update both carry an update the client wants applied. */
	| { kind: 'update'; update: Uint8Array }
	| { kind: 'awareness'; update: Uint8Array }
	| { kind: 'query-awareness' };

export class MalformedMessage extends Error {}

/** Parses one frame; throws MalformedMessage on anything that is not exactly one known message. */
export function parseClientMessage(frame: Uint8Array): ClientMessage {
	try {
		const decoder = decoding.createDecoder(frame);
		const type = decoding.readVarUint(decoder);
		let message: ClientMessage;
		if (type === MESSAGE_SYNC) {
			const step = decoding.readVarUint(decoder);
			const payload = decoding.readVarUint8Array(decoder);
			if (step === SYNC_STEP_1) message = { kind: 'sync-step-1', stateVector: payload };
			else if (step === SYNC_STEP_2 || step === SYNC_UPDATE) message = { kind: 'update', update: payload };
			else throw new MalformedMessage(`unknown sync step ${step}`);
		} else if (type === MESSAGE_AWARENESS) {
			message = { kind: 'awareness', update: decoding.readVarUint8Array(decoder) };
		} else if (type === MESSAGE_QUERY_AWARENESS) {
			message = { kind: 'query-awareness' };
		} else throw new MalformedMessage(`unknown message type ${type}`);
		if (decoding.hasContent(decoder)) throw new MalformedMessage('trailing bytes after the message');
		return message;
	} catch (e) {
		if (e instanceof MalformedMessage) throw e;
		throw new MalformedMessage('truncated or unreadable message');
	}
}

function encodeSync(step: number, payload: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	encoding.writeVarUint(encoder, step);
	encoding.writeVarUint8Array(encoder, payload);
	return encoding.toUint8Array(encoder);
}

export const syncStep1Message = (stateVector: Uint8Array) => encodeSync(SYNC_STEP_1, stateVector);
export const syncStep2Message = (update: Uint8Array) => encodeSync(SYNC_STEP_2, update);
export const updateMessage = (update: Uint8Array) => encodeSync(SYNC_UPDATE, update);

export function awarenessMessage(awarenessUpdate: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
	encoding.writeVarUint8Array(encoder, awarenessUpdate);
	return encoding.toUint8Array(encoder);
}

/** One client's entry in an awareness update (y-protocols' encoding: id, clock, JSON state or null). */
export interface AwarenessEntry {
	clientId: number;
	clock: number;
	state: Record<string, unknown> | null;
}

export function decodeAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
	try {
		const decoder = decoding.createDecoder(update);
		const count = decoding.readVarUint(decoder);
		const entries: AwarenessEntry[] = [];
		for (let i = 0; i < count; i++) {
			const clientId = decoding.readVarUint(decoder);
			const clock = decoding.readVarUint(decoder);
			const state: unknown = JSON.parse(decoding.readVarString(decoder));
			if (state !== null && (typeof state !== 'object' || Array.isArray(state))) throw new Error('state is not an object');
			entries.push({ clientId, clock, state: state as Record<string, unknown> | null });
		}
		if (decoding.hasContent(decoder)) throw new Error('trailing bytes');
		return entries;
	} catch {
		throw new MalformedMessage('unreadable awareness update');
	}
}

export function encodeAwarenessUpdate(entries: readonly AwarenessEntry[]): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, entries.length);
	for (const e of entries) {
		encoding.writeVarUint(encoder, e.clientId);
		encoding.writeVarUint(encoder, e.clock);
		encoding.writeVarString(encoder, JSON.stringify(e.state));
	}
	return encoding.toUint8Array(encoder);
}
