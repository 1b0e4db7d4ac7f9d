/** Data access for project members (users for now; groups share the table as Harbor's do). */
import type { Kysely } from 'kysely';
import { orConflict } from '../../db/db-errors.js';
import type { Database } from '../../db/schema.js';
import { isoNow } from '../../lib/time.js';
import type { ListQuery, ListSpec, Page } from '../lists/list-query.js';
import { pageOf } from '../lists/list.repository.js';
import { ROLE, type RoleId } from './roles.js';

type Db = Kysely<Database>;

export async function insertMember(db: Db, m: { projectId: number; userId: number; role: RoleId }): Promise<number> {
  const now = isoNow();
  const row = await orConflict(
    () =>
      db
        .insertInto('project_members')
        .values({
          project_id: m.projectId,
          entity_id: m.userId,
          entity_type: 'u',
          role: m.role,
          creation_time: now,
          update_time: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow(),
    'The user is already a member of the project.',
  );
  return row.id;
}

/** The user's role in the project, or undefined when not a member. */
export async function findUserRole(db: Db, projectId: number, userId: number): Promise<RoleId | undefined> {
  const row = await db
    .selectFrom('project_members')
    .select('role')
    .where('project_id', '=', projectId)
    .where('entity_type', '=', 'u')
    .where('entity_id', '=', userId)
    .executeTakeFirst();
  return row?.role as RoleId | undefined;
}

export interface Member {
  id: number;
  projectId: number;
  userId: number;
  username: string;
  role: RoleId;
}

/** The fields member lists offer in q and sort (Harbor's names). */
export const MEMBER_LIST: ListSpec = {
  items: 'members',
  fields: {
    entity_name: { column: 'u.username', type: 'string', sort: true, unique: true },
    role_id: { column: 'm.role', type: 'int', sort: true },
    id: { column: 'm.id', type: 'int', sort: true, unique: true },
  },
  defaultSort: 'entity_name',
  tieBreaker: 'm.id',
};

function membersOf(db: Db, projectId: number) {
  return db
    .selectFrom('project_members as m')
    .innerJoin('users as u', 'u.user_id', 'm.entity_id')
    .where('m.entity_type', '=', 'u')
    .where('m.project_id', '=', projectId);
}

const memberColumns = ['m.id', 'm.project_id', 'm.entity_id', 'm.role', 'u.username'] as const;

const toMember = (row: { id: number; project_id: number; entity_id: number; role: number; username: string }): Member => ({
  id: row.id,
  projectId: row.project_id,
  userId: row.entity_id,
  username: row.username,
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

/** The user's roles in each of the given projects (for a page of projects). */
export async function rolesOfUserIn(db: Db, userId: number, projectIds: number[]): Promise<Map<number, RoleId[]>> {
  const roles = new Map<number, RoleId[]>();
  if (projectIds.length === 0) return roles;
  const rows = await db
    .selectFrom('project_members')
    .select(['project_id', 'role'])
    .where('entity_type', '=', 'u')
    .where('entity_id', '=', userId)
    .where('project_id', 'in', projectIds)
    .execute();
  for (const row of rows) roles.set(row.project_id, [...(roles.get(row.project_id) ?? []), row.role as RoleId]);
  return roles;
}
