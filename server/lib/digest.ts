/**
 * Content digests (OCI image-spec, descriptor.md "Digests"): `algorithm ":" encoded`. Berth
 * computes and stores SHA-256 only; any other well-formed digest is valid syntax that Berth
 * will never hold.
 */
import { createHash } from 'node:crypto';

const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;
const SHA256 = /^sha256:[a-f0-9]{64}$/;
const SHA512 = /^sha512:[a-f0-9]{128}$/;

/** Well-formed: the grammar, and for the registered algorithms (sha256, sha512) their exact hex form. */
export function isDigest(value: string): boolean {
  if (value.startsWith('sha256:')) return SHA256.test(value);
  if (value.startsWith('sha512:')) return SHA512.test(value);
  return DIGEST.test(value);
}

/** A digest Berth can verify and store: lower-case hex SHA-256. */
export const isSha256Digest = (value: string) => SHA256.test(value);

export const sha256Digest = (bytes: Buffer | string) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

/** The hex part, for file names. */
export const digestHex = (digest: string) => digest.slice(digest.indexOf(':') + 1);
