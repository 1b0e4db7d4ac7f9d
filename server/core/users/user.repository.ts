/** Data access for users. Rows become User entities here; snake_case stops at this file. */
import type { Kysely } from 'kysely';
import { isUniqueViolation, orConflict } from '../../db/db-errors.js';
import { AppError } from '../../lib/errors.js';
import type { Database, NewUserRow, UserRow } from '../../db/schema.js';
import type { ListQuery, ListSpec, Page } from '../lists/list-query.js';
import { pageOf } from '../lists/list.repository.js';

export interface User {
  id: number;
  username: string;
  email: string | null;
  realname: string;
  comment: string;
  sysadmin: boolean;
  authSource: 'db' | 'ldap' | 'oidc';
  ldapDn: string | null;
  passwordChangedAt: string | null;
  creationTime: string;
  updateTime: string;
  /**
   * Set on the user as a sign-in found them (never stored on the row): the user groups the
   * directory or the identity provider named, and whether one of them is the admin group, which
   * makes `sysadmin` true for that sign-in (Harbor's admin_role_in_auth).
   */
  groupIds?: readonly number[];
  adminRoleInAuth?: boolean;
}

type Db = Kysely<Database>;

export function toUser(row: UserRow): User {
  return {
    id: row.user_id,
    username: row.username,
    email: row.email,
    realname: row.realname,
    comment: row.comment,
    sysadmin: row.sysadmin_flag === 1,
    authSource: row.auth_source === 'ldap' || row.auth_source === 'oidc' ? row.auth_source : 'db',
    ldapDn: row.ldap_dn,
    passwordChangedAt: row.password_changed_at,
    creationTime: row.creation_time,
    updateTime: row.update_time,
  };
}

/** A taken username or e-mail address is a conflict naming which of the two, in words a person reads. */
export async function insertUser(db: Db, row: NewUserRow): Promise<User> {
  try {
    return toUser(await db.insertInto('users').values(row).returningAll().executeTakeFirstOrThrow());
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    // No query here: in a PostgreSQL transaction the violation has aborted it. Both databases name
    // the column (SQLite "UNIQUE constraint failed: users.username", PostgreSQL's detail and constraint).
    const { message, detail, constraint } = err as { message?: string; detail?: string; constraint?: string };
    if (/username/.test(`${message ?? ''} ${detail ?? ''} ${constraint ?? ''}`)) throw new AppError('CONFLICT', `The username ${row.username} is already taken.`, { field: 'username', cause: err });
    throw new AppError('CONFLICT', 'That e-mail address is already in use.', { field: 'email', cause: err });
  }
}

export async function findUserById(db: Db, id: number): Promise<User | undefined> {
  const row = await db.selectFrom('users').selectAll().where('user_id', '=', id).executeTakeFirst();
  return row && toUser(row);
}

export async function findUserByUsername(db: Db, username: string): Promise<User | undefined> {
  const row = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  return row && toUser(row);
}

/** A user and its password hash, found by username or (lower-cased) e-mail: Harbor's principal. */
export async function findCredentialsByPrincipal(
  db: Db,
  principal: string,
): Promise<{ user: User; passwordHash: string | null } | undefined> {
  const row = await db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb.or([eb('username', '=', principal), eb('email', '=', principal.toLowerCase())]))
    // A username wins over someone else's e-mail that happens to look the same.
    .orderBy((eb) => eb.case().when('username', '=', principal).then(0).else(1).end())
    .executeTakeFirst();
  return row && { user: toUser(row), passwordHash: row.password_hash };
}

/** The id of the one user whose name is `name` in any case; undefined when none or several. */
export async function findUserIdByUsernameAnyCase(db: Db, name: string): Promise<number | undefined> {
  const rows = await db
    .selectFrom('users')
    .select('user_id')
    .where((eb) => eb(eb.fn('lower', ['username']), '=', name.toLowerCase()))
    .limit(2)
    .execute();
  return rows.length === 1 ? rows[0]!.user_id : undefined;
}

export async function setPasswordHash(db: Db, id: number, passwordHash: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ password_hash: passwordHash, password_changed_at: at, update_time: at })
    .where('user_id', '=', id)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function countUsers(db: Db): Promise<number> {
  const { count } = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(count);
}

/** The fields user lists offer in q and sort (Harbor's names). */
export const USER_LIST: ListSpec = {
  items: 'users',
  fields: {
    username: { column: 'username', type: 'string', sort: true, unique: true },
    email: { column: 'email', type: 'string', sort: true },
    user_id: { column: 'user_id', type: 'int', sort: true, unique: true },
    creation_time: { column: 'creation_time', type: 'time', sort: true },
  },
  defaultSort: 'username',
  tieBreaker: 'user_id',
};

export async function listUserRows(db: Db, query: ListQuery): Promise<Page<User>> {
  const page = await pageOf(db, db.selectFrom('users'), query, (qb) => qb.selectAll());
  return { ...page, items: page.items.map(toUser) };
}

export async function findPasswordHash(db: Db, id: number): Promise<string | null> {
  const row = await db.selectFrom('users').select('password_hash').where('user_id', '=', id).executeTakeFirst();
  return row?.password_hash ?? null;
}

export async function updateUserProfile(
  db: Db,
  id: number,
  profile: { email: string | null; realname: string; comment: string },
  at: string,
): Promise<void> {
  await orConflict(
    () => db.updateTable('users').set({ ...profile, update_time: at }).where('user_id', '=', id).execute(),
    `The e-mail address ${profile.email ?? ''} is already in use.`,
  );
}

export async function setSysadminFlag(db: Db, id: number, sysadmin: boolean, at: string): Promise<void> {
  await db.updateTable('users').set({ sysadmin_flag: sysadmin ? 1 : 0, update_time: at }).where('user_id', '=', id).execute();
}

/** Deletes the user; their sessions go with them (foreign key cascade). */
export async function deleteUserRow(db: Db, id: number): Promise<void> {
  await db.deleteFrom('users').where('user_id', '=', id).execute();
}

export async function findUserByEmail(db: Db, email: string): Promise<User | undefined> {
  const row = await db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
  return row && toUser(row);
}

/** Keeps a directory user's local record in step with the directory. */
export async function updateDirectoryFields(
  db: Db,
  id: number,
  fields: { email: string | null; realname: string; ldap_dn: string },
  at: string,
): Promise<void> {
  await db.updateTable('users').set({ ...fields, update_time: at }).where('user_id', '=', id).execute();
}
