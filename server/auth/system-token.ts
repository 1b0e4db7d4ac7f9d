/**
 * Registry tokens Berth mints for itself: replication reaches this Berth's /v2 over loopback
 * as the system operator, with a token for exactly the scopes each request asks, signed by the
 * same key the token service uses. No password exists for this actor; nothing outside the
 * process can obtain such a token.
 */
import { SYSTEM_OPERATOR } from '../core/audit/audit.service.js';
import type { SigningKey } from '../lib/jwt.js';
import type { TokenMinter } from '../remote/types.js';
import { issueRegistryToken } from './registry-token.js';
import { parseScopes } from './scope.js';

/** Long enough for a large layer; the remote client refreshes tokens before they lapse. */
const SYSTEM_TOKEN_SECONDS = 30 * 60;

export function systemTokenMinter(key: SigningKey): TokenMinter {
  return (scopes, subject = SYSTEM_OPERATOR) => {
    const issued = issueRegistryToken(key, subject, parseScopes(scopes), SYSTEM_TOKEN_SECONDS);
    return { token: issued.token, expiresIn: issued.expiresIn };
  };
}
