/**
 * The layer users and dependents lists on each dialect, paged in two steps (the page's ids, then
 * their columns): pages follow one order with the same total whatever the page or sort, hold
 * what the caller may see only, and carry each artifact's layers and tags; and the blob's users
 * and an image's dependents are read from indexes alone (migration 0028).
 */
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DbHandle } from '../../db/connect.js';
import { migrateUp } from '../../db/migrate.js';
import type { Database } from '../../db/schema.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../testing/dialects.js';
import { buildListQuery, type Paging } from '../lists/list-query.js';
import { createProject } from '../projects/project.service.js';
import type { RepositoryVisibility } from '../repositories/repository.repository.js';
import { bootstrap } from '../system/bootstrap.js';
import { countDependents, fullChainOf, insertLayerChains, LAYER_USER_LIST, listBlobUsers, listDependents } from './layer-chain.repository.js';

const digestOf = (text: string) => `sha256:${Buffer.from(text).toString('hex').padEnd(64, '0').slice(0, 64)}`;
const BASE = [digestOf('base-0'), digestOf('base-1')];
const ALL: RepositoryVisibility = { all: true };
const ANONYMOUS: RepositoryVisibility = { all: false, publicProjects: true, member: null };

describe.each(DIALECTS)('layer users on %s', (dialect) => {
  let testDb: TestDatabase;
  let handle: DbHandle;
  let db: Kysely<Database>;
  /** What was written: each image's repository, push time and own layer count, by id. */
  const written: { id: number; repository: string; pushTime: string; layers: number; isPublic: boolean }[] = [];
  let baseId = 0;

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    handle = testDb.open();
    db = handle.db;
    await migrateUp(db);
    await bootstrap(db, 'Harbor12345');
    const blobIds = [];
    for (const digest of [...BASE, digestOf('own')]) {
      blobIds.push((await db.insertInto('blobs').values({ digest, size: 10, creation_time: '2026-01-01T00:00:00.000Z' }).returning('blob_id').executeTakeFirstOrThrow()).blob_id);
    }
    let serial = 0;
    for (const [project, isPublic] of [['open', true], ['shut', false]] as const) {
      const projectId = (await createProject(db, { name: project, ownerId: 1, public: isPublic })).id;
      for (const repository of [`${project}/zeta`, `${project}/alpha`]) {
        const repositoryId = (await db.insertInto('repositories').values({ project_id: projectId, name: repository, creation_time: 'x', update_time: 'x' }).returning('repository_id').executeTakeFirstOrThrow()).repository_id;
        for (let i = 0; i < 9; i++) {
          serial++;
          // Pushed in threes at the same second: the id breaks the tie.
          const pushTime = new Date(Date.UTC(2026, 0, 1, 0, 0, Math.floor(serial / 3))).toISOString();
          const layers = serial === 1 ? BASE : [...BASE, digestOf(`own-${serial}`)];
          const { artifact_id: id } = await db
            .insertInto('artifacts')
            .values({ project_id: projectId, repository_id: repositoryId, digest: digestOf(`artifact-${serial}`), type: 'IMAGE', manifest_media_type: 'm', media_type: 'c', manifest: Buffer.from('{}'), manifest_size: 2, size: 1, config_digest: digestOf(`config-${serial}`), push_time: pushTime })
            .returning('artifact_id')
            .executeTakeFirstOrThrow();
          await db.insertInto('artifact_blobs').values(blobIds.slice(0, 2).map((blob_id) => ({ artifact_id: id, blob_id }))).execute();
          await insertLayerChains(db, id, layers);
          if (i % 2 === 0) await db.insertInto('tags').values([`t${serial}`, `u${serial}`].map((name, k) => ({ repository_id: repositoryId, artifact_id: id, name, push_time: `2026-02-0${k + 1}T00:00:00.000Z` }))).execute();
          if (serial === 1) baseId = id;
          else written.push({ id, repository, pushTime, layers: layers.length, isPublic });
        }
      }
    }
  });

  afterAll(async () => {
    await handle.close();
    await testDb.drop();
  });

  /** Every page of a list, page by page, with the total each page said. */
  const allPages = async (list: (paging: Paging) => ReturnType<typeof listBlobUsers>, sort?: string) => {
    const ids: number[] = [];
    const totals = new Set<number>();
    for (let page = 1; ; page++) {
      const found = await list({ page, page_size: 4, sort });
      totals.add(found.total);
      ids.push(...found.items.map((s) => s.artifactId));
      if (found.items.length < 4) return { ids, totals: [...totals] };
    }
  };
  const newestFirst = (rows: typeof written) => [...rows].sort((a, b) => b.pushTime.localeCompare(a.pushTime) || b.id - a.id).map((r) => r.id);

  test('pages of the users of a layer follow one order, whatever the page and sort, and hold what the caller sees', async () => {
    const users = (visibility: RepositoryVisibility) => (paging: Paging) => listBlobUsers(db, BASE[0]!, visibility, buildListQuery(LAYER_USER_LIST, paging));
    const everyone = [...written, { id: baseId, repository: 'open/zeta', pushTime: '2026-01-01T00:00:00.000Z', layers: 2, isPublic: true }];
    expect(await allPages(users(ALL))).toEqual({ ids: newestFirst(everyone), totals: [everyone.length] });
    expect(await allPages(users(ANONYMOUS))).toEqual({ ids: newestFirst(everyone.filter((r) => r.isPublic)), totals: [everyone.filter((r) => r.isPublic).length] });
    const byName = await allPages(users(ALL), 'repository_name,id');
    const expected = [...everyone].sort((a, b) => a.repository.localeCompare(b.repository) || a.id - b.id).map((r) => r.id);
    expect(byName.ids).toEqual(expected);
    const [first] = (await users(ALL)({ page: 1, page_size: 1 })).items;
    const newest = everyone.find((r) => r.id === newestFirst(everyone)[0])!;
    expect(first).toMatchObject({ artifactId: newest.id, repositoryName: newest.repository, pushTime: newest.pushTime, layers: newest.layers });
    expect(first!.tags.length === 0 || first!.tags[0]!.startsWith('u')).toBe(true);
    // Past the end no row carries the count: it is counted on its own.
    expect(await users(ALL)({ page: 99, page_size: 4 })).toEqual({ items: [], total: everyone.length, page: 99, pageSize: 4 });
    // A caller who may see no project sees no user.
    expect(await users({ all: false, publicProjects: false, member: null })({ page: 1, page_size: 4 })).toMatchObject({ items: [], total: 0 });
    expect((await users(ALL)({ page: 1, page_size: 0 })).items.map((s) => s.artifactId)).toEqual(newestFirst(everyone));
  });

  test('pages of the dependents of the base follow one order and carry layers and tags', async () => {
    const own = (await fullChainOf(db, baseId))!;
    const dependents = (paging: Paging) => listDependents(db, own, ANONYMOUS, buildListQuery(LAYER_USER_LIST, paging));
    const visible = written.filter((r) => r.isPublic);
    expect(await allPages(dependents)).toEqual({ ids: newestFirst(visible), totals: [visible.length] });
    expect(await countDependents(db, own, ANONYMOUS)).toBe(visible.length);
    expect(await countDependents(db, own, ALL)).toBe(written.length);
    const page = await dependents({ page: 1, page_size: 100 });
    for (const item of page.items) expect(item.layers).toBe(3);
    const tagged = page.items.find((s) => s.tags.length > 0)!;
    expect(tagged.tags).toEqual([`u${tagged.tags[0]!.slice(1)}`, `t${tagged.tags[0]!.slice(1)}`]);
  });

  test("a layer's users and an image's dependents are read from indexes alone", async () => {
    const users = 'select ab.artifact_id from artifact_blobs ab where ab.blob_id = 1';
    const dependents = "select y.artifact_id from artifact_layer_chains y where y.chain = 'c' and y.depth = 2 and y.layers > 2";
    if (dialect === 'sqlite') {
      const plan = async (query: string) => (await sql<{ detail: string }>`explain query plan ${sql.raw(query)}`.execute(db)).rows.map((r) => r.detail);
      expect(await plan(users)).toEqual(['SEARCH ab USING COVERING INDEX artifact_blobs_blob (blob_id=?)']);
      expect(await plan(dependents)).toEqual(['SEARCH y USING COVERING INDEX artifact_layer_chains_chain (chain=? AND depth=? AND layers>?)']);
    } else {
      // Sequential and bitmap scans off: the plan shows what the indexes allow, not what a small table makes cheapest.
      const plan = (query: string) =>
        db.transaction().execute(async (trx) => {
          await sql`set local enable_seqscan = off`.execute(trx);
          await sql`set local enable_bitmapscan = off`.execute(trx);
          return (await sql<{ 'QUERY PLAN': string }>`explain ${sql.raw(query)}`.execute(trx)).rows.map((r) => r['QUERY PLAN']).join('\n');
        });
      expect(await plan(users)).toMatch(/Index Only Scan using artifact_blobs_blob on artifact_blobs ab\b/);
      expect(await plan(dependents)).toMatch(/Index Only Scan using artifact_layer_chains_chain on artifact_layer_chains y\b/);
    }
  });
});
