/**
 * Compact JWTs signed with RS256 (RFC 7515/7518) on Node's own crypto, and the libtrust key id
 * that docker/distribution expects in `kid` (docs/spec/auth/jwt.md): SHA-256 of the DER-encoded
 * public key, its first 240 bits in base32, in twelve groups of four joined by colons.
 */
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  kid: string;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = ((value << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

export function libtrustKeyId(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  const sum = createHash('sha256').update(der).digest().subarray(0, 30);
  return base32(sum).match(/.{4}/g)!.join(':');
}

/** The signing key from a PEM private key (PKCS#8 or PKCS#1). */
export function signingKeyFromPem(pem: string): SigningKey {
  const privateKey = createPrivateKey(pem);
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, kid: libtrustKeyId(publicKey) };
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

export function signJwt(claims: object, key: SigningKey): string {
  const header = b64url(JSON.stringify({ typ: 'JWT', alg: 'RS256', kid: key.kid }));
  const payload = b64url(JSON.stringify(claims));
  const signature = sign('sha256', Buffer.from(`${header}.${payload}`), key.privateKey);
  return `${header}.${payload}.${b64url(signature)}`;
}

/**
 * The claims of a token whose RS256 signature `publicKey` verifies, or null. Checks the header
 * (alg, and kid when present) and the signature only; the caller checks the claims.
 */
export function verifyJwt(token: string, publicKey: KeyObject, kid: string): Record<string, unknown> | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [header, payload, signature] = parts as [string, string, string];
  try {
    const head = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: unknown; kid?: unknown };
    if (head.alg !== 'RS256' || (head.kid !== undefined && head.kid !== kid)) return null;
    const signed = verify('sha256', Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(signature, 'base64url'));
    if (!signed) return null;
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return typeof claims === 'object' && claims !== null && !Array.isArray(claims) ? (claims as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
