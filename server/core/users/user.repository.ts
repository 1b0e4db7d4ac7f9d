/** Data access for users. Rows become User entities here; snake_case stops at this file. */
import type { Kysely } from 'kysely';
import { orConflict } from '../../db/db-errors.js';
import type { Database, NewUserRow, UserRow } from '../../db/schema.js';

export interface User {
  id: number;
  username: string;
  email: string | null;
  realname: string;
  comment: string;
  sysadmin: boolean;
  authSource: 'db' | 'ldap';
  ldapDn: string | null;
  passwordChangedAt: string | null;
  creationTime: string;
  updateTime: string;
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
    authSource: row.auth_source === 'ldap' ? 'ldap' : 'db',
    ldapDn: row.ldap_dn,
    passwordChangedAt: row.password_changed_at,
    creationTime: row.creation_time,
    updateTime: row.update_time,
  };
}

export async function insertUser(db: Db, row: NewUserRow): Promise<User> {
  const inserted = await orConflict(
    () => db.insertInto('users').values(row).returningAll().executeTakeFirstOrThrow(),
    `user ${row.username} or email ${row.email ?? ''} already exists`,
  );
  return toUser(inserted);
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
