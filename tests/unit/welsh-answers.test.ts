// The words the server answers with follow the request's language, and stay exactly as they were in English.
import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { inLocale } from '../../src/lib/i18n/request-locale';
import { passwordProblem } from '../../src/lib/server/accounts/password';
import { text } from '../../src/lib/server/form-input';
import { removalRefusal, roleChangeRefusal } from '../../src/lib/core-group';

const fieldRefusal = (value: unknown) => {
	const result = v.safeParse(v.object({ name: text('Your name', 5) }), { name: value });
	return result.success ? null : result.issues[0].message;
};
const parent = { role: 'family' as const, isAdmin: false };
const worker = { role: 'lead-social-worker' as const, isAdmin: false };

describe('answers in the reader’s language', () => {
	it('keeps the English words exactly', () => {
		expect(passwordProblem('short', 'a@b.test')).toBe('Use at least 12 characters.');
		expect(passwordProblem('x'.repeat(257), 'a@b.test')).toBe('Use at most 256 characters.');
		expect(passwordProblem('robin-long-password', 'robin@b.test')).toBe('Do not use your e-mail address in your password.');
		expect(fieldRefusal('toolong')).toBe('Your name is too long: keep it under 5 characters.');
		expect(fieldRefusal('a\0')).toBe('Your name contains a character that cannot be stored (a NUL byte). Remove it and send again.');
		expect(roleChangeRefusal(parent, null, 'professional')).toBe('Only the lead social worker, the chair or an administrator can change the core group.');
		expect(removalRefusal(worker, 'chair')).toBe('Only an administrator can remove the chair.');
	});

	it('answers a Welsh request in Welsh, the field’s label too', () => {
		inLocale('cy', () => {
			expect(passwordProblem('short', 'a@b.test')).toBe('Defnyddiwch o leiaf 12 nod.');
			expect(passwordProblem('robin-long-password', 'robin@b.test')).toBe('Peidiwch â defnyddio eich cyfeiriad e-bost yn eich cyfrinair.');
			expect(fieldRefusal('toolong')).toBe('Eich enw: mae’n rhy hir. Cadwch ef o dan 5 nod.');
			expect(removalRefusal(worker, 'chair')).toBe('Dim ond gweinyddwr sy’n gallu tynnu’r cadeirydd o’r grŵp.');
		});
		// Each request its own: the next English one is English again.
		expect(fieldRefusal('toolong')).toBe('Your name is too long: keep it under 5 characters.');
	});

	it('leaves an unknown label as given', () => {
		const result = inLocale('cy', () => v.safeParse(text('Something new', 1), 'xx'));
		expect(result.success ? null : result.issues[0].message).toBe('Something new: mae’n rhy hir. Cadwch ef o dan 1 nod.');
	});
});
