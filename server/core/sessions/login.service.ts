/**
 * Signing in with a password, for the console (/c/login) and for HTTP Basic. Both go through
 * the same limits (login-throttle.ts) and write a failed attempt to the audit log; a console
 * sign-in and sign-out are audited when they succeed too. (Successful Basic requests are not:
 * each API call would add a row.)
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import { unauthorized } from '../../lib/errors.js';
import type { CoreContext } from '../context.js';
import { verifyPassword } from '../../lib/password.js';
import { findCredentialsByPrincipal, findUserIdByUsernameAnyCase, type User } from '../users/user.repository.js';
import type { ThrottleKey } from './login-throttle.repository.js';
import { recordFailure, recordSuccess, refuseWhileLocked, throttleKeys } from './login-throttle.js';
import { deleteSession } from './session.repository.js';
import { resumeSession, sessionIdOf, startSession, type StartedSession } from './session.service.js';

type Deps = Pick<CoreContext, 'db' | 'settings' | 'credentials' | 'audit'>;
/** What a password check needs: the database, the app's queues of checks under way, and its audit log. */
type CheckDeps = Pick<CoreContext, 'db' | 'credentials' | 'audit'>;

export interface Attempt {
  principal: string;
  password: string;
  clientIp: string | null;
  via: 'console' | 'basic';
}

/**
 * Checks a password against the directory (auth_mode ldap_auth) and returns the local user it
 * maps to, or null. Supplied by server/auth, so core stays free of the LDAP client. May throw
 * UNAVAILABLE when the directory cannot be reached (not counted as a failed sign-in).
 */
export type DirectoryCheck = (principal: string, password: string) => Promise<User | null>;

/** The built-in admin (user 1) signs in with its database password in every mode, as in Harbor. */
const BUILT_IN_ADMIN_ID = 1;

const loginAudit = (attempt: Attempt, username: string, success: boolean) => ({
  operation: 'login' as const,
  resourceType: 'user' as const,
  resource: username.slice(0, 255),
  description: `login user ${username.slice(0, 255)} (${attempt.via}): ${success ? 'signed in' : 'wrong username or password'}`,
  success,
  username: username.slice(0, 255),
  clientIp: attempt.clientIp,
});

/**
 * Runs the checks of one account from one address one after another in this process. Without
 * it, forty guesses sent at once all pass the lock check before the first failure is counted
 * (the password hash takes tens of milliseconds); in line, the sixth finds the account locked.
 * The queues belong to the app (CoreContext.credentials), not to the module.
 * The line is per address, like the lock, so a stranger's queue of guesses never delays the
 * account's owner elsewhere. Processes sharing the database each keep their own line, so a
 * guesser gains at most one attempt per process.
 */
async function oneAtATime<T>(checksInFlight: Map<string, Promise<unknown>>, account: string, check: () => Promise<T>): Promise<T> {
  const current = (checksInFlight.get(account) ?? Promise.resolve()).then(check);
  const tail = current.catch(() => undefined);
  checksInFlight.set(account, tail);
  try {
    return await current;
  } finally {
    if (checksInFlight.get(account) === tail) checksInFlight.delete(account);
  }
}

/**
 * The user whose credentials these are, or null (the failure is counted and audited).
 * Throws TOO_MANY_REQUESTS while the account or the address is locked.
 */
export async function verifyCredentials(
  deps: CheckDeps,
  given: Attempt,
  now: () => number = Date.now,
  directory?: DirectoryCheck,
): Promise<User | null> {
  // No account name holds a NUL (PostgreSQL refuses one in a query) or starts or ends with a
  // space (a directory ignores them): drop them, so " alice" is alice, for the limits too.
  const { db } = deps;
  const attempt = { ...given, principal: given.principal.replace(/\0/g, '').trim() };
  // Count against the account's id when it exists, so its username and e-mail share one limit;
  // a name typed in another case (a directory matches any) counts against the same account.
  const known = await findCredentialsByPrincipal(db, attempt.principal);
  const id = known?.user.id ?? (await findUserIdByUsernameAnyCase(db, attempt.principal));
  const account = id !== undefined ? accountOf(id) : `name:${attempt.principal.toLowerCase()}`;
  const keys = throttleKeys(account, attempt.clientIp);
  return oneAtATime(deps.credentials.checksInFlight, keys[0]!.key, () => checkAttempt(deps, attempt, known, keys, now, directory));
}

const accountOf = (userId: number) => `user:${userId}`;

/**
 * For credentials checked earlier (HTTP Basic remembers them for a minute): throws
 * TOO_MANY_REQUESTS while this user is locked at this address, exactly as a fresh check would,
 * so the console and Basic clients are refused alike.
 */
export async function refuseWhileThrottled(db: Kysely<Database>, userId: number, clientIp: string | null, now = Date.now()): Promise<void> {
  await refuseWhileLocked(db, throttleKeys(accountOf(userId), clientIp), now);
}

type Credentials = Awaited<ReturnType<typeof findCredentialsByPrincipal>>;

async function checkAttempt(
  { db, audit }: Pick<CoreContext, 'db' | 'audit'>,
  attempt: Attempt,
  known: Credentials,
  keys: ThrottleKey[],
  now: () => number,
  directory?: DirectoryCheck,
): Promise<User | null> {
  const { accountHasFailures } = await refuseWhileLocked(db, keys, now());
  const user =
    directory && known?.user.id !== BUILT_IN_ADMIN_ID
      ? await directory(attempt.principal, attempt.password)
      : (await verifyPassword(attempt.password, known?.passwordHash ?? null))
        ? known!.user
        : null;
  if (!user) {
    await inTransaction(db, async (trx) => {
      await recordFailure(trx, keys, now());
      await audit.write(trx, loginAudit(attempt, attempt.principal, false));
    });
    return null;
  }
  if (accountHasFailures) await recordSuccess(db, keys);
  return user;
}

/** Whether the principal (username or e-mail) names the built-in admin, who signs in with a password in every mode. */
export async function isBuiltInAdmin(db: Kysely<Database>, principal: string): Promise<boolean> {
  const known = await findCredentialsByPrincipal(db, principal.replace(/\0/g, '').trim());
  return known?.user.id === BUILT_IN_ADMIN_ID;
}

/** POST /c/login: checks the credentials and starts a session. */
export async function signIn(
  deps: Deps,
  attempt: Omit<Attempt, 'via'>,
  directory?: DirectoryCheck,
): Promise<{ user: User; session: StartedSession }> {
  const full = { ...attempt, via: 'console' as const };
  const user = await verifyCredentials(deps, full, Date.now, directory);
  if (!user) throw unauthorized('The user name or password is not correct.');
  const timeout = await deps.settings.get('session_timeout');
  const session = await inTransaction(deps.db, async (trx) => {
    const started = await startSession(trx, user, timeout);
    await deps.audit.write(trx, loginAudit(full, user.username, true));
    return started;
  });
  return { user, session };
}

/** GET /c/log_out: ends the session, if it is live, with an audit row. */
export async function signOut(deps: Deps, cookieValue: string, clientIp: string | null): Promise<void> {
  const live = await resumeSession(deps, cookieValue, false);
  if (!live) return;
  await inTransaction(deps.db, async (trx) => {
    await deleteSession(trx, sessionIdOf(cookieValue));
    await deps.audit.write(trx, {
      operation: 'logout',
      resourceType: 'user',
      resource: live.user.username,
      username: live.user.username,
      clientIp,
    });
  });
}
