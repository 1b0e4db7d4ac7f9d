/**
 * Signing in through OpenID Connect, once server/auth has validated the provider's answer: the
 * user is found by sub + iss (or onboarded), their OIDC groups are set from the groups claim on
 * every sign-in, and members of oidc_admin_group are system admins for that sign-in (Harbor's
 * admin_role_in_auth: the flag on the account is left alone).
 */
import { isUniqueViolation } from '../../db/db-errors.js';
import { inTransaction } from '../../db/transaction.js';
import { AppError, conflict, invalid } from '../../lib/errors.js';
import { isoNow } from '../../lib/time.js';
import type { CoreContext } from '../context.js';
import { findGroupsByName, GROUP_TYPE, insertGroup } from '../groups/group.repository.js';
import { startSession, type StartedSession } from '../sessions/session.service.js';
import { usernameProblem } from '../users/user.service.js';
import { findUserByEmail, findUserById, findUserByUsername, insertUser, type User } from '../users/user.repository.js';
import { findOidcUser, findOidcUserIdBySubiss, insertOidcUser, setOidcSignIn, setOidcToken } from './oidc-user.repository.js';

type Deps = Pick<CoreContext, 'db' | 'settings' | 'secretBox' | 'audit'>;

/** Who the provider says signed in (see server/auth/oidc-client.ts). */
export interface ProviderIdentity {
  subiss: string;
  username: string;
  email: string | null;
  groups: string[];
}

/** Harbor's comment on onboarded users. */
const ONBOARDED_COMMENT = 'Onboarded via OIDC provider';

/** The OIDC groups named (made when first named, as Harbor does), and whether the admin group is among them. */
export async function groupsOfIdentity(deps: Pick<Deps, 'db' | 'settings'>, names: readonly string[]): Promise<{ groupIds: number[]; adminRoleInAuth: boolean }> {
  const unique = [...new Set(names)].filter((n) => n.length <= 255);
  const known = await findGroupsByName(deps.db, GROUP_TYPE.oidc, unique);
  const missing = unique.filter((n) => !known.some((g) => g.name === n));
  for (const name of missing) {
    try {
      known.push(await insertGroup(deps.db, { name, type: GROUP_TYPE.oidc, ldapDn: '' }));
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      known.push(...(await findGroupsByName(deps.db, GROUP_TYPE.oidc, [name])));
    }
  }
  const adminGroup = (await deps.settings.get('oidc_admin_group')).trim();
  return { groupIds: known.map((g) => g.id), adminRoleInAuth: adminGroup !== '' && unique.includes(adminGroup) };
}

export type OidcSignIn = { kind: 'signed-in'; user: User; session: StartedSession } | { kind: 'onboard'; username: string };

/**
 * The callback's outcome: a session for a known user (or one onboarded now with
 * oidc_auto_onboard), or 'onboard' when the user must first choose a username.
 */
export async function signInWithProvider(deps: Deps, identity: ProviderIdentity, tokenJson: string, clientIp: string | null): Promise<OidcSignIn> {
  const userId = await findOidcUserIdBySubiss(deps.db, identity.subiss);
  if (userId === undefined) {
    if (!(await deps.settings.get('oidc_auto_onboard'))) return { kind: 'onboard', username: identity.username };
    if (!identity.username) throw invalid('The provider gave no username to onboard with automatically: set the OIDC username claim.');
    await onboardUser(deps, identity, identity.username, tokenJson, clientIp);
  }
  return startProviderSession(deps, identity, tokenJson, clientIp);
}

/** POST /c/oidc/onboard: makes the user with the chosen name, then signs them in. */
export async function onboardAndSignIn(deps: Deps, identity: ProviderIdentity, username: string, tokenJson: string, clientIp: string | null): Promise<OidcSignIn> {
  if (await findOidcUserIdBySubiss(deps.db, identity.subiss)) throw conflict('This provider account is already onboarded; sign in again.');
  await onboardUser(deps, identity, username.trim(), tokenJson, clientIp);
  return startProviderSession(deps, identity, tokenJson, clientIp);
}

async function onboardUser(deps: Deps, identity: ProviderIdentity, username: string, tokenJson: string, clientIp: string | null): Promise<void> {
  const problem = usernameProblem(username);
  if (problem) throw invalid(problem, 'username');
  if (await findUserByUsername(deps.db, username)) throw new AppError('CONFLICT', `The username ${username} is already taken.`, { field: 'username' });
  const holder = identity.email ? await findUserByEmail(deps.db, identity.email) : undefined;
  const now = isoNow();
  await inTransaction(deps.db, async (trx) => {
    const user = await insertUser(trx, {
      username,
      // An address another account holds is left out rather than blocking the sign-in.
      email: holder ? null : identity.email,
      realname: username,
      comment: ONBOARDED_COMMENT,
      password_hash: null,
      auth_source: 'oidc',
      creation_time: now,
      update_time: now,
    });
    await insertOidcUser(trx, { userId: user.id, subiss: identity.subiss, sealedSecret: '', sealedToken: deps.secretBox.seal(tokenJson), groupIds: [] });
    await deps.audit.write(trx, { operation: 'create', resourceType: 'user', resource: username, description: `create user ${username} onboarded through OpenID Connect`, username, clientIp });
  });
}

async function startProviderSession(deps: Deps, identity: ProviderIdentity, tokenJson: string, clientIp: string | null): Promise<OidcSignIn> {
  const userId = await findOidcUserIdBySubiss(deps.db, identity.subiss);
  const stored = userId === undefined ? undefined : await findUserById(deps.db, userId);
  if (!stored) throw conflict('The onboarded user is gone; sign in again.');
  const { groupIds, adminRoleInAuth } = await groupsOfIdentity(deps, identity.groups);
  const user: User = { ...stored, groupIds, adminRoleInAuth, sysadmin: stored.sysadmin || adminRoleInAuth };
  const timeout = await deps.settings.get('session_timeout');
  const session = await inTransaction(deps.db, async (trx) => {
    await setOidcSignIn(trx, user.id, deps.secretBox.seal(tokenJson), groupIds);
    const started = await startSession(trx, user, timeout);
    await deps.audit.write(trx, {
      operation: 'login',
      resourceType: 'user',
      resource: user.username,
      description: `login user ${user.username} (OpenID Connect): signed in`,
      username: user.username,
      clientIp,
    });
    return started;
  });
  return { kind: 'signed-in', user, session };
}

/** The stored token set of an OIDC user, opened; null when none was kept. */
export async function storedTokenJson(deps: Pick<Deps, 'db' | 'secretBox'>, userId: number): Promise<string | null> {
  const record = await findOidcUser(deps.db, userId);
  return record?.sealedToken ? deps.secretBox.open(record.sealedToken) : null;
}

/** After a successful refresh: the new token set and the groups it names. */
export async function keepRefreshed(deps: Pick<Deps, 'db' | 'settings' | 'secretBox'>, userId: number, tokenJson: string, groups: readonly string[]): Promise<{ groupIds: number[]; adminRoleInAuth: boolean }> {
  const result = await groupsOfIdentity(deps, groups);
  await setOidcSignIn(deps.db, userId, deps.secretBox.seal(tokenJson), result.groupIds);
  return result;
}

/** After a refresh that brought no ID token: the new token set only (the groups stay). */
export async function keepRefreshedTokens(deps: Pick<Deps, 'db' | 'secretBox'>, userId: number, tokenJson: string): Promise<void> {
  await setOidcToken(deps.db, userId, deps.secretBox.seal(tokenJson));
}
