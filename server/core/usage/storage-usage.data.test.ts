/**
 * The storage counters the triggers keep, on each dialect, against the same figures recomputed
 * from scratch by plain queries over artifacts and blobs: after a seeded run of random links,
 * copies, artifact deletes, and repository and project deletes (by cascade); after a GC-style
 * blob delete; and, on PostgreSQL, after many concurrent transactions sharing blobs across
 * projects (no deadlock, nothing lost).
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DbHandle } from '../../db/connect.js';
import { migrateUp } from '../../db/migrate.js';
import type { Database } from '../../db/schema.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../testing/dialects.js';
import { claimBlobs } from '../blobs/blob.repository.js';
import { createProject } from '../projects/project.service.js';
import { bootstrap } from '../system/bootstrap.js';
import { storageFigures, storageFiguresOf } from './storage-usage.repository.js';
import type { Kysely } from 'kysely';

type Db = Kysely<Database>;
const NOW = '2026-12-02T00:00:00.000Z';

/** A small deterministic generator, so a failure replays. */
function random(seed: number) {
  let state = seed;
  return (n: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return Math.floor(state / 65_536) % n;
  };
}

/** The figures recomputed from artifacts, artifact_blobs and blobs alone. */
async function recomputed(db: Db, column: 'project_id' | 'repository_id', id: number) {
  const rows = await sql<{ blob_id: number; size: string; refs: string; others: string }>`
    select b.blob_id, b.size, count(*) as refs,
      (select count(distinct o.${sql.ref(column)}) from artifact_blobs x join artifacts o on o.artifact_id = x.artifact_id
        where x.blob_id = b.blob_id and o.${sql.ref(column)} <> ${id}) as others
    from artifact_blobs ab join artifacts a on a.artifact_id = ab.artifact_id join blobs b on b.blob_id = ab.blob_id
    where a.${sql.ref(column)} = ${id} group by b.blob_id, b.size`.execute(db);
  const manifests = await sql<{ n: string; bytes: string | null }>`
    select count(*) as n, sum(manifest_size) as bytes from artifacts where ${sql.ref(column)} = ${id}`.execute(db);
  const blobBytes = rows.rows.reduce((t, r) => t + Number(r.size), 0);
  return {
    artifactCount: Number(manifests.rows[0]!.n),
    manifestBytes: Number(manifests.rows[0]!.bytes ?? 0),
    blobBytes,
    uniqueBlobBytes: rows.rows.filter((r) => Number(r.others) === 0).reduce((t, r) => t + Number(r.size), 0),
    logicalBlobBytes: rows.rows.reduce((t, r) => t + Number(r.size) * Number(r.refs), 0),
  };
}

async function recomputedSystem(db: Db) {
  const one = async (query: ReturnType<typeof sql<{ v: string | null }>>) => Number((await query.execute(db)).rows[0]!.v ?? 0);
  return {
    artifactCount: await one(sql`select count(*) as v from artifacts`),
    manifestBytes: await one(sql`select sum(manifest_size) as v from artifacts`),
    blobBytes: await one(sql`select sum(size) as v from blobs where blob_id in (select blob_id from artifact_blobs)`),
    logicalBlobBytes: await one(sql`select sum(b.size) as v from artifact_blobs ab join blobs b on b.blob_id = ab.blob_id`),
    storedBlobBytes: await one(sql`select sum(size) as v from blobs`),
  };
}

async function expectCountersRight(db: Db) {
  const projects = (await db.selectFrom('projects').select('project_id').execute()).map((r) => r.project_id);
  const repositories = (await db.selectFrom('repositories').select('repository_id').execute()).map((r) => r.repository_id);
  const p = await storageFiguresOf(db, 'p', projects);
  for (const id of projects) expect({ project: id, ...p.get(id)!, storedBlobBytes: undefined }).toEqual({ project: id, ...(await recomputed(db, 'project_id', id)), storedBlobBytes: undefined });
  const r = await storageFiguresOf(db, 'r', repositories);
  for (const id of repositories) expect({ repository: id, ...r.get(id)!, storedBlobBytes: undefined }).toEqual({ repository: id, ...(await recomputed(db, 'repository_id', id)), storedBlobBytes: undefined });
  expect({ ...(await storageFigures(db, 's', 0)), uniqueBlobBytes: undefined }).toEqual({ ...(await recomputedSystem(db)), uniqueBlobBytes: undefined });
}

