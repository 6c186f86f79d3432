// The sealed written record (DESIGN §5 "Circulation"): every PDF carries a PAdES signature over the whole file,
// made with the authority's certificate (SEAL_P12) or, with none, a self-signed one made once under DATA_DIR;
// poppler's pdfsig finds it valid, and invalid once a single byte is changed. Its last page is the certificate
// of completion, whose text reads in order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import forge from 'node-forge';
import { createPdfPool, type PdfPool } from '../../src/lib/server/written-record/pdf-pool';
import type { ShapedRecordJob } from '../../src/lib/server/written-record/pdf-worker';
import type { RecordMember } from '../../src/lib/server/written-record/people';
import { loadSeal, SELF_SIGNED_NAME } from '../../src/lib/server/written-record/seal';
import { shapeWrittenRecord } from '../../src/lib/server/written-record/shape';
import { drawnPngSignature } from '../support/signature-pictures';
import { temporaryFolder } from '../support/test-run';

const run = promisify(execFile);
const hasPoppler = ['pdfsig', 'pdftotext'].every((tool) => !spawnSync(tool, ['-v']).error);
if (!hasPoppler) console.warn('record-seal: pdfsig/pdftotext not installed (apt-get install poppler-utils): the checks of the seal are skipped.');

const FINAL = 'f'.repeat(64);
const EARLIER = 'e'.repeat(64);
const AUDIT_HASH = 'a1'.repeat(32);
const REASON = 'the contingency sends Jamie two hours from school.';

const members: RecordMember[] = [
	{ id: 'chair', name: 'Morgan Chairfield', role: 'chair', agency: "Children's Services", relationship: 'Team manager', former: false },
	{ id: 'lsw', name: 'Sam Caseworth', role: 'lead-social-worker', agency: "Children's Services", relationship: 'Social worker', former: false },
	{ id: 'parent', name: 'Robin Testcase', role: 'family', agency: 'Family', relationship: 'Mother', former: false },
	{ id: 'school', name: 'Jo Lessonby', role: 'professional', agency: 'Example Primary School', relationship: 'Teacher', former: false },
	{ id: 'health', name: 'Kit Wellbeing', role: 'professional', agency: 'Health Visiting Team', relationship: 'Health visitor', former: false }
];

const job: ShapedRecordJob = {
	record: shapeWrittenRecord({
		case: { childName: 'Jamie Sealwell', reference: 'CP/2026/0077', nation: 'england-wales', preferredLanguage: 'English' },
		meeting: {
			scheduledFor: new Date('2026-06-30T09:00:00Z'),
			place: 'Family room',
			openedAt: new Date('2026-06-30T09:05:00Z'),
			closedAt: new Date('2026-06-30T11:00:00Z'),
			circulateBy: '2026-07-07',
			finalPlanHash: FINAL
		},
		members,
		facts: {
			attendance: { chair: 'present', lsw: 'present', parent: 'present', school: 'present', health: 'apologies' },
			plan: { concerns: 'Jamie has missed school.' },
			planHash: FINAL,
			minutes: { progress: 'Attendance is up.', notes: 'Agreed.' },
			disagreements: [],
			views: [],
			// Listed out of order on purpose: the certificate lists them by the server's time.
			signatures: [
				{ id: 's2', member: 'parent', planHash: FINAL, method: 'witnessed', witness: 'lsw', at: '2026-06-30T10:40:00.250Z', typedName: null, image: drawnPngSignature(), stale: false, agrees: false, reason: REASON, explainedBy: 'lsw', interpreter: 'Ana Nowak, Polish' },
				{ id: 's1', member: 'school', planHash: EARLIER, method: 'typed', witness: null, at: '2026-06-30T10:30:00.125Z', typedName: 'Jo Lessonby', image: null, stale: true },
				{ id: 's3', member: 'chair', planHash: FINAL, method: 'typed', witness: null, at: '2026-06-30T10:50:00.000Z', typedName: 'Morgan Chairfield', image: null, stale: false, agrees: true, reason: null, explainedBy: null, interpreter: null }
			],
			confirmations: [{ member: 'health', planHash: FINAL, emailSentAt: '2026-06-30T10:00:00Z', emailText: 'We accept our actions.', at: '2026-06-30T10:45:00.500Z', stale: false }]
		}
	}),
	making: { madeAt: '2026-06-30T11:05:00.000Z', audit: { seq: 1234, hash: AUDIT_HASH } }
};

