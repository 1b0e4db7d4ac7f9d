/** Data access for project members (users for now; groups share the table as Harbor's do). */
import type { Kysely } from 'kysely';
import { orConflict } from '../../db/db-errors.js';
import type { Database } from '../../db/schema.js';
import { isoNow } from '../../lib/time.js';
import type { RoleId } from './roles.js';

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
