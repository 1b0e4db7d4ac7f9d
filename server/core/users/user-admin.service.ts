/**
 * Managing users through the API, by Harbor's rules: system admins list, create, change and
 * delete users; everyone reads and edits their own profile and changes their own password with
 * the old one. User 1 (admin) can be neither deleted nor demoted, and nobody deletes or demotes
 * themselves, so a Berth always keeps a system admin. Every change writes an audit row.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import { denied, invalid, notFound } from '../../lib/errors.js';
import { passwordProblem } from '../../api/contracts/rules/users.js';
import { hashPassword, verifyPassword } from '../../lib/password.js';
import { isoNow } from '../../lib/time.js';
import type { CoreContext } from '../context.js';
import { buildListQuery, type Page, type Paging } from '../lists/list-query.js';
import { deleteMembershipsOfUser } from '../members/member.repository.js';
import { transferProjects } from '../projects/project.repository.js';
import { auditedBy, requireSysadmin, requireUser, type Actor } from '../security/actor.js';
import { signUpThroughApi } from './self-registration.service.js';
import { deleteSessionsOfUser } from '../sessions/session.repository.js';
import {
  deleteUserRow,
  findPasswordHash,
  findUserById,
  insertUser,
  listUserRows,
  setPasswordHash,
  setSysadminFlag,
  updateUserProfile,
  USER_LIST,
  type User,
} from './user.repository.js';
import { voidResetTokens } from './password-reset.repository.js';
import { checkEmail, prepareLocalUser, type NewUser } from './user.service.js';
import type { OperationOn } from '../audit/audit-events.js';

type Db = Kysely<Database>;

/** The built-in admin (Harbor's user 1). */
export const BUILT_IN_ADMIN_ID = 1;

/** What a change to a user needs: the database and the app's audit log. */
type Ctx = Pick<CoreContext, 'db' | 'audit'>;

const auditUser = (ctx: Pick<CoreContext, 'audit'>, db: Db, actor: Actor, operation: OperationOn<'user'>, user: { username: string }, description?: string) =>
  ctx.audit.write(db, { operation, resourceType: 'user', resource: user.username, ...(description ? { description } : {}), ...auditedBy(actor) });

async function existing(db: Db, id: number): Promise<User> {
  const user = await findUserById(db, id);
  if (!user) throw notFound(`user ${id} not found`);
  return user;
}

/** System admins may act on anyone; others on themselves only. */
function requireSelfOrAdmin(actor: Actor, id: number): User {
  const me = requireUser(actor);
  if (me.id !== id && !me.sysadmin) throw denied('Only system admins may act on other users.');
  return me;
}

export interface UserFilters {
  username?: string;
  email?: string;
}

export async function listUsersAs(db: Db, actor: Actor, paging: Paging, filters: UserFilters): Promise<Page<User>> {
  requireSysadmin(actor);
  const extra = Object.entries(filters)
    .filter((e): e is [string, string] => Boolean(e[1]))
    .map(([key, value]) => ({ key, kind: 'fuzzy' as const, value }));
  return listUserRows(db, buildListQuery(USER_LIST, paging, extra));
}

/** Users whose names contain `username`; any signed-in user may ask (to add project members). */
export async function searchUsersAs(db: Db, actor: Actor, paging: Omit<Paging, 'q' | 'sort'>, username: string): Promise<Page<User>> {
  requireUser(actor);
  return listUserRows(db, buildListQuery(USER_LIST, paging, [{ key: 'username', kind: 'fuzzy', value: username }]));
}

/** An admin creates a user; an anonymous caller signs up, when self-registration is open. */
export async function createUserAs(ctx: Pick<CoreContext, 'db' | 'settings' | 'audit'>, actor: Actor, input: NewUser): Promise<User> {
  if (actor.subject.kind === 'anonymous') {
    const { username, email, realname, comment, password } = input;
    return signUpThroughApi(ctx, { username, email: email ?? '', realname, comment, password }, actor.clientIp);
  }
  requireSysadmin(actor);
  const mode = await ctx.settings.get('auth_mode');
  if (mode !== 'db_auth') throw denied(`Creating local users is not allowed under auth mode ${mode}.`);
  // As Harbor and sign-up: a database user needs an address to reset a forgotten password.
  if (!input.email?.trim()) throw invalid('email is required.', 'email');
  const row = await prepareLocalUser({ ...input, sysadmin: false, skipPolicy: false });
  return inTransaction(ctx.db, async (trx) => {
    const user = await insertUser(trx, row);
    await auditUser(ctx, trx, actor, 'create', user);
    return user;
  });
}

