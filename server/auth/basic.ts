/**
 * HTTP Basic credentials, for every surface (/api, /v2, /service/token): parsing, and turning
 * them into a Subject. Password hashes are slow on purpose, so credentials that checked out are
 * remembered for a minute by a digest of the pair, in the app's memory (CoreContext.credentials);
 * each reuse still reads the user row and is honoured only while the password is the one that
 * was checked (password_changed_at), so a changed password or a removed user stops working at
 * once, on every process. A directory user's password changes in the directory, out of Berth's
 * sight: the old one keeps working over Basic for up to that minute (a new console sign-in or
 * docker login asks the directory every time); the same goes for the user's directory groups,
 * which the check looks up with the password.
 */
import { createHash } from 'node:crypto';
import type { CoreContext } from '../core/context.js';
import { robotSubjectFor } from '../core/robots/robot-auth.js';
import { ANONYMOUS, type Subject } from '../core/security/subject.js';
import { refuseWhileThrottled, verifyCredentials } from '../core/sessions/login.service.js';
import { findUserById } from '../core/users/user.repository.js';
import { directoryCheckFor } from './directory.js';

const digestOf = (c: Credentials) => createHash('sha256').update(`${c.username}\0${c.password}`).digest('base64');

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
 * The subject for an Authorization header: anonymous without one, a robot or a user when Basic
 * credentials check out (core/robots/robot-auth.ts for robots), or null when credentials were given and are wrong. Wrong passwords
 * count toward the sign-in limits of the account at `clientIp` and of `clientIp`, and are
 * audited; while either is locked this throws TOO_MANY_REQUESTS (429 with Retry-After), for
 * remembered credentials too, as the console's sign-in would. `fresh` checks the credentials
 * anew (a docker login): the directory is asked, and what it says replaces what was remembered.
 */
export async function subjectFromBasic(
  ctx: Pick<CoreContext, 'db' | 'settings' | 'secretBox' | 'credentials' | 'audit'>,
  header: string | undefined,
  clientIp: string | null = null,
  options: { fresh?: boolean } = {},
): Promise<Subject | null> {
  if (!header) return ANONYMOUS;
  const credentials = parseBasic(header);
  if (!credentials) return null;
  const robot = await robotSubjectFor(ctx, credentials.username, credentials.password, clientIp);
  if (robot !== undefined) return robot;
  // One app's memory for every surface: the same credentials arrive on /api, /v2 and the token service.
  const verified = ctx.credentials.users;
  const digest = digestOf(credentials);
  const remembered = options.fresh ? undefined : verified.get(digest);
  if (remembered) {
    // Both at once: on PostgreSQL each is a round trip, on every request a client makes. A
    // lock refuses the request whatever the user row says (a fresh check would be refused too).
    const [user] = await Promise.all([findUserById(ctx.db, remembered.userId), refuseWhileThrottled(ctx.db, remembered.userId, clientIp)]);
    // A CLI secret is cheap to check and may be replaced at any time: never taken from memory.
    if (user && user.authSource !== 'oidc' && user.passwordChangedAt === remembered.passwordChangedAt) {
      // The groups the directory named at the check stand for the minute the check is remembered.
      const { groupIds, adminRoleInAuth } = remembered;
      return { kind: 'user', user: { ...user, groupIds, adminRoleInAuth, sysadmin: user.sysadmin || adminRoleInAuth === true }, via: 'basic' };
    }
    verified.delete(digest);
  }
  const user = await verifyCredentials(
    ctx,
    { principal: credentials.username, password: credentials.password, clientIp, via: 'basic' },
    Date.now,
    await directoryCheckFor(ctx),
  );
  if (!user) return null;
  verified.set(digest, { userId: user.id, passwordChangedAt: user.passwordChangedAt, groupIds: user.groupIds, adminRoleInAuth: user.adminRoleInAuth });
  return { kind: 'user', user, via: 'basic' };
}
