/**
 * An ID token as a bearer on /api/v2.0 (auth_mode oidc_auth), as Harbor accepts one: its
 * signature is checked against the provider's published keys, its issuer, audience (our client
 * ID) and expiry too; it names an onboarded user by sub + iss, and its groups claim sets their
 * groups for the request.
 */
import { createPublicKey, verify, type JsonWebKey } from 'node:crypto';
import type { CoreContext } from '../core/context.js';
import { groupsOfIdentity } from '../core/oidc/oidc-login.service.js';
import { findOidcUserIdBySubiss } from '../core/oidc/oidc-user.repository.js';
import { findUserById, type User } from '../core/users/user.repository.js';
import { providerMetadata, groupsFrom, type OidcSettings } from './oidc-client.js';

type Deps = Pick<CoreContext, 'db' | 'settings' | 'secretBox'>;

const CLOCK_SKEW_S = 60;
const KEYS_TTL_MS = 5 * 60_000;
const keySets = new Map<string, { at: number; keys: Promise<(JsonWebKey & { kid?: string })[]> }>();

/** Node's names for the JWS algorithms providers sign ID tokens with. */
const ALGORITHMS: Record<string, { hash: string; options?: object }> = {
  RS256: { hash: 'sha256' },
  RS384: { hash: 'sha384' },
  RS512: { hash: 'sha512' },
  PS256: { hash: 'sha256', options: { padding: 6, saltLength: 32 } },
  ES256: { hash: 'sha256', options: { dsaEncoding: 'ieee-p1363' } },
  ES384: { hash: 'sha384', options: { dsaEncoding: 'ieee-p1363' } },
};

function keysAt(uri: string) {
  const hit = keySets.get(uri);
  if (hit && Date.now() - hit.at < KEYS_TTL_MS) return hit.keys;
  const keys = fetch(uri, { signal: AbortSignal.timeout(10_000) })
    .then((r) => (r.ok ? (r.json() as Promise<{ keys?: (JsonWebKey & { kid?: string })[] }>) : { keys: [] }))
    .then((set) => set.keys ?? []);
  keySets.set(uri, { at: Date.now(), keys });
  keys.catch(() => keySets.delete(uri));
  return keys;
}

const decodePart = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;

/** The token's claims when it is a valid ID token for this client; null otherwise. */
async function verifiedClaims(s: OidcSettings, raw: string): Promise<Record<string, unknown> | null> {
  const parts = raw.split('.');
  if (parts.length !== 3) return null;
  let header: Record<string, unknown>;
  let claims: Record<string, unknown>;
  try {
    [header, claims] = [decodePart(parts[0]!), decodePart(parts[1]!)];
  } catch {
    return null;
  }
  const algorithm = ALGORITHMS[String(header.alg)];
  const metadata = await providerMetadata(s);
  if (!algorithm || !metadata.jwks_uri) return null;
  const key = (await keysAt(metadata.jwks_uri)).find((k) => (header.kid === undefined || k.kid === header.kid) && k.kty !== 'oct');
  if (!key) return null;
  const signed = Buffer.from(`${parts[0]}.${parts[1]}`);
  const ok = verify(algorithm.hash, signed, { key: createPublicKey({ key, format: 'jwk' }), ...algorithm.options }, Buffer.from(parts[2]!, 'base64url'));
  const now = Date.now() / 1000;
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  const valid =
    ok &&
    claims.iss === metadata.issuer &&
    audiences.includes(s.oidc_client_id) &&
    typeof claims.exp === 'number' &&
    claims.exp + CLOCK_SKEW_S > now &&
    typeof claims.sub === 'string';
  return valid ? claims : null;
}

/** The user an ID token stands for, with the groups it names; null for anything else. */
export async function userFromIdToken(deps: Deps, raw: string): Promise<User | null> {
  const settings = await deps.settings.all();
  if (settings.auth_mode !== 'oidc_auth') return null;
  const claims = await verifiedClaims(settings, raw).catch(() => null);
  if (!claims) return null;
  const userId = await findOidcUserIdBySubiss(deps.db, `${String(claims.sub)}${String(claims.iss)}`);
  const user = userId === undefined ? undefined : await findUserById(deps.db, userId);
  if (!user) return null;
  // Harbor reads the groups from the token only when it carries the claim; otherwise the last sign-in's.
  const { groupIds, adminRoleInAuth } = await groupsOfIdentity(deps, groupsFrom(settings, claims));
  return { ...user, groupIds, adminRoleInAuth, sysadmin: user.sysadmin || adminRoleInAuth };
}
