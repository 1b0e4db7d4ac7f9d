/** Data access for projects. */
import type { Kysely } from 'kysely';
import { orConflict } from '../../db/db-errors.js';
import type { Database, NewProjectRow, ProjectRow } from '../../db/schema.js';

export interface Project {
  id: number;
  name: string;
  ownerId: number;
  public: boolean;
  /** Harbor's string-valued metadata other than `public`. */
  metadata: Record<string, string>;
  creationTime: string;
  updateTime: string;
}

type Db = Kysely<Database>;

export function toProject(row: ProjectRow): Project {
  return {
    id: row.project_id,
    name: row.name,
    ownerId: row.owner_id,
    public: row.public === 1,
    metadata: JSON.parse(row.metadata) as Record<string, string>,
    creationTime: row.creation_time,
    updateTime: row.update_time,
  };
}

export async function insertProject(db: Db, row: NewProjectRow): Promise<Project> {
  const inserted = await orConflict(
    () => db.insertInto('projects').values(row).returningAll().executeTakeFirstOrThrow(),
    `The project named ${row.name} already exists.`,
  );
  return toProject(inserted);
}

export async function findProjectByName(db: Db, name: string): Promise<Project | undefined> {
  const row = await db.selectFrom('projects').selectAll().where('name', '=', name).executeTakeFirst();
  return row && toProject(row);
}

export async function findProjectById(db: Db, id: number): Promise<Project | undefined> {
  const row = await db.selectFrom('projects').selectAll().where('project_id', '=', id).executeTakeFirst();
  return row && toProject(row);
}
