/**
 * Sign-up: open only when `self_registration` is on and the auth mode is db_auth (never with
 * a directory). It makes an ordinary user, never an admin; attempts are limited per client.
 */
import { denied, invalid, precondition } from '../../lib/errors.js';
import { inTransaction } from '../../db/transaction.js';
import { writeAudit } from '../audit/audit.repository.js';
import type { CoreContext } from '../context.js';
import { recordFailure, refuseWhileLocked } from '../sessions/login-throttle.js';
import { findUserByEmail, findUserByUsername, type User } from './user.repository.js';
import { createLocalUser } from './user.service.js';

type Deps = Pick<CoreContext, 'db' | 'settings'>;

export interface SignUp {
  username: string;
  email: string;
  realname?: string | undefined;
  comment?: string | undefined;
  password: string;
}

async function isOpen(deps: Deps): Promise<boolean> {
  const settings = await deps.settings.all();
  return settings.self_registration && settings.auth_mode === 'db_auth';
}

export async function signUp(deps: Deps, input: SignUp, clientIp: string | null): Promise<User> {
  if (!(await isOpen(deps))) throw denied('Self-registration is closed here: ask an administrator for an account.');
  if (!input.email.trim()) throw invalid('An e-mail address is required.', 'email');
  if (clientIp) {
    const keys = [{ scope: 'signup-address' as const, key: clientIp }];
    await refuseWhileLocked(deps.db, keys, Date.now(), 'Too many sign-ups from this address');
    await recordFailure(deps.db, keys, Date.now());
  }
  return inTransaction(deps.db, async (trx) => {
    const user = await createLocalUser(trx, { ...input, sysadmin: false });
    await writeAudit(trx, {
      operation: 'create',
      resourceType: 'user',
      resource: user.username,
      description: `create user ${user.username} by self-registration`,
      username: user.username,
      clientIp,
    });
    return user;
  });
}

/** Harbor's /c/userExists, for the sign-up form's live checks (administrators use /users/search). */
export async function userExists(deps: Deps, target: 'username' | 'email', value: string): Promise<boolean> {
  if (!(await isOpen(deps))) throw precondition('Self-registration is closed here.');
  const found = target === 'username' ? await findUserByUsername(deps.db, value) : await findUserByEmail(deps.db, value);
  return found !== undefined;
}
