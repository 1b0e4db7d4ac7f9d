/**
 * The API's registry queries on each dialect: which artifacts a repository's list holds, q on
 * tags, pull-time order with never-pulled artifacts, repository lists and search by visibility,
 * storage counted once per blob, copies, and deleting a repository that holds an index.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { CompiledQuery, sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DbHandle } from '../../db/connect.js';
import { migrateUp } from '../../db/migrate.js';
import { tagJson } from '../../api/registry-presenters.js';
import { FsBlobStore } from '../../storage/fs-blob-store.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../testing/dialects.js';
import { blobOf, buildArtifact, buildImage, buildIndex, OCI_MANIFEST, type Blob, type Image } from '../../testing/oci-images.js';
import { EventBus } from '../events/bus.js';
import { buildListQuery, type Paging } from '../lists/list-query.js';
import { pageQuery } from '../lists/list.repository.js';
import { insertMember } from '../members/member.repository.js';
import { ROLE } from '../members/roles.js';
import { countRepositories, storageUsedByProject, totalStorageUsed } from '../projects/registry-usage.repository.js';
import { createProject } from '../projects/project.service.js';
import { repositoriesAllowing } from '../rbac/registry-grants.js';
import { RegistryRuntime } from '../registry/runtime.js';
import { AuditLog } from '../audit/audit-log.js';
import { listRepositoryRows, REPOSITORY_LIST, searchRepositoryRows } from '../repositories/repository-list.repository.js';
import { deleteRepositoryAs } from '../repositories/repository.service.js';
import { findRepositoryByName } from '../repositories/repository.repository.js';
import type { Actor } from '../security/actor.js';
import { ANONYMOUS } from '../security/subject.js';
import { bootstrap } from '../system/bootstrap.js';
import { uploadWhole } from '../uploads/upload.service.js';
import { findUserByUsername } from '../users/user.repository.js';
import { createLocalUser } from '../users/user.service.js';
import { copyArtifactAs } from './artifact-copy.service.js';
import { ARTIFACT_LIST, countListedArtifacts, countQuery, listArtifactRows, listedArtifacts, tagsOfArtifacts, type TagFilter } from './artifact-list.repository.js';
import { addArtifactPulls, deleteArtifact } from './artifact.repository.js';
import { pushManifest } from './manifest-push.service.js';
import { tagsJsonOfArtifacts } from './tags-json.repository.js';

const logger = pino({ level: 'silent' });
const registryActor = { name: 'admin', clientIp: null };
const paging = (extra: Partial<Paging> = {}): Paging => ({ page: 1, page_size: 100, ...extra });
const bytesOf = (image: Image) => image.manifest.size + image.config.size + image.layers.reduce((sum, l) => sum + l.size, 0);

const v1 = buildImage({ seed: 'list-v1', layers: 2 });
const v2 = buildImage({ seed: 'list-v2' });
const loose = buildImage({ seed: 'list-loose' });
const [amd, arm] = [buildImage({ seed: 'list-amd' }), buildImage({ seed: 'list-arm', architecture: 'arm64' })];
const index = buildIndex([amd, arm]);
const note = buildArtifact({ artifactType: 'application/vnd.berth.note', payload: blobOf('text/plain', 'n'), subject: v1.manifest });
const orphan = buildArtifact({ artifactType: 'application/vnd.berth.note', payload: blobOf('text/plain', 'o'), subject: blobOf(OCI_MANIFEST, '{}') });

describe.each(DIALECTS)('registry lists on %s', (dialect) => {
  let testDb: TestDatabase;
  let handle: DbHandle;
  let dir: string;
  let deps: { db: DbHandle['db']; audit: AuditLog; blobs: FsBlobStore; registry: RegistryRuntime; events: EventBus };
  let admin: Actor;
  let repositoryId: number;

  const push = async (repository: string, reference: string, blobs: Blob[], manifest: Blob) => {
    for (const blob of blobs) await uploadWhole(deps, repository, blob.digest, { body: Readable.from([blob.bytes]) });
    await pushManifest(deps, registryActor, repository, reference, manifest.mediaType, manifest.bytes);
  };
  const pushImage = (repository: string, reference: string, image: Image) => push(repository, reference, [image.config, ...image.layers], image.manifest);
  const listed = async (tags: TagFilter[] = [], extra: Partial<Paging> = {}) => {
    const page = await listArtifactRows(handle.db, repositoryId, buildListQuery(ARTIFACT_LIST, paging(extra)), tags);
    return page.items.map((a) => a.digest);
  };

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    handle = testDb.open();
    await migrateUp(handle.db);
    await bootstrap(handle.db, 'Harbor12345');
    dir = await mkdtemp(path.join(os.tmpdir(), 'berth-list-data-'));
    const audit = new AuditLog();
    deps = { db: handle.db, audit, blobs: new FsBlobStore(dir), registry: new RegistryRuntime(handle.db, audit, logger), events: new EventBus(logger) };
    const adminUser = (await findUserByUsername(handle.db, 'admin'))!;
    admin = { subject: { kind: 'user', user: adminUser, via: 'basic' }, clientIp: null };
    const team = await createProject(handle.db, { name: 'team', ownerId: adminUser.id });
    await createProject(handle.db, { name: 'hidden', ownerId: adminUser.id });
    const eve = await createLocalUser(handle.db, { username: 'eve', password: 'Passw0rdE' });
    await insertMember(handle.db, { projectId: team.id, userId: eve.id, role: ROLE.limitedGuest });

    await pushImage('team/app', 'v1', v1);
    await pushImage('team/app', loose.manifest.digest, loose);
    await pushImage('team/app', amd.manifest.digest, amd);
    await pushImage('team/app', 'arm', arm);
    await pushManifest(deps, registryActor, 'team/app', 'multi', index.mediaType, index.bytes);
    await push('team/app', note.manifest.digest, note.blobs, note.manifest);
    await push('team/app', orphan.manifest.digest, orphan.blobs, orphan.manifest);
    await pushImage('team/app', 'v2', v2);
    await pushImage('team/other', 'v1', v1);
    await pushImage('hidden/thing', 'v1', v2);
    await pushImage('library/pub', 'v1', loose);
    repositoryId = (await findRepositoryByName(handle.db, 'team/app'))!.id;
  });

  afterAll(async () => {
    await deps.registry.close();
    await handle.close();
    await testDb.drop();
    await rm(dir, { recursive: true, force: true });
  });

  test('the list: tagged index children stay, untagged ones and accessories of present subjects go; q on tags', async () => {
    const all = [v2.manifest.digest, orphan.manifest.digest, index.digest, arm.manifest.digest, loose.manifest.digest, v1.manifest.digest];
    expect(await listed()).toEqual(all);
    expect(await countListedArtifacts(handle.db, [repositoryId])).toEqual(new Map([[repositoryId, all.length]]));
    expect(await listed([{ kind: 'untagged' }])).toEqual([orphan.manifest.digest, loose.manifest.digest]);
    expect(await listed([{ kind: 'tagged' }])).toEqual([v2.manifest.digest, index.digest, arm.manifest.digest, v1.manifest.digest]);
    const name = (op: 'eq' | 'contains', value: string): TagFilter => ({ kind: 'name', filter: { column: 'name', op, value } });
    expect(await listed([name('contains', 'V')])).toEqual([v2.manifest.digest, v1.manifest.digest]);
    expect(await listed([name('eq', 'arm')])).toEqual([arm.manifest.digest]);
    expect(await listed([{ kind: 'name', filter: { column: 'name', op: 'in', values: ['v1', 'multi'] } }])).toEqual([index.digest, v1.manifest.digest]);
    expect(await listed([name('contains', 'v'), name('eq', 'v2')])).toEqual([v2.manifest.digest]);
    expect(await listed([], { q: 'type=IMAGE,media_type=application/vnd.oci.image.config.v1+json' })).toEqual([
      v2.manifest.digest,
      arm.manifest.digest,
      loose.manifest.digest,
      v1.manifest.digest,
    ]);
  });

  test('pull time: never pulled sorts first ascending and last descending, the same on both dialects', async () => {
    const ids = await handle.db.selectFrom('artifacts').select(['artifact_id', 'digest']).where('repository_id', '=', repositoryId).execute();
    const idOf = (digest: string) => ids.find((a) => a.digest === digest)!.artifact_id;
    await addArtifactPulls(handle.db, idOf(loose.manifest.digest), 1, '2026-05-01T00:00:00.000Z');
    await addArtifactPulls(handle.db, idOf(v1.manifest.digest), 1, '2026-06-01T00:00:00.000Z');
    const ascending = await listed([], { sort: 'pull_time' });
    expect(ascending.slice(-2)).toEqual([loose.manifest.digest, v1.manifest.digest]);
    expect(await listed([], { sort: '-pull_time' })).toEqual([...ascending].reverse());
    expect(await listed([], { sort: '-pull_time', page_size: 2 })).toEqual([v1.manifest.digest, loose.manifest.digest]);
    expect(await listed([], { q: 'pull_time=[2026-05-15 00:00:00~]' })).toEqual([v1.manifest.digest]);
  });

  test('repository lists and search follow who may list them; counts come with each page', async () => {
    const names = async (subject: Actor['subject'], extra: Partial<Paging> = {}) =>
      (await listRepositoryRows(handle.db, { visibility: repositoriesAllowing(subject, 'list') }, buildListQuery(REPOSITORY_LIST, paging({ sort: 'name', ...extra })))).items.map(
        (r) => `${r.name}:${r.artifactCount}`,
      );
    const eve = (await findUserByUsername(handle.db, 'eve'))!;
    expect(await names(admin.subject)).toEqual(['hidden/thing:1', 'library/pub:1', 'team/app:6', 'team/other:1']);
    expect(await names({ kind: 'user', user: eve, via: 'basic' })).toEqual(['library/pub:1', 'team/app:6', 'team/other:1']);
    expect(await names(ANONYMOUS, { q: 'name=~P' })).toEqual(['library/pub:1']);
    const found = await searchRepositoryRows(handle.db, repositoriesAllowing({ kind: 'user', user: eve, via: 'basic' }, 'list'), 'T', 10);
    expect(found.map((r) => [r.name, r.projectName, r.projectPublic])).toEqual([
      ['team/app', 'team', false],
      ['team/other', 'team', false],
    ]);
    expect(await countRepositories(handle.db, { kind: 'private-of-member', userId: eve.id })).toBe(2);
    expect(await countRepositories(handle.db, { kind: 'public' })).toBe(1);
  });

  test('storage counts each blob once per project and once overall, and each artifact\'s manifest', async () => {
    const team = (await handle.db.selectFrom('projects').select('project_id').where('name', '=', 'team').executeTakeFirstOrThrow()).project_id;
    const noteBytes = note.manifest.size + note.blobs.reduce((sum, b) => sum + b.size, 0);
    const orphanBytes = orphan.manifest.size + orphan.blobs.reduce((sum, b) => sum + b.size, 0) - orphan.blobs[0]!.size;
    const teamBytes = bytesOf(v1) + bytesOf(v2) + bytesOf(loose) + bytesOf(amd) + bytesOf(arm) + index.size + noteBytes + orphanBytes;
    // team/other holds v1 again: the same blobs, its own copy of the manifest.
    expect(await storageUsedByProject(handle.db, team)).toBe(teamBytes + v1.manifest.size);
    expect(await totalStorageUsed(handle.db)).toBe(teamBytes + v1.manifest.size + loose.manifest.size + v2.manifest.size);
  });

  test('a copy carries the index, its children and tags into another project; deleting the repository takes it all', async () => {
    await copyArtifactAs(deps, admin, { project: 'hidden', repository: 'copy' }, 'team/app:multi');
    const copy = (await findRepositoryByName(handle.db, 'hidden/copy'))!;
    const copied = await listArtifactRows(handle.db, copy.id, buildListQuery(ARTIFACT_LIST, paging()), []);
    expect(copied.items.map((a) => a.digest)).toEqual([index.digest]);
    const refs = await handle.db.selectFrom('artifact_references').innerJoin('artifacts', 'artifact_id', 'child_id').select('repository_id').where('artifacts.repository_id', '=', copy.id).execute();
    expect(refs).toHaveLength(2);
    // The copy shares blobs: the total grows by the manifests only, v1's and its note's (an
    // accessory comes along with its subject).
    const total = await totalStorageUsed(handle.db);
    await copyArtifactAs(deps, admin, { project: 'hidden', repository: 'copy' }, `team/app@${v1.manifest.digest}`);
    expect(await totalStorageUsed(handle.db)).toBe(total + v1.manifest.size + note.manifest.size);

    await deleteRepositoryAs(deps, admin, { project: 'hidden', repository: 'copy' });
    expect(await findRepositoryByName(handle.db, 'hidden/copy')).toBeUndefined();
    const left = await handle.db.selectFrom('artifacts').select('artifact_id').where('repository_id', '=', copy.id).execute();
    expect(left).toEqual([]);
  });

  test("the tags' JSON text the database writes is the API's tags, newest first, byte for byte", async () => {
    const artifactOf = async (repository: string) =>
      (await handle.db.selectFrom('artifacts').select(['artifact_id', 'repository_id']).where('repository_id', '=', (await findRepositoryByName(handle.db, repository))!.id).executeTakeFirstOrThrow());
    const [pub, other] = [await artifactOf('library/pub'), await artifactOf('team/other')];
    const tag = (a: typeof pub, name: string, pushTime: string, pulled?: string) => ({
      repository_id: a.repository_id, artifact_id: a.artifact_id, name, push_time: pushTime, pull_time: pulled ?? null, pull_count: pulled ? 3 : 0,
    });
    await handle.db
      .insertInto('tags')
      .values([
        tag(pub, 'z-old', '2020-01-01T00:00:00.000Z'),
        tag(other, 'tie-1', '2025-01-01T00:00:00.000Z'),
        tag(pub, 'quote"back\\slash', '2030-01-01T00:00:00.000Z', '2030-01-02T00:00:00.000Z'),
        tag(other, 'tie-2', '2025-01-01T00:00:00.000Z'),
      ])
      .execute();
    const ids = [pub.artifact_id, other.artifact_id];
    const texts = new Map([...(await tagsJsonOfArtifacts(handle.db, ids))].map(([id, t]) => [id, t.json]));
    const records = await tagsOfArtifacts(handle.db, ids);
    for (const id of ids) {
      expect(texts.get(id)).toBe(JSON.stringify(records.filter((t) => t.artifactId === id).map((t) => tagJson({ ...t, immutable: false }))));
    }
    expect((JSON.parse(texts.get(pub.artifact_id)!) as { name: string }[]).map((t) => t.name)).toEqual(['quote"back\\slash', 'v1', 'z-old']);
    // The same push time: the newer row first.
    expect((JSON.parse(texts.get(other.artifact_id)!) as { name: string }[]).map((t) => t.name)).toEqual(['v1', 'tie-2', 'tie-1']);
    expect(await tagsJsonOfArtifacts(handle.db, [999_999])).toEqual(new Map());
  });

  test('each repository\'s count reads the index only on PostgreSQL (migration 0024) and stays exact after deletes', async () => {
    if (dialect === 'postgresql') {
      // Without the index PostgreSQL fetches every artifact row: at 200,000 artifacts it then
      // scanned the whole table for a search. Sequential scans are off so the plan shows what
      // the indexes allow, not what a table this small makes cheapest; vacuumed, so that an
      // index-only scan costs less than the other indexes' scans, as it does on a large table.
      await sql`vacuum artifacts`.execute(handle.db);
      const plan = await handle.db.transaction().execute(async (trx) => {
        await sql`set local enable_seqscan = off`.execute(trx);
        return sql<{ 'QUERY PLAN': string }>`explain ${countQuery(trx, [repositoryId])}`.execute(trx);
      });
      const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
      // Any index that carries the subject digest serves (0024's, or the order indexes since 0034).
      expect(text).toMatch(/Index Only Scan (Backward )?using artifacts_repository_(listed|push_time|pull_time) on artifacts a\b/);
      // The subject lookup runs for artifacts that have a subject only: as an anti-join it hashed
      // every artifact of the repositories (the whole table, for a search at 200,000 artifacts).
      expect(text).toMatch(/Filter: \(\(subject_digest IS NULL\) OR \(NOT \(SubPlan \d+\)\)\)/);
      expect(text).not.toMatch(/Hash Anti Join/);
      // Such a plan's estimate passes jit_above_cost; compiling cost more than running it.
      expect((await sql<{ jit: string }>`show jit`.execute(handle.db)).rows[0]!.jit).toBe('off');
    }
    const count = async () => (await countListedArtifacts(handle.db, [repositoryId])).get(repositoryId);
    const before = await count();
    const idOf = async (digest: string) =>
      (await handle.db.selectFrom('artifacts').select('artifact_id').where('repository_id', '=', repositoryId).where('digest', '=', digest).executeTakeFirstOrThrow()).artifact_id;
    // v1's note shows under v1; once v1 goes the note is listed on its own: the count holds.
    await deleteArtifact(handle.db, await idOf(v1.manifest.digest));
    expect(await count()).toBe(before);
    await deleteArtifact(handle.db, await idOf(v2.manifest.digest));
    expect(await count()).toBe(before! - 1);
    expect(await listed()).toHaveLength(before! - 1);
  });

  test('PostgreSQL reads a page by push or pull time in index order, ties included, with no sort (migration 0032)', async () => {
    if (dialect !== 'postgresql') return;
    // Equal push times are common (a replication or a bulk push): with the time alone in the
    // index, each run of equal times was sorted again by artifact_id.
    // As the lists order on PostgreSQL: a nullable column's NULLs last when descending (pageOf).
    const page = (column: 'a.push_time' | 'a.pull_time') =>
      handle.db
        .selectFrom('artifacts as a')
        .select('a.artifact_id')
        .where('a.repository_id', '=', repositoryId)
        .orderBy(column, (ob) => (column === 'a.pull_time' ? ob.desc().nullsLast() : ob.desc()))
        .orderBy('a.artifact_id', 'desc')
        .limit(15);
    for (const column of ['a.push_time', 'a.pull_time'] as const) {
      const plan = await handle.db.transaction().execute(async (trx) => {
        await sql`set local enable_seqscan = off`.execute(trx);
        return sql<{ 'QUERY PLAN': string }>`explain ${page(column)}`.execute(trx);
      });
      const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
      expect(text).toMatch(/Index (Only )?Scan Backward using artifacts_repository_pu(sh|ll)_time/);
      expect(text).not.toMatch(/Sort/);
    }
  });

  test('a page of the list finds its ids in the order index alone, with no table row read before the page (migration 0034)', async () => {
    // Vacuumed, so that PostgreSQL prices an index-only scan as on a table that has settled.
    if (dialect === 'postgresql') await sql`vacuum artifacts`.execute(handle.db);
    for (const sort of ['-push_time', '-pull_time']) {
      // The page the list runs: its ids, in its order, deep in the list.
      const query = buildListQuery(ARTIFACT_LIST, paging({ page: 300, page_size: 15, sort }));
      const page = pageQuery(handle.db, listedArtifacts(handle.db, repositoryId, []).select('a.artifact_id'), query);
      const text =
        dialect === 'postgresql'
          ? (
              await handle.db.transaction().execute(async (trx) => {
                await sql`set local enable_seqscan = off`.execute(trx);
                return sql<{ 'QUERY PLAN': string }>`explain ${page}`.execute(trx);
              })
            ).rows
              .map((r) => r['QUERY PLAN'])
              .join('\n')
          : (await handle.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${page.compile().sql}`, [...page.compile().parameters]))).rows
              .map((r) => r.detail)
              .join('\n');
      const index = sort === '-push_time' ? 'artifacts_repository_push_time' : 'artifacts_repository_pull_time';
      expect(text).toMatch(dialect === 'postgresql' ? new RegExp(`Index Only Scan Backward using ${index} on artifacts a\\b`) : new RegExp(`SCAN a USING COVERING INDEX ${index}\\b|SEARCH a USING COVERING INDEX ${index}\\b`));
      expect(text).not.toMatch(/Sort|TEMP B-TREE/);
    }
  });
});
