/**
 * Console sessions. The cookie holds 32 random bytes; the database keeps only their SHA-256, so
 * a copy of the database cannot be used to sign in. Each session has its own CSRF token.
 *
 * Expiry slides: a request moves it to now + session_timeout (a runtime setting, in minutes),
 * at most once a minute per session so that busy consoles do not write on every request, and
 * never for requests that ask not to (background polls). A session is void once it has expired
 * or once its user's password changed after it began.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { SettingsService } from '../settings/settings.service.js';
import type { User } from '../users/user.repository.js';
import { deleteSession, extendSession, findSessionWithUser, insertSession } from './session.repository.js';

interface Deps {
  db: Kysely<Database>;
  settings: SettingsService;
}

/** How stale last_seen may get before a request renews the session. */
export const RENEW_EVERY_MS = 60_000;

const MINUTE_MS = 60_000;

export const sessionIdOf = (cookieValue: string) => createHash('sha256').update(cookieValue).digest('hex');

export interface StartedSession {
  /** The cookie value; give it to the client and keep it nowhere. */
  cookieValue: string;
  csrfToken: string;
  expiresAt: string;
}

/**
 * Stores a new session lasting `timeoutMinutes` (the session_timeout setting, read by the caller
 * before any transaction: on SQLite a read through another handle would wait for it).
 */
export async function startSession(
  db: Kysely<Database>,
  user: User,
  timeoutMinutes: number,
  now: number = Date.now(),
): Promise<StartedSession> {
  const cookieValue = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const timeout = timeoutMinutes;
  const at = new Date(now).toISOString();
  const expiresAt = new Date(now + timeout * MINUTE_MS).toISOString();
  await insertSession(db, {
    session_id: sessionIdOf(cookieValue),
    user_id: user.id,
    csrf_token: csrfToken,
    creation_time: at,
    last_seen: at,
    expires_at: expiresAt,
    // What the sign-in found out about the user's groups lasts as long as the session.
    group_ids: JSON.stringify(user.groupIds ?? []),
    admin_in_auth: user.adminRoleInAuth ? 1 : 0,
  });
  return { cookieValue, csrfToken, expiresAt };
}

export interface LiveSession {
  /** The user as the sign-in found them: with their groups, and an admin group's rights. */
  user: User;
  csrfToken: string;
}

/** The live session for a cookie value, renewed unless `renew` is false; null when there is none. */
export async function resumeSession(deps: Deps, cookieValue: string, renew: boolean, now: number = Date.now()): Promise<LiveSession | null> {
  const sessionId = sessionIdOf(cookieValue);
  const found = await findSessionWithUser(deps.db, sessionId);
  if (!found) return null;
  const { session, user } = found;
  const expired = Date.parse(session.expires_at) <= now;
  const passwordChanged = user.passwordChangedAt !== null && user.passwordChangedAt > session.creation_time;
  if (expired || passwordChanged) {
    await deleteSession(deps.db, sessionId);
    return null;
  }
  if (renew && now - Date.parse(session.last_seen) >= RENEW_EVERY_MS) {
    const timeout = await deps.settings.get('session_timeout');
    await extendSession(deps.db, sessionId, new Date(now).toISOString(), new Date(now + timeout * MINUTE_MS).toISOString());
  }
  const adminRoleInAuth = session.admin_in_auth === 1;
  const signedIn: User = { ...user, groupIds: parseGroupIds(session.group_ids), adminRoleInAuth, sysadmin: user.sysadmin || adminRoleInAuth };
  return { user: signedIn, csrfToken: session.csrf_token };
}

/** A new session lasting the current session_timeout (not for use inside a transaction). */
export async function startSessionFor(deps: Deps, user: User): Promise<StartedSession> {
  return startSession(deps.db, user, await deps.settings.get('session_timeout'));
}

/** A stored JSON array of group ids; anything else (never written by Berth) counts as none. */
export function parseGroupIds(text: string): number[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((v): v is number => Number.isInteger(v)) : [];
  } catch {
    return [];
  }
}
