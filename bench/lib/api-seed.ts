/**
 * Rows for the API benchmark, written straight into a server's database: the lists read only
 * these tables, never manifest bytes or blobs, so a push per artifact would only slow seeding.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { DbHandle } from '../../server/db/connect.js';
import { isPostgres } from '../../server/db/dialect.js';
import { backfill } from '../../server/db/migrations/2026_12_02_0020_storage_usage.js';

type Db = DbHandle['db'];

const BATCH = 500;

/**
 * Fresh statistics after a bulk load; on PostgreSQL a vacuum too, as autovacuum does after
 * inserts (PostgreSQL 13 and later): without its visibility map, index-only scans read every row.
 * Then the load is written out (a checkpoint; SQLite's write-ahead log folded into the file), so
 * that the first endpoint timed does not share the two cores with the writing of a gigabyte
 * that a project grown over months would have written long ago.
 */
export async function settle(db: Db): Promise<void> {
  if (isPostgres(db)) {
    await sql`vacuum analyze`.execute(db);
    await sql`checkpoint`.execute(db);
  } else {
    await sql`analyze`.execute(db);
    await sql`pragma wal_checkpoint(truncate)`.execute(db);
  }
}

/**
 * PostgreSQL: `seed` writes with the storage triggers off (session_replication_role = replica,
 * in one transaction) and the storage figures are then counted once from the rows, as migration
 * 0020 did for existing data: row by row the triggers append two to five deltas per blob link,
 * and seeding 200,000 artifacts took over half an hour on this machine. The figures read
 * afterwards are the same; the push path's cost is measured by the registry workloads, not here.
 * SQLite keeps its triggers (a few minutes).
 */
export async function bulkSeed<T>(db: Db, seed: (db: Db) => Promise<T>): Promise<T> {
  if (!isPostgres(db)) return seed(db);
  const result = await db.transaction().execute(async (trx) => {
    await sql`set local session_replication_role = replica`.execute(trx);
    return seed(trx);
  });
  await db.transaction().execute(async (trx) => {
    for (const table of ['storage_counter_deltas', 'storage_counters', 'blob_usage', 'storage_blob_refs'] as const) await trx.deleteFrom(table).execute();
    await backfill(trx);
  });
  return result;
}

const digest = () => `sha256:${randomBytes(32).toString('hex')}`;
export const at = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString();

function artifactRow(projectId: number, repositoryId: number, i: number) {
  return {
    project_id: projectId,
    repository_id: repositoryId,
    digest: digest(),
    type: 'IMAGE',
    manifest_media_type: 'application/vnd.oci.image.manifest.v1+json',
    media_type: 'application/vnd.oci.image.config.v1+json',
    artifact_type: 'application/vnd.oci.image.config.v1+json',
    manifest: Buffer.from('{}'),
    manifest_size: 2,
    size: 1000 + (i % 1000),
    config_digest: digest(),
    extra_attrs: JSON.stringify({ architecture: 'amd64', os: 'linux' }),
    push_time: at(i),
    // Half never pulled: the pull-time sort must place them the same on both dialects.
    pull_time: i % 2 ? at(i + 10) : null,
  };
}

async function project(db: Db, name: string, isPublic: boolean): Promise<number> {
  const row = await db
    .insertInto('projects')
    .values({ name, owner_id: 1, public: isPublic ? 1 : 0, creation_time: at(0), update_time: at(0) })
    .returning('project_id')
    .executeTakeFirstOrThrow();
  return row.project_id;
}

async function repositories(db: Db, projectId: number, names: string[], from: number): Promise<number[]> {
  const rows = await db
    .insertInto('repositories')
    .values(names.map((name, k) => ({ project_id: projectId, name, creation_time: at(from + k), update_time: at(from + k) })))
    .returning('repository_id')
    .execute();
  return rows.map((r) => r.repository_id);
}

async function insertBlobs(db: Db, count: number, size: number): Promise<{ blobId: number; digest: string }[]> {
  const rows = Array.from({ length: count }, () => ({ digest: digest(), size, creation_time: at(0) }));
  const ids = await db.insertInto('blobs').values(rows).returning('blob_id').execute();
  return ids.map((r, k) => ({ blobId: r.blob_id, digest: rows[k]!.digest }));
}

/**
 * Artifacts with one tag each (`t-<n>`), `count` in each repository: each has its own config
 * blob and shares two layers with the rest of its repository, as successive builds do.
 */
