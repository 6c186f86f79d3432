// The server's plan hash is the plan model's, byte for byte: a signature's hash means the same wherever taken.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addAction, addNeed, planHash, seedMeetingDocument, setPlanText, userOrigin } from '../../src/lib/plan';
import { serverPlanHash } from '../../src/lib/server/plan-hash';

describe('the server’s plan hash', () => {
	it('equals the plan model’s for an empty plan and for one in many scripts', () => {
		const doc = new Y.Doc();
		seedMeetingDocument(doc);
		expect(serverPlanHash(doc)).toBe(planHash(doc));
		const me = userOrigin('member-1');
		setPlanText(doc, 'concerns', 'Zoë’s attendance — 出席 — ☀️ "quoted" \\ back\nslash', me);
		addNeed(doc, { text: 'Bod yn yr ysgol bob dydd; być w szkole codziennie.' }, me);
		addAction(doc, { what: 'Walk to school', due: '2027-01-08', status: 'in-progress' }, me);
		expect(serverPlanHash(doc)).toBe(planHash(doc));
		expect(serverPlanHash(doc)).toMatch(/^[0-9a-f]{64}$/);
	});
});
