/** HTTP Basic credentials: parsing, and turning them into a Subject. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { ANONYMOUS, type Subject } from '../core/security/subject.js';
import { verifyCredentials } from '../core/sessions/login.service.js';

export interface Credentials {
  username: string;
  password: string;
}

export function parseBasic(header: string | undefined): Credentials | null {
  const match = header && /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * The subject for an Authorization header: anonymous without one, a user when Basic
 * credentials check out, or null when credentials were given and are wrong. Wrong passwords
 * count toward the sign-in limits of the account and of `clientIp`, and are audited; while
 * either is locked this throws TOO_MANY_REQUESTS (429 with Retry-After).
 */
export async function subjectFromBasic(
  db: Kysely<Database>,
  header: string | undefined,
  clientIp: string | null = null,
): Promise<Subject | null> {
  if (!header) return ANONYMOUS;
  const credentials = parseBasic(header);
  if (!credentials) return null;
  const user = await verifyCredentials(db, {
    principal: credentials.username,
    password: credentials.password,
    clientIp,
    via: 'basic',
  });
  return user ? { kind: 'user', user, via: 'basic' } : null;
}