async function artifactsWithTags(db: Db, projectOf: (repositoryId: number) => number, repositoryIds: number[], count: number): Promise<void> {
  const layers = new Map<number, number[]>();
  for (let start = 0; start < repositoryIds.length; start += BATCH / 2) {
    const slice = repositoryIds.slice(start, start + BATCH / 2);
    const blobs = await insertBlobs(db, slice.length * 2, 5_000_000);
    slice.forEach((id, k) => layers.set(id, [blobs[2 * k]!.blobId, blobs[2 * k + 1]!.blobId]));
  }
  const all = repositoryIds.flatMap((id) => Array.from({ length: count }, (_, k) => ({ id, k })));
  for (let start = 0; start < all.length; start += BATCH) {
    const slice = all.slice(start, start + BATCH);
    const configs = await insertBlobs(db, slice.length, 2_000);
    const ids = await db
      .insertInto('artifacts')
      .values(slice.map(({ id }, n) => ({ ...artifactRow(projectOf(id), id, start + n), config_digest: configs[n]!.digest })))
      .returning('artifact_id')
      .execute();
    await db
      .insertInto('tags')
      .values(slice.map(({ id, k }, n) => ({ repository_id: id, artifact_id: ids[n]!.artifact_id, name: `t-${String(k).padStart(4, '0')}`, push_time: at(start + n) })))
      .execute();
    await db
      .insertInto('artifact_blobs')
      .values(
        slice.flatMap(({ id }, n) =>
          // The owner columns as the link triggers (off here on PostgreSQL) would set them.
          [configs[n]!.blobId, ...layers.get(id)!].map((blobId) => ({ artifact_id: ids[n]!.artifact_id, blob_id: blobId, project_id: projectOf(id), push_time: at(start + n) })),
        ),
      )
      .execute();
  }
}

/**
 * The one large project: `bench`, holding `many` (`tags` artifacts with a tag each),
 * `one` (one artifact carrying `tags` tags) and `repositories - 2` more repositories sharing the
 * rest of `artifacts` evenly (`r-0000`...). Its id is returned: the lists name it by id too.
 */
export async function seedLargeProject(db: Db, sizes: { repositories: number; artifacts: number; tags: number }): Promise<number> {
  const projectId = await project(db, 'bench', false);
  const [many, one] = await repositories(db, projectId, ['bench/many', 'bench/one'], 0);
  await artifactsWithTags(db, () => projectId, [many!], sizes.tags);
  const { artifact_id: shared } = await db.insertInto('artifacts').values(artifactRow(projectId, one!, 0)).returning('artifact_id').executeTakeFirstOrThrow();
  for (let start = 0; start < sizes.tags; start += BATCH) {
    const names = Array.from({ length: Math.min(BATCH, sizes.tags - start) }, (_, k) => `t-${String(start + k).padStart(4, '0')}`);
    await db.insertInto('tags').values(names.map((name, k) => ({ repository_id: one!, artifact_id: shared, name, push_time: at(start + k) }))).execute();
  }
  const others = sizes.repositories - 2;
  const names = Array.from({ length: others }, (_, r) => `bench/r-${String(r).padStart(4, '0')}`);
  const ids: number[] = [];
  for (let start = 0; start < others; start += BATCH) ids.push(...(await repositories(db, projectId, names.slice(start, start + BATCH), start + 2)));
  await artifactsWithTags(db, () => projectId, ids, Math.floor((sizes.artifacts - sizes.tags - 1) / others));
  return projectId;
}

/**
 * `projects` small projects beside it (every other one public, `perProject` repositories of
 * `perRepository` tagged artifacts); `memberId` belongs to all of them.
 */
export async function seedSmallProjects(db: Db, sizes: { projects: number; perProject: number; perRepository: number }, memberId: number): Promise<void> {
  const projectOf = new Map<number, number>();
  for (let p = 0; p < sizes.projects; p++) {
    const name = `p${String(p).padStart(4, '0')}`;
    const projectId = await project(db, name, p % 2 === 0);
    await db.insertInto('project_members').values({ project_id: projectId, entity_id: memberId, entity_type: 'u', role: 2, creation_time: at(0), update_time: at(0) }).execute();
    const names = Array.from({ length: sizes.perProject }, (_, r) => `${name}/repo-${String(r).padStart(2, '0')}`);
    for (const id of await repositories(db, projectId, names, p * sizes.perProject)) projectOf.set(id, projectId);
  }
  await artifactsWithTags(db, (id) => projectOf.get(id)!, [...projectOf.keys()], sizes.perRepository);
}

/** Audit rows of project `projectId`, spread over the users and operations the lists filter on. */
export async function seedAuditLogs(db: Db, count: number, projectId: number): Promise<void> {
  const operations = ['create', 'pull', 'delete'];
  for (let start = 0; start < count; start += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, count - start) }, (_, k) => {
      const i = start + k;
      const operation = operations[i % 3]!;
      const project = `bench/r-${String(i % 1000).padStart(4, '0')}`;
      return {
        project_id: projectId,
        operation,
        operation_description: `${operation} artifact: ${project}:t-${i}`,
        operation_result: 1,
        resource_type: 'artifact',
        resource: `${project}:t-${i}`,
        username: `user${i % 50}`,
        client_ip: null,
        op_time: at(i),
      };
    });
    await db.insertInto('audit_logs').values(rows).execute();
  }
}
