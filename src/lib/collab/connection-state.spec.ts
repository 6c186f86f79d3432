import { describe, expect, it } from 'vitest';
import { CloseCode, ProbeCode, closeMessage, isFinalClose, refusesLocalEdits } from './close-codes';
import { connectionState, describeConnection, type ConnectionFacts } from './connection-state';

const base: ConnectionFacts = { online: true, socket: 'connecting', synced: false, everSynced: false, closed: null };

describe('connectionState', () => {
	it('is connecting until the first sync', () => {
		expect(connectionState(base)).toEqual({ kind: 'connecting' });
	});

	it('is connected once synced over an open socket', () => {
		expect(connectionState({ ...base, socket: 'connected', synced: true, everSynced: true })).toEqual({ kind: 'connected' });
	});

	it('is reconnecting when a synced link drops', () => {
		expect(connectionState({ ...base, socket: 'disconnected', synced: false, everSynced: true })).toEqual({ kind: 'reconnecting' });
	});

	it('says offline, with changes kept on the device, when the browser is offline', () => {
		const state = connectionState({ ...base, online: false, everSynced: true });
		expect(state).toEqual({ kind: 'offline' });
		expect(describeConnection(state)).toBe('Offline — changes kept on this device');
	});

	it('reports a final close above everything else', () => {
		const closed = { code: CloseCode.meetingClosed, reason: 'meeting closed' };
		expect(connectionState({ ...base, online: false, closed })).toEqual({ kind: 'closed', ...closed });
	});
});

describe('close codes', () => {
	it('stop reconnecting exactly where reconnecting cannot help', () => {
		const final = [CloseCode.sessionEnded, CloseCode.updateRefused, CloseCode.meetingClosed];
		for (const code of Object.values(CloseCode)) expect(isFinalClose(code)).toBe(final.includes(code as (typeof final)[number]));
		expect(isFinalClose(ProbeCode.notFound)).toBe(true);
		expect(isFinalClose(1006)).toBe(false);
	});

	it('mark the closes that leave refused edits on the device', () => {
		expect(refusesLocalEdits(CloseCode.meetingClosed)).toBe(true);
		expect(refusesLocalEdits(CloseCode.updateRefused)).toBe(true);
		expect(refusesLocalEdits(CloseCode.sessionEnded)).toBe(false);
	});

	it('tell a signed-out person their changes are safe and what to do', () => {
		expect(closeMessage(CloseCode.sessionEnded)).toMatch(/Sign in again.*kept on this device/);
	});
});