export async function getUserAs(db: Db, actor: Actor, id: number): Promise<User> {
  requireSelfOrAdmin(actor, id);
  return existing(db, id);
}

export interface ProfileChange {
  email?: string;
  realname?: string;
  comment?: string;
}

export async function updateProfileAs(ctx: Ctx, actor: Actor, id: number, change: ProfileChange): Promise<void> {
  const { db } = ctx;
  requireSelfOrAdmin(actor, id);
  const user = await existing(db, id);
  checkEmail(change.email);
  if (change.email !== undefined && !change.email.trim() && user.authSource === 'db') {
    throw invalid('email cannot be emptied: a database user needs an address to reset a forgotten password.', 'email');
  }
  const profile = {
    email: change.email !== undefined ? change.email.toLowerCase() || null : user.email,
    realname: change.realname ?? user.realname,
    comment: change.comment ?? user.comment,
  };
  await inTransaction(db, async (trx) => {
    await updateUserProfile(trx, id, profile, isoNow());
    if (profile.email !== user.email) await voidResetTokens(trx, id);
    await auditUser(ctx, trx, actor, 'update', user, `update user ${user.username}: profile`);
  });
}

/** Deletes a user; the projects they own pass to the admin who deletes them. */
export async function deleteUserAs(ctx: Ctx, actor: Actor, id: number): Promise<void> {
  const { db } = ctx;
  const me = requireSysadmin(actor);
  if (id === BUILT_IN_ADMIN_ID || id === me.id) throw denied(`User with ID ${id} cannot be deleted.`);
  const user = await existing(db, id);
  await inTransaction(db, async (trx) => {
    const moved = await transferProjects(trx, id, me.id, isoNow());
    await deleteMembershipsOfUser(trx, id);
    await deleteUserRow(trx, id);
    const note = moved ? `; ${moved} project(s) they owned now belong to ${me.username}` : '';
    await auditUser(ctx, trx, actor, 'delete', user, `delete user ${user.username}${note}`);
  });
}

export async function setSysadminAs(ctx: Ctx, actor: Actor, id: number, sysadmin: boolean): Promise<void> {
  const { db } = ctx;
  const me = requireSysadmin(actor);
  if (id === BUILT_IN_ADMIN_ID || id === me.id) throw denied(`The system admin flag of user ${id} cannot be changed here.`);
  const user = await existing(db, id);
  await inTransaction(db, async (trx) => {
    await setSysadminFlag(trx, id, sysadmin, isoNow());
    await auditUser(ctx, trx, actor, 'update', user, `update user ${user.username}: system admin ${sysadmin ? 'granted' : 'revoked'}`);
  });
}

export interface PasswordChange {
  oldPassword?: string;
  newPassword: string;
}

/**
 * Changes a password: your own with the old one, anyone's as a system admin. Every session of
 * the user ends (sessions older than the change are void); returns the user.
 */
export async function changePasswordAs(ctx: Ctx, actor: Actor, id: number, change: PasswordChange): Promise<User> {
  const { db } = ctx;
  const me = requireSelfOrAdmin(actor, id);
  const user = await existing(db, id);
  if (user.authSource !== 'db') throw denied(`The password of ${user.username} is kept by the directory (LDAP).`);
  const currentHash = await findPasswordHash(db, id);
  if (me.id === id) {
    if (!change.oldPassword) throw invalid('old_password is required to change your own password.', 'old_password');
    if (!(await verifyPassword(change.oldPassword, currentHash))) throw denied('Current password is incorrect.');
  }
  const problem = passwordProblem(change.newPassword);
  if (problem) throw invalid(problem, 'new_password');
  if (await verifyPassword(change.newPassword, currentHash)) throw invalid('New password is identical to old password.', 'new_password');
  const hash = await hashPassword(change.newPassword);
  await inTransaction(db, async (trx) => {
    await setPasswordHash(trx, id, hash, isoNow());
    await deleteSessionsOfUser(trx, id);
    await auditUser(ctx, trx, actor, 'update', user, `update user ${user.username}: password changed`);
  });
  return user;
}