describe.each(DIALECTS)('maintained storage counters on %s', (dialect) => {
  let testDb: TestDatabase;
  let handle: DbHandle;
  let db: Db;
  let projectIds: number[] = [];
  const blobIds: number[] = [];

  const newRepository = async (projectId: number, name: string) =>
    (await db.insertInto('repositories').values({ project_id: projectId, name, creation_time: NOW, update_time: NOW }).returning('repository_id').executeTakeFirstOrThrow()).repository_id;
  const newArtifact = async (d: Db, projectId: number, repositoryId: number, digest: string, manifestSize: number, blobs: number[]) => {
    const { artifact_id } = await d
      .insertInto('artifacts')
      .values({ project_id: projectId, repository_id: repositoryId, digest, type: 'IMAGE', manifest_media_type: 'm', media_type: 'm', manifest: Buffer.from('{}'), manifest_size: manifestSize, size: 0, push_time: NOW })
      .returning('artifact_id')
      .executeTakeFirstOrThrow();
    if (blobs.length) await d.insertInto('artifact_blobs').values(blobs.map((blob_id) => ({ artifact_id, blob_id }))).execute();
    return artifact_id;
  };

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    handle = testDb.open();
    db = handle.db;
    await migrateUp(db);
    await bootstrap(db, 'Harbor12345');
    for (const name of ['alpha', 'beta', 'gamma']) projectIds.push((await createProject(db, { name, ownerId: 1 })).id);
    for (let i = 0; i < 40; i++) {
      const row = await db.insertInto('blobs').values({ digest: `sha256:${String(i).padStart(64, '0')}`, size: 1000 + i * 37, creation_time: NOW }).returning('blob_id').executeTakeFirstOrThrow();
      blobIds.push(row.blob_id);
    }
  });

  afterAll(async () => {
    await handle.close();
    await testDb.drop();
  });

  // Each added or removed blob link asks which other scope names the blob; searched by scope
  // alone (the primary key) it read every row of that scope kind, so pushes slowed as data grew.
  test.runIf(dialect === 'sqlite')("the triggers' other-scope lookup is searched by blob", async () => {
    const plan = await sql<{ detail: string }>`explain query plan
      select scope_id from storage_blob_refs where blob_id = 1 and scope = 'p' and scope_id <> 2`.execute(db);
    expect(plan.rows.map((r) => r.detail)).toEqual(['SEARCH storage_blob_refs USING COVERING INDEX storage_blob_refs_blob (blob_id=? AND scope=?)']);
  });

  test('a seeded run of pushes, copies and deletes of artifacts, repositories and projects keeps every figure right', async () => {
    const next = random(dialect === 'sqlite' ? 7 : 11);
    const repositories: { id: number; projectId: number }[] = [];
    for (let i = 0; i < 8; i++) {
      const projectId = projectIds[i % 3]!;
      repositories.push({ id: await newRepository(projectId, `p${projectId}/repo-${i}`), projectId });
    }
    let serial = 0;
    const artifacts: { id: number; projectId: number; repositoryId: number; blobs: number[] }[] = [];
    for (let step = 0; step < 160; step++) {
      const op = next(10);
      if (op < 6 || artifacts.length < 5) {
        const repo = repositories[next(repositories.length)]!;
        const blobs = [...new Set(Array.from({ length: 1 + next(4) }, () => blobIds[next(blobIds.length)]!))];
        const id = await newArtifact(db, repo.projectId, repo.id, `sha256:${String(++serial).padStart(64, 'a')}`, 200 + next(300), blobs);
        artifacts.push({ id, projectId: repo.projectId, repositoryId: repo.id, blobs });
      } else if (op < 8) {
        // A copy: the same blobs, through INSERT ... SELECT as artifact-copy.repository does it.
        const source = artifacts[next(artifacts.length)]!;
        const repo = repositories[next(repositories.length)]!;
        const id = await newArtifact(db, repo.projectId, repo.id, `sha256:${String(++serial).padStart(64, 'c')}`, 321, []);
        await db.insertInto('artifact_blobs').columns(['artifact_id', 'blob_id']).expression(db.selectFrom('artifact_blobs').select([sql<number>`${id}`.as('artifact_id'), 'blob_id']).where('artifact_id', '=', source.id)).execute();
        artifacts.push({ id, projectId: repo.projectId, repositoryId: repo.id, blobs: source.blobs });
      } else {
        const [gone] = artifacts.splice(next(artifacts.length), 1);
        await db.deleteFrom('artifacts').where('artifact_id', '=', gone!.id).execute();
      }
    }
    await expectCountersRight(db);

    // A repository, then a whole project, deleted by cascade.
    await db.deleteFrom('repositories').where('repository_id', '=', repositories[0]!.id).execute();
    await expectCountersRight(db);
    await db.deleteFrom('projects').where('project_id', '=', projectIds[2]!).execute();
    projectIds = projectIds.slice(0, 2);
    await expectCountersRight(db);
    expect((await storageFigures(db, 'p', projectIds[0]!)).blobBytes).toBeGreaterThan(0);

    // GC: a blob nothing names leaves the store's total.
    const unnamed = await db.selectFrom('blobs').select('blob_id').where(({ not, exists, selectFrom }) => not(exists(selectFrom('artifact_blobs as ab').select('ab.blob_id').whereRef('ab.blob_id', '=', 'blobs.blob_id')))).executeTakeFirst();
    if (unnamed) await db.deleteFrom('blobs').where('blob_id', '=', unnamed.blob_id).execute();
    await expectCountersRight(db);
  }, 300_000);

  test.runIf(dialect === 'postgresql')('concurrent transactions linking shared blobs across projects lose nothing and never deadlock', async () => {
    const repos = [await newRepository(projectIds[0]!, 'alpha/race'), await newRepository(projectIds[1]!, 'beta/race')];
    const shared = blobIds.slice(0, 6);
    const pushes = Array.from({ length: 24 }, (_, i) =>
      db.transaction().execute(async (trx) => {
        // As a push does: the blobs' row locks first (claimBlobs), then the artifact and its links.
        const blobs = i % 2 ? [...shared].reverse() : shared;
        expect(await claimBlobs(trx, blobs)).toBe(true);
        const k = i % 2;
        const id = await newArtifact(trx, projectIds[k]!, repos[k]!, `sha256:${String(i).padStart(64, 'e')}`, 100, blobs.slice(0, 3 + (i % 3)));
        if (i % 4 === 3) await trx.deleteFrom('artifacts').where('artifact_id', '=', id).execute();
      }),
    );
    await Promise.all(pushes);
    await expectCountersRight(db);
  }, 300_000);
});
