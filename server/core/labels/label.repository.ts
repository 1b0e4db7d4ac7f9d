/** Data access for labels and the labels artifacts carry (Harbor's harbor_label and label_reference). */
import type { Kysely } from 'kysely';
import { orConflict } from '../../db/db-errors.js';
import type { Database, LabelRow } from '../../db/schema.js';
import type { ListQuery, ListSpec, Page } from '../lists/list-query.js';
import { pageOf } from '../lists/list.repository.js';

type Db = Kysely<Database>;

export type LabelScope = 'g' | 'p';

export interface Label {
  id: number;
  name: string;
  description: string;
  color: string;
  scope: LabelScope;
  /** Null for a global label (Harbor answers 0). */
  projectId: number | null;
  creationTime: string;
  updateTime: string;
}

export interface LabelFields {
  name: string;
  description: string;
  color: string;
}

export const toLabel = (row: LabelRow): Label => ({
  id: row.id,
  name: row.name,
  description: row.description,
  color: row.color,
  scope: row.scope === 'p' ? 'p' : 'g',
  projectId: row.project_id,
  creationTime: row.creation_time,
  updateTime: row.update_time,
});

const taken = (name: string, projectId: number | null) =>
  projectId === null ? `A global label named ${name} already exists.` : `This project already has a label named ${name}.`;

export async function insertLabel(db: Db, fields: LabelFields & { scope: LabelScope; projectId: number | null }, at: string): Promise<number> {
  const { scope, projectId, ...rest } = fields;
  const row = await orConflict(
    () =>
      db
        .insertInto('labels')
        .values({ ...rest, scope, project_id: projectId, creation_time: at, update_time: at })
        .returning('id')
        .executeTakeFirstOrThrow(),
    taken(fields.name, projectId),
  );
  return row.id;
}

export async function updateLabelRow(db: Db, label: Label, fields: LabelFields, at: string): Promise<void> {
  await orConflict(
    () => db.updateTable('labels').set({ ...fields, update_time: at }).where('id', '=', label.id).execute(),
    taken(fields.name, label.projectId),
  );
}

export async function deleteLabelRow(db: Db, id: number): Promise<void> {
  await db.deleteFrom('labels').where('id', '=', id).execute();
}

export async function findLabel(db: Db, id: number): Promise<Label | undefined> {
  const row = await db.selectFrom('labels').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toLabel(row);
}

/** The fields label lists offer in q and sort (Harbor's). */
export const LABEL_LIST: ListSpec = {
  items: 'labels',
  fields: {
    id: { column: 'id', type: 'int', sort: true, unique: true },
    name: { column: 'name', type: 'string', sort: true },
    description: { column: 'description', type: 'string' },
    color: { column: 'color', type: 'string' },
    creation_time: { column: 'creation_time', type: 'time', sort: true },
    update_time: { column: 'update_time', type: 'time', sort: true },
  },
  defaultSort: 'id',
  tieBreaker: 'id',
};

/** A page of the global labels, or of one project's. */
export async function listLabelRows(db: Db, projectId: number | null, query: ListQuery): Promise<Page<Label>> {
  const base =
    projectId === null
      ? db.selectFrom('labels').where('project_id', 'is', null)
      : db.selectFrom('labels').where('project_id', '=', projectId);
  const page = await pageOf(db, base, query, (qb) => qb.selectAll());
  return { ...page, items: page.items.map(toLabel) };
}

/** Puts the label on the artifact; CONFLICT when it is there already. */
export async function attachLabel(db: Db, artifactId: number, labelId: number, at: string): Promise<void> {
  await orConflict(
    () => db.insertInto('artifact_labels').values({ artifact_id: artifactId, label_id: labelId, creation_time: at }).execute(),
    'The artifact already has this label.',
  );
}

/** Takes the label off the artifact; false when it was not on it. */
export async function detachLabel(db: Db, artifactId: number, labelId: number): Promise<boolean> {
  const result = await db.deleteFrom('artifact_labels').where('artifact_id', '=', artifactId).where('label_id', '=', labelId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The labels of a page of artifacts, in the order they were put on. */
export async function labelsOfArtifacts(db: Db, artifactIds: number[]): Promise<{ artifactId: number; label: Label }[]> {
  if (artifactIds.length === 0) return [];
  const rows = await db
    .selectFrom('artifact_labels as al')
    .innerJoin('labels as l', 'l.id', 'al.label_id')
    .selectAll('l')
    .select('al.artifact_id')
    .where('al.artifact_id', 'in', artifactIds)
    .orderBy('al.id')
    .execute();
  return rows.map((row) => ({ artifactId: row.artifact_id, label: toLabel(row) }));
}
