/**
 * Sign-up: open only when `self_registration` is on and the auth mode is db_auth (never with
 * a directory). It makes an ordinary user, never an admin; attempts are limited per client.
 * Two doors lead here with the same rules and the same limit: the console's POST /c/sign_up,
 * and an anonymous POST /api/v2.0/users, which is how Harbor's portal and tools sign up.
 */
import { denied, invalid, precondition, unauthorized } from '../../lib/errors.js';
import { inTransaction } from '../../db/transaction.js';
import type { CoreContext } from '../context.js';
import { recordFailure, refuseWhileLocked } from '../sessions/login-throttle.js';
import { findUserByEmail, findUserByUsername, type User } from './user.repository.js';
import { createLocalUser } from './user.service.js';

type Deps = Pick<CoreContext, 'db' | 'settings' | 'audit'>;

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
    await deps.audit.write(trx, {
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

/**
 * An anonymous POST /api/v2.0/users: a sign-up while self-registration is open. Otherwise
 * Harbor's answers (requireCreatable): 403 when the auth mode has no local users at all, else
 * 401, as creating users needs a system admin.
 */
export async function signUpThroughApi(deps: Deps, input: SignUp, clientIp: string | null): Promise<User> {
  const mode = await deps.settings.get('auth_mode');
  if (mode !== 'db_auth') throw denied(`Creating local users is not allowed under auth mode ${mode}.`);
  if (!(await isOpen(deps))) throw unauthorized('Sign in as a system admin to create users; self-registration is closed here.');
  return signUp(deps, input, clientIp);
}

/** Harbor's /c/userExists, for the sign-up form's live checks (administrators use /users/search). */
export async function userExists(deps: Deps, target: 'username' | 'email', value: string): Promise<boolean> {
  if (!(await isOpen(deps))) throw precondition('Self-registration is closed here.');
  const found = target === 'username' ? await findUserByUsername(deps.db, value) : await findUserByEmail(deps.db, value);
  return found !== undefined;
}
