/**
 * Blob links and layer chains carry their artifact's project and push time (migration 0031),
 * kept by triggers on each dialect: as the push path writes them, as a copy writes them, and
 * after a re-push moves the artifact's push time, so the layer lists, which read only the links,
 * keep their order and visibility.
 */
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DbHandle } from '../../db/connect.js';
import { migrateUp } from '../../db/migrate.js';
import type { Database } from '../../db/schema.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../testing/dialects.js';
import { copyArtifactRow, copyBlobLinks } from '../artifacts/artifact-copy.repository.js';
import { insertArtifactBlobs, upsertArtifact } from '../artifacts/artifact.repository.js';
import { buildListQuery } from '../lists/list-query.js';
import { createProject } from '../projects/project.service.js';
import type { RepositoryVisibility } from '../repositories/repository.repository.js';
import { bootstrap } from '../system/bootstrap.js';
import { copyLayerChains, countDependents, fullChainOf, insertLayerChains, LAYER_USER_LIST, listBlobUsers, listDependents } from './layer-chain.repository.js';

const digestOf = (text: string) => `sha256:${Buffer.from(text).toString('hex').padEnd(64, '0').slice(0, 64)}`;
const LAYERS = [digestOf('layer-0'), digestOf('layer-1')];
const ALL: RepositoryVisibility = { all: true };
const ANONYMOUS: RepositoryVisibility = { all: false, publicProjects: true, member: null };
const time = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString();

