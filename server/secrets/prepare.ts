/**
 * `berth prepare`: the keys Berth needs, made once and never overwritten (the seed's
 * customize_crt and secretkey_path). Layout in server/config/paths.ts:
 *   secret/core/private_key.pem   RSA key that signs registry tokens (0600)
 *   secret/registry/root.crt      its self-signed certificate, for anything that verifies tokens
 *   secret/keys/secretkey         32 random bytes that encrypt stored credentials (0600)
 * Each file is written to a temporary name and linked into place, so two processes preparing
 * the same shared volume at once both end with the same, complete files.
 */
import { createPrivateKey, createPublicKey, generateKeyPair, randomBytes, webcrypto } from 'node:crypto';
import { chmod, link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { dataLayout } from '../config/paths.js';

/** The X.509 library is loaded only when a certificate is made (first start), not in every process. */
async function loadX509() {
  await import('reflect-metadata');
  const x509 = await import('@peculiar/x509');
  x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
  return x509;
}

export interface PreparedSecrets {
  /** Files this call created (empty when everything already existed). */
  created: string[];
  tokenKeyPem: string;
  tokenCertPem: string;
  secretKey: Buffer;
}

export interface PrepareOptions {
  /** RSA modulus for a new token key; Harbor uses 4096. */
  keyBits?: number;
}

const SIGNING = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;

/** Creates `file` with `content` unless it exists. Returns true when this call created it. */
async function createOnce(file: string, content: string | Buffer, mode: number): Promise<boolean> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, content, { mode, flag: 'wx' });
  await chmod(temp, mode);
  try {
    await link(temp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    await rm(temp, { force: true });
  }
}

async function readIfPresent(file: string): Promise<Buffer | null> {
  try {
    return await readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

function newRsaKey(bits: number): Promise<string> {
  return new Promise((resolve, reject) =>
    generateKeyPair(
      'rsa',
      { modulusLength: bits, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } },
      (err, _publicKey, privateKey) => (err ? reject(err) : resolve(privateKey)),
    ),
  );
}

async function selfSignedCertificate(privateKeyPem: string): Promise<string> {
  const x509 = await loadX509();
  const privateKey = createPrivateKey(privateKeyPem);
  const subtle = webcrypto.subtle;
  const keys = {
    privateKey: await subtle.importKey('pkcs8', privateKey.export({ type: 'pkcs8', format: 'der' }), SIGNING, false, ['sign']),
    publicKey: await subtle.importKey(
      'spki',
      createPublicKey(privateKey).export({ type: 'spki', format: 'der' }),
      SIGNING,
      true,
      ['verify'],
    ),
  };
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomBytes(8).toString('hex'),
    name: 'CN=harbor-token-issuer, O=Berth',
    notBefore: new Date(),
    notAfter: new Date(Date.now() + 3650 * 86_400_000),
    keys: keys as unknown as Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0]['keys'],
    signingAlgorithm: SIGNING,
  });
  return cert.toString('pem');
}

/** A damaged key file stops everything with a sentence, not OpenSSL's decoder text. */
function usableKey(pem: string, file: string): void {
  try {
    createPrivateKey(pem);
  } catch {
    throw new Error(
      `${file} is not a PEM private key; restore it from a backup, or remove it and secret/registry/root.crt and run berth prepare (tokens already issued stop working)`,
    );
  }
}

export async function prepareSecrets(dataVolume: string, options: PrepareOptions = {}): Promise<PreparedSecrets> {
  const layout = dataLayout(dataVolume);
  await mkdir(layout.secret, { recursive: true, mode: 0o700 });
  const created: string[] = [];

  if (!(await readIfPresent(layout.tokenKey))) {
    if (await createOnce(layout.tokenKey, await newRsaKey(options.keyBits ?? 4096), 0o600)) created.push(layout.tokenKey);
  }
  const tokenKeyPem = (await readFile(layout.tokenKey)).toString('utf8');
  usableKey(tokenKeyPem, layout.tokenKey);

  if (!(await readIfPresent(layout.tokenCert))) {
    if (await createOnce(layout.tokenCert, await selfSignedCertificate(tokenKeyPem), 0o644)) created.push(layout.tokenCert);
  }
  const tokenCertPem = (await readFile(layout.tokenCert)).toString('utf8');

  if (!(await readIfPresent(layout.secretKey))) {
    if (await createOnce(layout.secretKey, randomBytes(32).toString('base64'), 0o600)) created.push(layout.secretKey);
  }
  const secretKey = await readFile(layout.secretKey);

  return { created, tokenKeyPem, tokenCertPem, secretKey };
}
