/**
 * CLI secrets (auth_mode oidc_auth): an OIDC user cannot give docker their provider's password,
 * so they use a secret Berth keeps for them, sealed with the secret key (the profile shows it,
 * so it is encrypted, not hashed). It is accepted as the Basic password on /v2, /service/token
 * and /api/v2.0, with the groups of the user's last sign-in.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError, denied, invalid, notFound } from '../../lib/errors.js';
import { passwordProblem } from '../../api/contracts/rules/users.js';
import type { SecretBox } from '../../lib/secret-box.js';
import type { AuditLog } from '../audit/audit-log.js';
import { findGroupsByIds } from '../groups/group.repository.js';
import { auditedBy, requireUser, type Actor } from '../security/actor.js';
import type { SettingsService } from '../settings/settings.service.js';
import { findUserById, findUserByUsername, type User } from '../users/user.repository.js';
import { findOidcUser, setOidcSecret } from './oidc-user.repository.js';

interface Deps {
  db: Kysely<Database>;
  settings: SettingsService;
  secretBox: SecretBox;
  audit: AuditLog;
}

const notOidc = (why: string) => new AppError('PRECONDITION', why);

/** PUT /users/{id}/cli_secret: the user themself or a system admin sets a new secret. */
export async function setCliSecretAs(deps: Deps, actor: Actor, userId: number, secret: string): Promise<void> {
  const caller = requireUser(actor);
  if (caller.id !== userId && !caller.sysadmin) throw denied('Only the user or a system admin may set a CLI secret.');
  if ((await deps.settings.get('auth_mode')) !== 'oidc_auth') throw notOidc('CLI secrets are used only when auth_mode is oidc_auth.');
  const user = await findUserById(deps.db, userId);
  if (!user) throw notFound(`user ${userId} not found`);
  if (!(await findOidcUser(deps.db, userId))) throw notOidc(`The user ${user.username} was not onboarded through OpenID Connect.`);
  const problem = passwordProblem(secret);
  if (problem) throw invalid(problem.replace('The password', 'The secret'), 'secret');
  await setOidcSecret(deps.db, userId, deps.secretBox.seal(secret));
  await deps.audit.write(deps.db, {
    operation: 'update',
    resourceType: 'user',
    resource: user.username,
    description: `set the CLI secret of user ${user.username}`,
    ...auditedBy(actor),
  });
}

/** The user's CLI secret in clear, for their own profile; null for users without one. */
export async function cliSecretOf(deps: Pick<Deps, 'db' | 'secretBox'>, userId: number): Promise<{ secret: string; subiss: string; creationTime: string; updateTime: string } | null> {
  const record = await findOidcUser(deps.db, userId);
  if (!record) return null;
  return { secret: record.sealedSecret ? deps.secretBox.open(record.sealedSecret) : '', subiss: record.subiss, creationTime: record.creationTime, updateTime: record.updateTime };
}

const sameText = (a: string, b: string) => {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * The OIDC user whose CLI secret this is, as their last sign-in left them (groups, and the admin
 * group's rights), or null.
 */
export async function verifyCliSecret(deps: Pick<Deps, 'db' | 'settings' | 'secretBox'>, username: string, secret: string): Promise<User | null> {
  const user = await findUserByUsername(deps.db, username);
  if (!user || user.authSource !== 'oidc' || !secret) return null;
  const record = await findOidcUser(deps.db, user.id);
  if (!record?.sealedSecret || !sameText(deps.secretBox.open(record.sealedSecret), secret)) return null;
  const groups = await findGroupsByIds(deps.db, record.groupIds);
  const adminGroup = (await deps.settings.get('oidc_admin_group')).trim();
  const adminRoleInAuth = adminGroup !== '' && groups.some((g) => g.name === adminGroup);
  return { ...user, groupIds: groups.map((g) => g.id), adminRoleInAuth, sysadmin: user.sysadmin || adminRoleInAuth };
}
