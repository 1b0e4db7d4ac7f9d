/**
 * Data access for project members: users (entity_type 'u') and user groups ('g') share the table,
 * as Harbor's do. A user's roles in a project are their own and those of the groups they are in.
 */
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import { orConflict } from '../../db/db-errors.js';
import type { Database } from '../../db/schema.js';
import { isoNow } from '../../lib/time.js';
import type { ListQuery, ListSpec, Page } from '../lists/list-query.js';
import { pageOf } from '../lists/list.repository.js';
import { ROLE, type RoleId } from './roles.js';

type Db = Kysely<Database>;

/** Who a member row is: a user or a user group. */
export type MemberEntity = { type: 'u'; id: number } | { type: 'g'; id: number };

/** A user and the groups they belong to, as far as project membership goes. */
export interface Principal {
  userId: number;
  groupIds: readonly number[];
}

export async function insertMember(db: Db, m: { projectId: number; role: RoleId } & ({ userId: number } | { groupId: number })): Promise<number> {
  const now = isoNow();
  const entity: MemberEntity = 'userId' in m ? { type: 'u', id: m.userId } : { type: 'g', id: m.groupId };
  const row = await orConflict(
    () =>
      db
        .insertInto('project_members')
        .values({
          project_id: m.projectId,
          entity_id: entity.id,
          entity_type: entity.type,
          role: m.role,
          creation_time: now,
          update_time: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow(),
    entity.type === 'u' ? 'The user is already a member of the project.' : 'The group is already a member of the project.',
  );
  return row.id;
}

/** The member rows that stand for the principal: their own and their groups'. */
export function rowsOfPrincipal(eb: ExpressionBuilder<Database, 'project_members'>, p: Principal) {
  const own = eb.and([eb('entity_type', '=', 'u'), eb('entity_id', '=', p.userId)]);
  if (p.groupIds.length === 0) return own;
  return eb.or([own, eb.and([eb('entity_type', '=', 'g'), eb('entity_id', 'in', [...p.groupIds])])]);
}

/** The user's own role in the project (not their groups'), or undefined when not a member. */
export async function findUserRole(db: Db, projectId: number, userId: number): Promise<RoleId | undefined> {
  const roles = await findRolesOf(db, projectId, { userId, groupIds: [] });
  return roles[0];
}

/** The principal's roles in the project (their own and their groups'); empty when not a member. */
export async function findRolesOf(db: Db, projectId: number, p: Principal): Promise<RoleId[]> {
  const rows = await db
    .selectFrom('project_members')
    .select('role')
    .where('project_id', '=', projectId)
    .where((eb) => rowsOfPrincipal(eb, p))
    .execute();
  return [...new Set(rows.map((r) => r.role as RoleId))];
}

export interface Member {
  id: number;
  projectId: number;
  entityType: 'u' | 'g';
  /** The user id or the group id. */
  entityId: number;
  /** The username or the group name. */
  entityName: string;
  role: RoleId;
}

/** The fields member lists offer in q and sort (Harbor's names). */
export const MEMBER_LIST: ListSpec = {
  items: 'members',
  fields: {
    entity_name: { column: sql`coalesce(u.username, g.group_name)`, type: 'string', sort: true },
    role_id: { column: 'm.role', type: 'int', sort: true },
    id: { column: 'm.id', type: 'int', sort: true, unique: true },
  },
  defaultSort: 'entity_name',
  tieBreaker: 'm.id',
};

function membersOf(db: Db, projectId: number) {
  return db
    .selectFrom('project_members as m')
    .leftJoin('users as u', (join) => join.onRef('u.user_id', '=', 'm.entity_id').on('m.entity_type', '=', 'u'))
    .leftJoin('user_groups as g', (join) => join.onRef('g.id', '=', 'm.entity_id').on('m.entity_type', '=', 'g'))
    .where((eb) => eb.or([eb('u.user_id', 'is not', null), eb('g.id', 'is not', null)]))
    .where('m.project_id', '=', projectId);
}

const memberColumns = ['m.id', 'm.project_id', 'm.entity_id', 'm.entity_type', 'm.role', 'u.username', 'g.group_name'] as const;

interface MemberRow {
  id: number;
  project_id: number;
  entity_id: number;
  entity_type: string;
  role: number;
  username: string | null;
  group_name: string | null;
}

const toMember = (row: MemberRow): Member => ({
  id: row.id,
  projectId: row.project_id,
  entityType: row.entity_type === 'g' ? 'g' : 'u',
  entityId: row.entity_id,
  entityName: row.username ?? row.group_name ?? '',
  role: row.role as RoleId,
});

export async function listMemberRows(db: Db, projectId: number, query: ListQuery): Promise<Page<Member>> {
  const page = await pageOf(db, membersOf(db, projectId), query, (qb) => qb.select(memberColumns));
  return { ...page, items: page.items.map(toMember) };
}

export async function findMember(db: Db, projectId: number, memberId: number): Promise<Member | undefined> {
  const row = await membersOf(db, projectId).select(memberColumns).where('m.id', '=', memberId).executeTakeFirst();
  return row && toMember(row);
}

export async function setMemberRole(db: Db, memberId: number, role: RoleId): Promise<void> {
  await db.updateTable('project_members').set({ role, update_time: isoNow() }).where('id', '=', memberId).execute();
}

export async function deleteMemberRow(db: Db, memberId: number): Promise<void> {
  await db.deleteFrom('project_members').where('id', '=', memberId).execute();
}

/** Removes a user from every project (before the user is deleted). */
export async function deleteMembershipsOfUser(db: Db, userId: number): Promise<void> {
  await db.deleteFrom('project_members').where('entity_type', '=', 'u').where('entity_id', '=', userId).execute();
}

/** How many members hold each role in the project. */
export async function countMembersByRole(db: Db, projectId: number): Promise<Record<RoleId, number>> {
  const rows = await db
    .selectFrom('project_members')
    .select(['role', (eb) => eb.fn.countAll<number>().as('count')])
    .where('project_id', '=', projectId)
    .groupBy('role')
    .execute();
  const counts = Object.fromEntries(Object.values(ROLE).map((r) => [r, 0])) as Record<RoleId, number>;
  for (const row of rows) counts[row.role as RoleId] = Number(row.count);
  return counts;
}

/** The principal's roles (own and groups') in each of the given projects (for a page of projects). */
export async function rolesOfUserIn(db: Db, p: Principal, projectIds: number[]): Promise<Map<number, RoleId[]>> {
  const roles = new Map<number, RoleId[]>();
  if (projectIds.length === 0) return roles;
  const rows = await db
    .selectFrom('project_members')
    .select(['project_id', 'role'])
    .where((eb) => rowsOfPrincipal(eb, p))
    .where('project_id', 'in', projectIds)
    .execute();
  for (const row of rows) {
    const held = roles.get(row.project_id) ?? [];
    if (!held.includes(row.role as RoleId)) roles.set(row.project_id, [...held, row.role as RoleId]);
  }
  return roles;
}
