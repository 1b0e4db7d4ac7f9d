/** Rows of the `robots` table. The secret hash never leaves core/robots. */
import type { Kysely, Transaction } from 'kysely';
import { orConflict } from '../../db/db-errors.js';
import type { Database, RobotRow } from '../../db/schema.js';
import type { ListQuery, ListSpec, Page } from '../lists/list-query.js';
import { pageOf } from '../lists/list.repository.js';
import type { Robot, RobotLevel, RobotPermission } from './robot-model.js';

type Db = Kysely<Database> | Transaction<Database>;

export function toRobot(row: RobotRow): Robot {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    level: row.level as RobotLevel,
    projectId: row.project_id,
    duration: Number(row.duration),
    // PostgreSQL hands bigint columns back as text.
    expiresAt: Number(row.expires_at),
    disabled: row.disabled === 1,
    permissions: JSON.parse(row.permissions) as RobotPermission[],
    creatorType: row.creator_type,
    creatorRef: row.creator_ref,
    creationTime: row.creation_time,
    updateTime: row.update_time,
  };
}

export interface RobotFields {
  name: string;
  description: string;
  level: RobotLevel;
  projectId: number | null;
  secretHash: string;
  duration: number;
  expiresAt: number;
  disabled: boolean;
  permissions: RobotPermission[];
  creatorType: string;
  creatorRef: number;
}

export async function insertRobot(db: Db, fields: RobotFields, now: string, fullName: string): Promise<number> {
  const row = await orConflict(
    () =>
      db
        .insertInto('robots')
        .values({
          name: fields.name,
          description: fields.description,
          level: fields.level,
          project_id: fields.projectId,
          secret_hash: fields.secretHash,
          duration: fields.duration,
          expires_at: fields.expiresAt,
          disabled: fields.disabled ? 1 : 0,
          permissions: JSON.stringify(fields.permissions),
          creator_type: fields.creatorType,
          creator_ref: fields.creatorRef,
          creation_time: now,
          update_time: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow(),
    `A robot account named ${fullName} already exists.`,
  );
  return row.id;
}

export const findRobotRowById = (db: Db, id: number) => db.selectFrom('robots').selectAll().where('id', '=', id).executeTakeFirst();

export const findRobotRowByName = (db: Db, name: string) => db.selectFrom('robots').selectAll().where('name', '=', name).executeTakeFirst();

export type RobotChange = Partial<Pick<RobotFields, 'description' | 'duration' | 'expiresAt' | 'disabled' | 'permissions' | 'secretHash'>>;

export async function updateRobotRow(db: Db, id: number, change: RobotChange, now: string): Promise<void> {
  await db
    .updateTable('robots')
    .set({
      ...(change.description !== undefined ? { description: change.description } : {}),
      ...(change.duration !== undefined ? { duration: change.duration } : {}),
      ...(change.expiresAt !== undefined ? { expires_at: change.expiresAt } : {}),
      ...(change.disabled !== undefined ? { disabled: change.disabled ? 1 : 0 } : {}),
      ...(change.permissions !== undefined ? { permissions: JSON.stringify(change.permissions) } : {}),
      ...(change.secretHash !== undefined ? { secret_hash: change.secretHash } : {}),
      update_time: now,
    })
    .where('id', '=', id)
    .execute();
}

export async function deleteRobotRow(db: Db, id: number): Promise<void> {
  await db.deleteFrom('robots').where('id', '=', id).execute();
}

/** The fields robot lists offer in q and sort; level and project_id carry Harbor's Level and ProjectID. */
export const ROBOT_LIST: ListSpec = {
  items: 'robot accounts',
  fields: {
    id: { column: 'id', type: 'int', sort: true, unique: true },
    name: { column: 'name', type: 'string', sort: true, unique: true },
    description: { column: 'description', type: 'string' },
    level: { column: 'level', type: 'string' },
    project_id: { column: 'project_id', type: 'int' },
    disable: { column: 'disabled', type: 'bool' },
    expires_at: { column: 'expires_at', type: 'bigint', sort: true },
    creation_time: { column: 'creation_time', type: 'time', sort: true },
    update_time: { column: 'update_time', type: 'time', sort: true },
  },
  defaultSort: '-creation_time',
  tieBreaker: 'id',
};

export async function listRobotRows(db: Kysely<Database>, query: ListQuery): Promise<Page<Robot>> {
  const page = await pageOf(db, db.selectFrom('robots'), query, (qb) => qb.selectAll());
  return { ...page, items: page.items.map(toRobot) };
}
