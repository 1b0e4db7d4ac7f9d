/** Rules for local users: names, e-mail, the password policy, and checking a password. */
import type { Kysely } from 'kysely';
import type { Database, NewUserRow } from '../../db/schema.js';
import { invalid, notFound } from '../../lib/errors.js';
import { EMAIL_PATTERN as EMAIL, passwordProblem, usernameProblem } from '../../api/contracts/rules/users.js';
import { hashPassword, verifyPassword } from '../../lib/password.js';
import { isoNow } from '../../lib/time.js';
import { findCredentialsByPrincipal, findUserByUsername, insertUser, setPasswordHash, type User } from './user.repository.js';

type Db = Kysely<Database>;

export { usernameProblem };

export interface NewUser {
  username: string;
  email?: string | null;
  realname?: string;
  comment?: string;
  password: string;
  sysadmin?: boolean;
  /** Only for the initial admin password from harbor.yml, which the operator chose. */
  skipPolicy?: boolean;
}

/** Throws INVALID naming email when it is given and is not an e-mail address. */
export function checkEmail(email: string | null | undefined): void {
  if (email && !EMAIL.test(email)) throw invalid('The e-mail address is not valid.', 'email');
}

/** Checks a new user and hashes the password (slow: do it before opening a transaction). */
export async function prepareLocalUser(input: NewUser): Promise<NewUserRow> {
  const nameProblem = usernameProblem(input.username);
  if (nameProblem) throw invalid(nameProblem, 'username');
  checkEmail(input.email);
  const pwProblem = input.skipPolicy ? null : passwordProblem(input.password);
  if (pwProblem) throw invalid(pwProblem, 'password');
  const now = isoNow();
  return {
    username: input.username,
    email: input.email ? input.email.toLowerCase() : null,
    realname: input.realname ?? '',
    comment: input.comment ?? '',
    password_hash: await hashPassword(input.password),
    sysadmin_flag: input.sysadmin ? 1 : 0,
    auth_source: 'db',
    password_changed_at: now,
    creation_time: now,
    update_time: now,
  };
}

export async function createLocalUser(db: Db, input: NewUser): Promise<User> {
  return insertUser(db, await prepareLocalUser(input));
}

/** Sets a new password after checking the policy. Callers end the user's sessions. */
export async function setPassword(db: Db, username: string, password: string): Promise<User> {
  const problem = passwordProblem(password);
  if (problem) throw invalid(problem, 'password');
  const user = await findUserByUsername(db, username);
  if (!user) throw notFound(`user ${username} not found`);
  await setPasswordHash(db, user.id, await hashPassword(password), isoNow());
  return user;
}

/** The user whose username or e-mail is `principal` and whose local password matches, or null. */
export async function checkLocalPassword(db: Db, principal: string, password: string): Promise<User | null> {
  const found = await findCredentialsByPrincipal(db, principal);
  const ok = await verifyPassword(password, found?.passwordHash ?? null);
  return ok && found ? found.user : null;
}
