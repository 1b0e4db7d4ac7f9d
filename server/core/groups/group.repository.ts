/** Data access for user groups (Harbor's user_group). Rows become UserGroup entities here. */
import type { Kysely } from 'kysely';
import type { Database, UserGroupsTable } from '../../db/schema.js';
import type { Selectable } from 'kysely';
import { isoNow } from '../../lib/time.js';
import type { ListQuery, ListSpec, Page } from '../lists/list-query.js';
import { pageOf } from '../lists/list.repository.js';

type Db = Kysely<Database>;

/** Harbor's group types (src/common/const.go). */
export const GROUP_TYPE = { ldap: 1, http: 2, oidc: 3 } as const;
export type GroupType = (typeof GROUP_TYPE)[keyof typeof GROUP_TYPE];
export const isGroupType = (value: unknown): value is GroupType => value === 1 || value === 2 || value === 3;

export interface UserGroup {
  id: number;
  name: string;
  type: GroupType;
  /** '' unless an LDAP group. */
  ldapDn: string;
  creationTime: string;
  updateTime: string;
}

const toGroup = (row: Selectable<UserGroupsTable>): UserGroup => ({
  id: row.id,
  name: row.group_name,
  type: row.group_type as GroupType,
  ldapDn: row.ldap_group_dn,
  creationTime: row.creation_time,
  updateTime: row.update_time,
});

export const GROUP_LIST: ListSpec = {
  items: 'user groups',
  fields: {
    group_name: { column: 'group_name', type: 'string', sort: true },
    ldap_group_dn: { column: 'ldap_group_dn', type: 'string', sort: true },
    group_type: { column: 'group_type', type: 'int', sort: true },
    id: { column: 'id', type: 'int', sort: true, unique: true },
  },
  defaultSort: 'id',
  tieBreaker: 'id',
};

export async function listGroupRows(db: Db, query: ListQuery): Promise<Page<UserGroup>> {
  const page = await pageOf(db, db.selectFrom('user_groups'), query, (qb) => qb.selectAll());
  return { ...page, items: page.items.map(toGroup) };
}

export async function insertGroup(db: Db, g: { name: string; type: GroupType; ldapDn: string }): Promise<UserGroup> {
  const now = isoNow();
  const row = await db
    .insertInto('user_groups')
    .values({ group_name: g.name, group_type: g.type, ldap_group_dn: g.ldapDn, creation_time: now, update_time: now })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toGroup(row);
}

export async function findGroupById(db: Db, id: number): Promise<UserGroup | undefined> {
  const row = await db.selectFrom('user_groups').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toGroup(row);
}

/** The group of this type and name (HTTP and OIDC groups are known by name). */
export async function findGroupByName(db: Db, type: GroupType, name: string): Promise<UserGroup | undefined> {
  const row = await db.selectFrom('user_groups').selectAll().where('group_type', '=', type).where('group_name', '=', name).executeTakeFirst();
  return row && toGroup(row);
}

/** LDAP groups whose DNs are among `dns`, compared without regard to case (a directory's way). */
export async function findLdapGroupsByDn(db: Db, dns: string[]): Promise<UserGroup[]> {
  if (dns.length === 0) return [];
  const rows = await db
    .selectFrom('user_groups')
    .selectAll()
    .where('group_type', '=', GROUP_TYPE.ldap)
    .where((eb) => eb(eb.fn('lower', ['ldap_group_dn']), 'in', dns.map((dn) => dn.toLowerCase())))
    .execute();
  return rows.map(toGroup);
}

/** Groups of this type whose names are among `names`. */
export async function findGroupsByName(db: Db, type: GroupType, names: string[]): Promise<UserGroup[]> {
  if (names.length === 0) return [];
  const rows = await db.selectFrom('user_groups').selectAll().where('group_type', '=', type).where('group_name', 'in', names).execute();
  return rows.map(toGroup);
}

export async function renameGroup(db: Db, id: number, name: string): Promise<void> {
  await db.updateTable('user_groups').set({ group_name: name, update_time: isoNow() }).where('id', '=', id).execute();
}

/** Deletes the group and its project memberships. */
export async function deleteGroupRow(db: Db, id: number): Promise<void> {
  await db.deleteFrom('project_members').where('entity_type', '=', 'g').where('entity_id', '=', id).execute();
  await db.deleteFrom('user_groups').where('id', '=', id).execute();
}

export async function findGroupsByIds(db: Db, ids: readonly number[]): Promise<UserGroup[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('user_groups').selectAll().where('id', 'in', [...ids]).execute();
  return rows.map(toGroup);
}
