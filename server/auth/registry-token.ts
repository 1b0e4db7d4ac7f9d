/**
 * Harbor's registry tokens (docker/distribution docs/spec/auth/jwt.md): RS256 JWTs from
 * harbor-token-issuer for the harbor-registry audience, whose `access` claim lists what the
 * bearer may do. Issued by the token service, verified by the registry on every request, with
 * verified tokens kept by their text so the hot path does no cryptography and no database work.
 */
import { randomBytes } from 'node:crypto';
import { signJwt, verifyJwt, type SigningKey } from '../lib/jwt.js';
import { TtlCache } from '../lib/ttl-cache.js';
import type { ResourceAccess } from './scope.js';

export const TOKEN_ISSUER = 'harbor-token-issuer';
export const TOKEN_SERVICE = 'harbor-registry';
/** Clock skew allowed between the issuing and the verifying process (Harbor allows 60 s). */
const LEEWAY_S = 60;

export interface IssuedToken {
  token: string;
  expiresIn: number;
  issuedAt: string;
}

/** Signs a token for `subject` ("" when anonymous, as the spec says) granting `access`. */
export function issueRegistryToken(key: SigningKey, subject: string, access: ResourceAccess[], ttlSeconds: number, now = Date.now()): IssuedToken {
  const iat = Math.floor(now / 1000);
  const claims = {
    iss: TOKEN_ISSUER,
    sub: subject,
    aud: TOKEN_SERVICE,
    exp: iat + ttlSeconds,
    nbf: iat,
    iat,
    jti: randomBytes(12).toString('base64url'),
    access,
  };
  return { token: signJwt(claims, key), expiresIn: ttlSeconds, issuedAt: new Date(iat * 1000).toISOString() };
}

/** A token that checked out: who it names and what it allows. */
export class VerifiedToken {
  constructor(
    /** The `sub` claim: a username, or "" for an anonymous token. */
    readonly subject: string,
    private readonly grants: ReadonlyMap<string, ReadonlySet<string>>,
  ) {}

  allows(type: string, name: string, action: string): boolean {
    const actions = this.grants.get(`${type}:${name}`);
    return actions !== undefined && (actions.has(action) || actions.has('*'));
  }
}

function grantsOf(access: unknown): Map<string, Set<string>> | null {
  if (!Array.isArray(access)) return null;
  const grants = new Map<string, Set<string>>();
  for (const entry of access as Partial<ResourceAccess>[]) {
    if (typeof entry?.type !== 'string' || typeof entry.name !== 'string' || !Array.isArray(entry.actions)) return null;
    const key = `${entry.type}:${entry.name}`;
    const actions = grants.get(key) ?? new Set<string>();
    for (const action of entry.actions) if (typeof action === 'string') actions.add(action);
    grants.set(key, actions);
  }
  return grants;
}

export class RegistryTokenVerifier {
  private readonly verified = new TtlCache<string, VerifiedToken>(20_000, 15 * 60_000);

  constructor(
    private readonly key: SigningKey,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The token's grants when its signature, issuer, audience and times check out; else null. */
  verify(token: string): VerifiedToken | null {
    const known = this.verified.get(token);
    if (known) return known;
    const claims = verifyJwt(token, this.key.publicKey, this.key.kid);
    if (!claims || claims.iss !== TOKEN_ISSUER) return null;
    const audience = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!audience.includes(TOKEN_SERVICE)) return null;
    const now = this.clock() / 1000;
    const { exp, nbf } = claims;
    if (typeof exp !== 'number' || exp + LEEWAY_S <= now) return null;
    if (typeof nbf === 'number' && nbf - LEEWAY_S > now) return null;
    const grants = grantsOf(claims.access ?? []);
    if (!grants || typeof claims.sub !== 'string') return null;
    const result = new VerifiedToken(claims.sub, grants);
    this.verified.set(token, result, (exp + LEEWAY_S) * 1000);
    return result;
  }
}