describe.each(DIALECTS)('link owners on %s', (dialect) => {
  let testDb: TestDatabase;
  let handle: DbHandle;
  let db: Kysely<Database>;
  let blobIds: number[];
  const projects: Record<string, number> = {};
  const repositories: Record<string, number> = {};

  /** Pushes an image as the registry's push path records it: the artifact (or its re-push), its blob links, its chains. */
  const push = async (repository: string, name: string, layers: string[], second: number) => {
    const project = repository.split('/')[0]!;
    const row = {
      project_id: projects[project]!,
      repository_id: repositories[repository]!,
      digest: digestOf(name),
      type: 'IMAGE',
      manifest_media_type: 'm',
      media_type: 'c',
      manifest: Buffer.from('{}'),
      manifest_size: 2,
      size: 1,
      config_digest: digestOf(`config-${name}`),
      push_time: time(second),
    };
    const { id, created } = await upsertArtifact(db, row);
    if (created) {
      await insertArtifactBlobs(db, id, blobIds.slice(0, layers.length));
      await insertLayerChains(db, id, layers);
    }
    return id;
  };

  /** Each link's and chain's owner columns beside its artifact's own. */
  const owners = async () => {
    const blobs = await db
      .selectFrom('artifact_blobs as l')
      .innerJoin('artifacts as a', 'a.artifact_id', 'l.artifact_id')
      .select(['l.artifact_id', 'l.project_id', 'l.push_time', 'a.project_id as artifact_project', 'a.push_time as artifact_push_time'])
      .execute();
    const chains = await db
      .selectFrom('artifact_layer_chains as l')
      .innerJoin('artifacts as a', 'a.artifact_id', 'l.artifact_id')
      .select(['l.artifact_id', 'l.project_id', 'l.push_time', 'a.project_id as artifact_project', 'a.push_time as artifact_push_time'])
      .execute();
    return [...blobs, ...chains];
  };
  const expectOwnersTrue = async () => {
    const rows = await owners();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect({ project: row.project_id, pushTime: row.push_time }).toEqual({ project: row.artifact_project, pushTime: row.artifact_push_time });
  };
  const users = async (visibility: RepositoryVisibility) => {
    const page = await listBlobUsers(db, LAYERS[0]!, visibility, buildListQuery(LAYER_USER_LIST, { page: 1, page_size: 100 }));
    return { ids: page.items.map((s) => s.artifactId), total: page.total };
  };

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    handle = testDb.open();
    db = handle.db;
    await migrateUp(db);
    await bootstrap(db, 'Harbor12345');
    blobIds = [];
    for (const digest of LAYERS) {
      blobIds.push((await db.insertInto('blobs').values({ digest, size: 10, creation_time: time(0) }).returning('blob_id').executeTakeFirstOrThrow()).blob_id);
    }
    for (const [project, isPublic] of [['open', true], ['shut', false]] as const) {
      projects[project] = (await createProject(db, { name: project, ownerId: 1, public: isPublic })).id;
      const name = `${project}/app`;
      repositories[name] = (
        await db.insertInto('repositories').values({ project_id: projects[project], name, creation_time: 'x', update_time: 'x' }).returning('repository_id').executeTakeFirstOrThrow()
      ).repository_id;
    }
  });

  afterAll(async () => {
    await handle.close();
    await testDb.drop();
  });

  test('pushed links carry their artifact owner, a re-push moves its links, a copy carries its own project', async () => {
    const base = await push('open/app', 'base', LAYERS.slice(0, 1), 1);
    const older = await push('open/app', 'older', LAYERS, 2);
    const hidden = await push('shut/app', 'hidden', LAYERS, 3);
    const newer = await push('open/app', 'newer', LAYERS, 4);
    await expectOwnersTrue();
    expect(await users(ALL)).toEqual({ ids: [newer, hidden, older, base], total: 4 });

    // A re-push of the older image: same artifact, a new push time, now the newest user.
    expect(await push('open/app', 'older', LAYERS, 9)).toBe(older);
    await expectOwnersTrue();
    expect(await users(ALL)).toEqual({ ids: [older, newer, hidden, base], total: 4 });
    const own = (await fullChainOf(db, base))!;
    const dependents = await listDependents(db, own, ALL, buildListQuery(LAYER_USER_LIST, { page: 1, page_size: 10 }));
    expect(dependents.items.map((s) => s.artifactId)).toEqual([older, newer, hidden]);

    // The public image copied into the private project: the copy's links are the private project's.
    const target = { projectId: projects.shut!, repositoryId: repositories['shut/app']!, at: time(12) };
    const copy = await copyArtifactRow(db, newer, target);
    expect(copy.created).toBe(true);
    await copyBlobLinks(db, newer, copy.id, target);
    await copyLayerChains(db, newer, copy.id);
    await expectOwnersTrue();
    const copied = (await owners()).filter((r) => r.artifact_id === copy.id);
    expect(copied.length).toBe(2 + 2);
    for (const row of copied) expect([row.project_id, row.push_time]).toEqual([projects.shut, time(12)]);

    // Anonymous callers see the public project's users and dependents only, with totals to match.
    expect(await users(ANONYMOUS)).toEqual({ ids: [older, newer, base], total: 3 });
    expect(await users(ALL)).toEqual({ ids: [copy.id, older, newer, hidden, base], total: 5 });
    expect(await countDependents(db, own, ANONYMOUS)).toBe(2);
    expect(await countDependents(db, own, ALL)).toBe(4);
    const visible = await listDependents(db, own, ANONYMOUS, buildListQuery(LAYER_USER_LIST, { page: 1, page_size: 1 }));
    expect({ ids: visible.items.map((s) => s.artifactId), total: visible.total }).toEqual({ ids: [older], total: 2 });
  });

  test("a blob's users page is read in the link index's order, and the dependents' count from the index alone", async () => {
    const users = `select l.artifact_id from artifact_blobs l where l.blob_id = 1 and l.project_id in (1, 2) order by l.push_time desc, l.artifact_id desc limit 15`;
    const count = "select count(*) from artifact_layer_chains l where l.chain = 'c' and l.depth = 2 and l.layers > 2 and l.project_id in (1, 2)";
    if (dialect === 'sqlite') {
      const plan = async (query: string) => (await sql<{ detail: string }>`explain query plan ${sql.raw(query)}`.execute(db)).rows.map((r) => r.detail);
      expect(await plan(users)).toEqual(['SEARCH l USING COVERING INDEX artifact_blobs_blob (blob_id=?)']);
      expect(await plan(count)).toEqual(['SEARCH l USING COVERING INDEX artifact_layer_chains_chain (chain=? AND depth=? AND layers>?)']);
    } else {
      // Sequential and bitmap scans and sorts off: the plan shows what the indexes allow, not what a small table makes cheapest.
      const plan = (query: string) =>
        db.transaction().execute(async (trx) => {
          for (const setting of ['enable_seqscan', 'enable_bitmapscan', 'enable_sort']) await sql`select set_config(${setting}, 'off', true)`.execute(trx);
          return (await sql<{ 'QUERY PLAN': string }>`explain ${sql.raw(query)}`.execute(trx)).rows.map((r) => r['QUERY PLAN']).join('\n');
        });
      const usersPlan = await plan(users);
      expect(usersPlan).toMatch(/Index Only Scan Backward using artifact_blobs_blob on artifact_blobs l\b/);
      expect(usersPlan).not.toMatch(/Sort/);
      expect(await plan(count)).toMatch(/Index Only Scan using artifact_layer_chains_chain on artifact_layer_chains l\b/);
    }
  });
});
