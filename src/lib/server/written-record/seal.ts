// The seal on the written record's PDF: a PAdES signature (ETSI.CAdES.detached) over the whole file with the
// authority's document-signing certificate, so any PDF reader, and poppler's pdfsig, can tell a copy that
// was changed after it was made. The certificate is SEAL_P12 (a PKCS#12 file) opened with SEAL_P12_PASSWORD;
// with none configured, a self-signed one is made under DATA_DIR on first start and kept from then on.
import { constants, createPrivateKey, generateKeyPairSync, privateEncrypt, randomBytes, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import forge from 'node-forge';
import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { SignPdf } from '@signpdf/signpdf';
import { Signer, SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';

/** The certificate and key that seal the records, as the worker needs them. Never logged. */
export interface SealKey {
	p12: Uint8Array;
	passphrase: string;
	/** Whose seal it is, for the certificate of completion: the certificate's subject common name. */
	sealedBy: string;
	selfSigned: boolean;
	/** Signs with the key and certificates opened once, here, not for every record. */
	signer: Signer;
}

export const SELF_SIGNED_NAME = 'Core Group records seal (self-signed)';
const SELF_SIGNED_FILE = 'records-seal.p12';
const SELF_SIGNED_PASSWORD_FILE = 'records-seal.password';
/** Room in the PDF for the signature: a certificate chain of a few certificates fits with room to spare. */
const SIGNATURE_BYTES = 16_384;

/** Where the seal comes from: the process's environment, or one a test names. */
export type SealEnv = Partial<Record<'SEAL_P12' | 'SEAL_P12_PASSWORD' | 'DATA_DIR', string>>;

/** The configured seal, or the self-signed one under DATA_DIR (made now if there is none yet). */
export function loadSeal(env: SealEnv = process.env): SealKey {
	if (env.SEAL_P12) {
		const file = path.resolve(env.SEAL_P12);
		if (!existsSync(file)) throw new Error(`SEAL_P12 names ${file}, which does not exist: install the authority's certificate there or unset SEAL_P12.`);
		return openSeal(readFileSync(file), env.SEAL_P12_PASSWORD ?? '', `SEAL_P12 (${file})`, false);
	}
	const folder = selfSignedFolder(env);
	if (!existsSync(path.join(folder, SELF_SIGNED_FILE))) makeSelfSignedSeal(folder);
	return openSeal(readFileSync(path.join(folder, SELF_SIGNED_FILE)), readFileSync(path.join(folder, SELF_SIGNED_PASSWORD_FILE), 'utf8').trim(), folder, true);
}

/** The folder that holds the self-signed seal and its password, readable by this user only. */
export const selfSignedFolder = (env: SealEnv) => path.resolve(env.DATA_DIR || 'data', 'seal');

/** Opens the PKCS#12 once, so a wrong password or a file without a key is said at start, not at the first record. */
function openSeal(p12: Buffer, passphrase: string, where: string, selfSigned: boolean): SealKey {
	let store: forge.pkcs12.Pkcs12Pfx;
	try {
		store = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(forge.util.createBuffer(p12.toString('binary'))), false, passphrase);
	} catch {
		throw new Error(`The records seal in ${where} could not be opened: check SEAL_P12_PASSWORD and that the file is a PKCS#12 (.p12/.pfx).`);
	}
	const keys = store.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag] ?? [];
	const certificates = (store.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? []).flatMap((bag) => (bag.cert ? [bag.cert] : []));
	const key = keys[0]?.key as forge.pki.rsa.PrivateKey | undefined;
	const own = key && certificates.find((c) => (c.publicKey as forge.pki.rsa.PublicKey).n.equals(key.n));
	if (!own) throw new Error(`The records seal in ${where} holds no certificate with its private key: export the key and certificate together.`);
	const commonName = own.subject.getField('CN') as { value: string } | null;
	const signer = new OpenedSealSigner(createPrivateKey(forge.pki.privateKeyToPem(key)), certificates, own);
	return { p12: new Uint8Array(p12), passphrase, sealedBy: commonName?.value ?? 'the authority', selfSigned, signer };
}

/** DER of the DigestInfo for SHA-256 (RFC 8017 §9.2), before the digest itself: what PKCS #1 v1.5 signs. */
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/**
 * The PKCS #7 signature the seal puts in the PDF, as @signpdf's P12Signer builds it (the same certificates and
 * signed attributes, in the same order), with two differences that took most of a record's sealing time: the
 * PKCS #12 is opened once, not for each record (its key derivation runs in JavaScript), and the RSA signature
 * is made by Node's OpenSSL (about 1.5 ms) rather than node-forge's JavaScript (60–90 ms for a 3072-bit key);
 * PKCS #1 v1.5 is deterministic, so the signature is the same bytes either way.
 */