/** A PKCS#12 as an authority's PKI would issue it: a CA and a document-signing certificate it signed. */
function authorityP12(password: string): Buffer {
	const keys = () => forge.pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 });
	const ca = keys();
	const signer = keys();
	const caCert = forge.pki.createCertificate();
	caCert.publicKey = ca.publicKey;
	caCert.serialNumber = '01';
	caCert.validity.notBefore = new Date(Date.now() - 86_400_000);
	caCert.validity.notAfter = new Date(Date.now() + 365 * 86_400_000);
	const caName = [{ name: 'commonName', value: 'Example Council Root CA' }];
	caCert.setSubject(caName);
	caCert.setIssuer(caName);
	caCert.setExtensions([{ name: 'basicConstraints', cA: true }]);
	caCert.sign(ca.privateKey, forge.md.sha256.create());
	const cert = forge.pki.createCertificate();
	cert.publicKey = signer.publicKey;
	cert.serialNumber = '02';
	cert.validity.notBefore = caCert.validity.notBefore;
	cert.validity.notAfter = caCert.validity.notAfter;
	cert.setSubject([{ name: 'commonName', value: 'Example Council Childrens Services records' }]);
	cert.setIssuer(caName);
	cert.setExtensions([{ name: 'keyUsage', digitalSignature: true, nonRepudiation: true }]);
	cert.sign(ca.privateKey, forge.md.sha256.create());
	const p12 = forge.pkcs12.toPkcs12Asn1(signer.privateKey, [cert, caCert], password, { algorithm: '3des' });
	return Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary');
}

