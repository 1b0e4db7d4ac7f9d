/**
 * Data access for project quotas. A quota is the project's `storage_limit` column (Harbor keeps a
 * separate quota table; Berth has one quota per project, so the quota's id is the project's id)
 * and its usage is read from the storage counters that database triggers keep in the same
 * transaction as every artifact and blob link change (core/usage, migrations 0020/0020b).
 */
import type { Kysely } from 'kysely';
import { isPostgres } from '../../db/dialect.js';
import type { Database } from '../../db/schema.js';
import { storageFiguresOf, usedBytes } from '../usage/storage-usage.repository.js';

type Db = Kysely<Database>;

export interface QuotaRow {
  projectId: number;
  projectName: string;
  ownerName: string;
  /** Bytes; -1 for none. */
  limit: number;
  creationTime: string;
  updateTime: string;
}

const quotaRows = (db: Db) =>
  db
    .selectFrom('projects as p')
    .leftJoin('users as u', 'u.user_id', 'p.owner_id')
    .select(['p.project_id', 'p.name', 'u.username', 'p.storage_limit', 'p.creation_time', 'p.update_time']);

type Selected = { project_id: number; name: string; username: string | null; storage_limit: number | string; creation_time: string; update_time: string };

const toQuotaRow = (row: Selected): QuotaRow => ({
  projectId: row.project_id,
  projectName: row.name,
  ownerName: row.username ?? '',
  limit: Number(row.storage_limit),
  creationTime: row.creation_time,
  updateTime: row.update_time,
});

/** Every project's quota, in project id order (or only `projectId`'s). */
export async function listQuotaRows(db: Db, projectId?: number): Promise<QuotaRow[]> {
  let query = quotaRows(db).orderBy('p.project_id');
  if (projectId !== undefined) query = query.where('p.project_id', '=', projectId);
  return (await query.execute()).map(toQuotaRow);
}

export async function findQuotaRow(db: Db, projectId: number): Promise<QuotaRow | undefined> {
  const row = await quotaRows(db).where('p.project_id', '=', projectId).executeTakeFirst();
  return row && toQuotaRow(row);
}

export async function setStorageLimit(db: Db, projectId: number, limit: number, at: string): Promise<void> {
  await db.updateTable('projects').set({ storage_limit: limit, update_time: at }).where('project_id', '=', projectId).execute();
}

/**
 * The project's limit, read so that every other push charging this project waits until this
 * transaction ends: PostgreSQL locks the project row (NO KEY UPDATE, so inserts that only
 * reference the project are not blocked); SQLite runs one write transaction at a time anyway.
 * A project without a limit is not locked, so its pushes never wait on each other.
 */
export async function lockStorageLimit(trx: Db, projectId: number): Promise<number> {
  const query = trx.selectFrom('projects').select('storage_limit').where('project_id', '=', projectId);
  const limit = Number((await query.executeTakeFirst())?.storage_limit ?? -1);
  if (limit === -1 || !isPostgres(trx)) return limit;
  // Read again under the lock: the limit may have changed while this transaction waited for it.
  return Number((await query.forNoKeyUpdate().executeTakeFirst())?.storage_limit ?? -1);
}

/** Bytes each project's artifacts use, as storageUsedByProject counts them, from the maintained counters. */
export async function storageUsedByProjects(db: Db, projectIds: number[]): Promise<Map<number, number>> {
  const figures = await storageFiguresOf(db, 'p', projectIds);
  return new Map([...figures].map(([id, f]) => [id, usedBytes(f)]));
}

/** Whether an artifact of the project already names the blob: then pushing it again costs nothing. */
export async function projectNamesBlob(db: Db, projectId: number, digest: string): Promise<boolean> {
  const row = await db
    .selectFrom('artifact_blobs as ab')
    .innerJoin('artifacts as a', 'a.artifact_id', 'ab.artifact_id')
    .innerJoin('blobs as b', 'b.blob_id', 'ab.blob_id')
    .select('ab.blob_id')
    .where('a.project_id', '=', projectId)
    .where('b.digest', '=', digest)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Bytes a just-stored artifact added to its project: its blobs that no other artifact of the
 * project names, plus its manifest. One indexed lookup per blob (stopping at the first other
 * artifact), so a push measures the project's usage once (after) rather than twice.
 */
export async function bytesAddedByArtifact(db: Db, projectId: number, artifactId: number, manifestBytes: number): Promise<number> {
  const blobs = await db
    .selectFrom('artifact_blobs as ab')
    .innerJoin('blobs as b', 'b.blob_id', 'ab.blob_id')
    .select(['ab.blob_id', 'b.size'])
    .where('ab.artifact_id', '=', artifactId)
    .execute();
  let added = manifestBytes;
  for (const blob of blobs) {
    // Driven by the blob's index, each row's project checked by primary key: a join would let the
    // planner walk the project's artifacts instead, all of them for a blob nothing else names.
    const shared = await db
      .selectFrom('artifact_blobs as other')
      .select('other.artifact_id')
      .where('other.blob_id', '=', blob.blob_id)
      .where('other.artifact_id', '<>', artifactId)
      .where(({ exists, selectFrom }) =>
        exists(selectFrom('artifacts as a').select('a.artifact_id').whereRef('a.artifact_id', '=', 'other.artifact_id').where('a.project_id', '=', projectId)),
      )
      .limit(1)
      .executeTakeFirst();
    if (!shared) added += Number(blob.size);
  }
  return added;
}