class OpenedSealSigner extends Signer {
	constructor(
		private readonly key: KeyObject,
		private readonly certificates: forge.pki.Certificate[],
		private readonly own: forge.pki.Certificate
	) {
		super();
	}

	async sign(pdfBuffer: Buffer, signingTime?: Date): Promise<Buffer> {
		const p7 = forge.pkcs7.createSignedData();
		p7.content = forge.util.createBuffer(pdfBuffer.toString('binary'));
		for (const certificate of this.certificates) p7.addCertificate(certificate);
		// forge calls the key's sign() with the digest of the signed attributes, and takes the signature in
		// forge's binary string.
		const key = this.key;
		const byOpenSsl = {
			sign: (md: forge.md.MessageDigest) =>
				privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, Buffer.concat([SHA256_DIGEST_INFO, Buffer.from(md.digest().getBytes(), 'binary')])).toString('binary')
		};
		p7.addSigner({
			key: byOpenSsl as unknown as forge.pki.rsa.PrivateKey,
			certificate: this.own,
			digestAlgorithm: forge.pki.oids.sha256,
			// In this order, for EU signature validation (as P12Signer has them).
			authenticatedAttributes: [
				{ type: forge.pki.oids.contentType, value: forge.pki.oids.data },
				{ type: forge.pki.oids.signingTime, value: (signingTime ?? new Date()) as unknown as string },
				{ type: forge.pki.oids.messageDigest }
			]
		});
		p7.sign({ detached: true });
		return Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), 'binary');
	}
}

/** A self-signed document-signing certificate with an RSA 3072 key, written readable by this user only. */
function makeSelfSignedSeal(folder: string): void {
	// Node makes the key (native, a fraction of a second); forge writes the certificate and the PKCS#12.
	const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 3072 });
	const key = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
	const certificate = forge.pki.createCertificate();
	certificate.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
	certificate.serialNumber = `01${randomBytes(15).toString('hex')}`;
	certificate.validity.notBefore = new Date();
	certificate.validity.notAfter = new Date(Date.now() + 10 * 365.25 * 24 * 3600 * 1000);
	const subject = [
		{ name: 'commonName', value: SELF_SIGNED_NAME },
		{ name: 'organizationName', value: 'Core Group' }
	];
	certificate.setSubject(subject);
	certificate.setIssuer(subject);
	certificate.setExtensions([
		{ name: 'basicConstraints', cA: false, critical: true },
		{ name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
		{ name: 'subjectKeyIdentifier' }
	]);
	certificate.sign(key, forge.md.sha256.create());
	const passphrase = randomBytes(24).toString('base64url');
	const p12 = forge.pkcs12.toPkcs12Asn1(key, [certificate], passphrase, { algorithm: '3des', friendlyName: SELF_SIGNED_NAME });

	// Both files are written in a folder of their own and it is renamed into place: whoever makes it first wins
	// (two workers starting at once), and a start interrupted half-way leaves no key without its password.
	mkdirSync(path.dirname(folder), { recursive: true });
	const partial = mkdtempSync(path.join(path.dirname(folder), '.seal-'));
	chmodSync(partial, 0o700);
	writeFileSync(path.join(partial, SELF_SIGNED_PASSWORD_FILE), passphrase, { mode: 0o600 });
	writeFileSync(path.join(partial, SELF_SIGNED_FILE), Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary'), { mode: 0o600 });
	try {
		renameSync(partial, folder);
	} catch (error) {
		rmSync(partial, { recursive: true, force: true });
		if (existsSync(path.join(folder, SELF_SIGNED_FILE))) return;
		throw error;
	}
	console.log(`Made a self-signed certificate to seal written records, in ${folder}. Install the authority's own (SEAL_P12) before records leave the app.`);
}

/** The PDF with the seal over all of it: a signature field whose byte range covers every byte but its own value. */
export async function sealPdf(pdf: Buffer, seal: SealKey, at: Date): Promise<Buffer> {
	const prepared = plainAddPlaceholder({
		pdfBuffer: pdf,
		reason: 'Written record of a core group meeting, sealed as it was made',
		contactInfo: '',
		name: seal.sealedBy,
		location: '',
		signingTime: at,
		signatureLength: SIGNATURE_BYTES,
		subFilter: SUBFILTER_ETSI_CADES_DETACHED,
		// A PDF name: no spaces.
		appName: 'CoreGroup'
	});
	return new SignPdf().sign(prepared, seal.signer, at);
}