describe('the sealed written record', () => {
	let folder: string;
	const pools: PdfPool[] = [];
	beforeAll(() => {
		folder = temporaryFolder('seal');
	});
	afterAll(async () => {
		for (const pool of pools) await pool.close();
		await rm(folder, { recursive: true, force: true });
	});

	const pdfsig = async (pdf: Uint8Array, name: string) => {
		const file = path.join(folder, name);
		await writeFile(file, pdf);
		return (await run('pdfsig', [file])).stdout;
	};

	it('makes a self-signed seal under DATA_DIR on first start, readable by its owner only, and reuses it after', async () => {
		const dataDir = path.join(folder, 'data');
		const first = loadSeal({ DATA_DIR: dataDir });
		expect(first).toMatchObject({ sealedBy: SELF_SIGNED_NAME, selfSigned: true });
		const sealFolder = path.join(dataDir, 'seal');
		expect((await stat(sealFolder)).mode & 0o777).toBe(0o700);
		for (const file of ['records-seal.p12', 'records-seal.password']) expect((await stat(path.join(sealFolder, file))).mode & 0o777).toBe(0o600);
		const again = loadSeal({ DATA_DIR: dataDir });
		expect(Buffer.from(again.p12).equals(Buffer.from(first.p12))).toBe(true);
		// The key is an RSA key of 3072 bits.
		const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(Buffer.from(first.p12).toString('binary')), first.passphrase);
		const [bag] = p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag]!;
		expect((bag.key as forge.pki.rsa.PrivateKey).n.bitLength()).toBe(3072);
	});

	it.skipIf(!hasPoppler)('seals the whole PDF so that pdfsig finds it valid, and invalid once one byte is changed', { timeout: 60_000 }, async () => {
		const pool = createPdfPool({ workers: 1, sealEnv: { DATA_DIR: path.join(folder, 'data') } });
		pools.push(pool);
		const { pdf, sha256 } = await pool.render(job);
		// The fingerprint the record is kept with is that of the sealed bytes.
		expect(sha256).toBe(createHash('sha256').update(pdf).digest('hex'));

		const report = await pdfsig(pdf, 'sealed.pdf');
		expect(report).toContain(`Signer Certificate Common Name: ${SELF_SIGNED_NAME}`);
		expect(report).toContain('Signature Type: ETSI.CAdES.detached');
		expect(report).toContain('Total document signed');
		expect(report).toContain('Signature Validation: Signature is Valid.');
		// Self-signed: the signature holds, but no reader knows who vouches for the certificate.
		expect(report).toMatch(/Certificate Validation: (Certificate issuer is unknown|Certificate is not trusted|Untrusted)/i);

		// One byte of the plan's text changed after sealing: the digest no longer matches.
		const altered = Buffer.from(pdf);
		const at = altered.indexOf('Core Group');
		expect(at).toBeGreaterThan(0);
		altered[at] = 'K'.charCodeAt(0);
		const tampered = await pdfsig(altered, 'altered.pdf');
		expect(tampered).not.toContain('Signature is Valid');
		expect(tampered).toMatch(/Signature Validation: (Digest Mismatch|Signature is Invalid)/);
	});

	it.skipIf(!hasPoppler)('seals with the authority’s certificate when SEAL_P12 names one', { timeout: 60_000 }, async () => {
		const p12File = path.join(folder, 'authority.p12');
		await writeFile(p12File, authorityP12('correct horse'));
		expect(() => loadSeal({ SEAL_P12: p12File, SEAL_P12_PASSWORD: 'wrong' })).toThrow(/could not be opened: check SEAL_P12_PASSWORD/);
		const seal = loadSeal({ SEAL_P12: p12File, SEAL_P12_PASSWORD: 'correct horse' });
		expect(seal).toMatchObject({ sealedBy: 'Example Council Childrens Services records', selfSigned: false });

		const pool = createPdfPool({ workers: 1, sealEnv: { SEAL_P12: p12File, SEAL_P12_PASSWORD: 'correct horse' } });
		pools.push(pool);
		const { pdf } = await pool.render(job);
		const report = await pdfsig(pdf, 'authority.pdf');
		expect(report).toContain('Signer Certificate Common Name: Example Council Childrens Services records');
		expect(report).toContain('Total document signed');
		expect(report).toContain('Signature Validation: Signature is Valid.');
	});

	it.skipIf(!hasPoppler)('ends with a certificate of completion that reads in order: every event, the final plan hash, the audit chain head', { timeout: 60_000 }, async () => {
		const pool = createPdfPool({ workers: 1, sealEnv: { DATA_DIR: path.join(folder, 'data') } });
		pools.push(pool);
		const { pdf } = await pool.render(job);
		const file = path.join(folder, 'certificate.pdf');
		await writeFile(file, pdf);
		// Reading order, not layout: what a screen reader or a copy-paste gets.
		const pages = (await run('pdftotext', [file, '-'])).stdout.split('\f').filter((p) => p.trim());
		const last = pages.at(-1)!.replace(/\s+/g, ' ');
		const inOrder = [
			'Certificate of completion',
			'Record made: Tue 30 Jun 2026, 12:05 (2026-06-30T11:05:00.000Z)',
			`Sealed by: ${SELF_SIGNED_NAME}`,
			`Final plan fingerprint (SHA-256): ${FINAL}`,
			`Audit chain head at the making: sequence 1234, hash ${AUDIT_HASH}`,
			'Events (4), oldest first',
			'1. Signed by Jo Lessonby',
			'Method: Typed name: Jo Lessonby',
			`Plan version (SHA-256): ${EARLIER} (an earlier version than the final plan)`,
			'Server time: Tue 30 Jun 2026, 11:30 (2026-06-30T10:30:00.125Z)',
			'2. Signed by Robin Testcase',
			'Event: Signed',
			'Signer: Robin Testcase (Mother)',
			'Method: Signed in person, witnessed',
			"Witness: Sam Caseworth (Lead social worker, Children's Services)",
			'Explained by: Sam Caseworth',
			'Interpreter: Ana Nowak, Polish',
			`Agreement: Has read the plan and does not agree, because ${REASON}`,
			`Plan version (SHA-256): ${FINAL}`,
			'Server time: Tue 30 Jun 2026, 11:40 (2026-06-30T10:40:00.250Z)',
			'3. Confirmed by e-mail for Kit Wellbeing',
			'Event: Confirmed by e-mail',
			'Server time: Tue 30 Jun 2026, 11:45 (2026-06-30T10:45:00.500Z)',
			'4. Signed by Morgan Chairfield',
			'Agreement: Agrees with this plan.'
		];
		let from = 0;
		for (const text of inOrder) {
			const at = last.indexOf(text, from);
			expect(at, `"${text}" after position ${from} of the last page`).toBeGreaterThanOrEqual(0);
			from = at + text.length;
		}
		// Beside the signature in the record itself, too.
		const body = pages.slice(0, -1).join(' ').replace(/\s+/g, ' ');
		expect(body).toContain(`Has read the plan and does not agree, because ${REASON}`);
		expect(body).toContain('The plan was explained by Sam Caseworth');
		expect(body).toContain('Interpreted by: Ana Nowak, Polish');
	});
});
