/**
 * The texts of many inline tags kept between requests, on each dialect: the versions the
 * triggers of migration 0029 raise at every change to an artifact's tags (create, pull, move,
 * delete, in the change's own transaction), and the cached text, which must equal the text the
 * database writes afresh, byte for byte, after each kind of change.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DbHandle } from '../../db/connect.js';
import { migrateUp } from '../../db/migrate.js';
import type { RawJson } from '../../lib/raw-json.js';
import { FsBlobStore } from '../../storage/fs-blob-store.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../testing/dialects.js';
import { buildImage, type Image } from '../../testing/oci-images.js';
import { AuditLog } from '../audit/audit-log.js';
import { EventBus } from '../events/bus.js';
import { createProject } from '../projects/project.service.js';
import { RegistryRuntime } from '../registry/runtime.js';
import { findRepositoryByName } from '../repositories/repository.repository.js';
import { bootstrap } from '../system/bootstrap.js';
import { uploadWhole } from '../uploads/upload.service.js';
import { findUserByUsername } from '../users/user.repository.js';
import { deleteArtifact } from './artifact.repository.js';
import { pushManifest } from './manifest-push.service.js';
import { CACHED_FROM_TAGS, TagsJsonCache, tagsJsonOf } from './tags-json-cache.js';
import { sqliteTagsJsonInSteps, tagsJsonOfArtifacts, TAGS_PER_STATEMENT, tagVersionsOf } from './tags-json.repository.js';
import { addTagPulls, deleteTag, insertTag, upsertTag } from './tag.repository.js';

const logger = pino({ level: 'silent' });
const registryActor = { name: 'admin', clientIp: null };

describe.each(DIALECTS)('inline tags kept between requests on %s', (dialect) => {
  let testDb: TestDatabase;
  let handle: DbHandle;
  let dir: string;
  let deps: { db: DbHandle['db']; audit: AuditLog; blobs: FsBlobStore; registry: RegistryRuntime; events: EventBus };
  let repositoryId: number;
  let many: number;
  let few: number;

  const pushImage = async (reference: string, image: Image) => {
    for (const blob of [image.config, ...image.layers]) await uploadWhole(deps, 'team/app', blob.digest, { body: Readable.from([blob.bytes]) });
    await pushManifest(deps, registryActor, 'team/app', reference, image.manifest.mediaType, image.manifest.bytes);
    const row = await handle.db.selectFrom('artifacts').select('artifact_id').where('digest', '=', image.manifest.digest).executeTakeFirstOrThrow();
    return row.artifact_id;
  };
  const versionOf = async (artifactId: number) => (await tagVersionsOf(handle.db, [artifactId])).get(artifactId);
  const tagId = async (name: string) =>
    (await handle.db.selectFrom('tags').select('tag_id').where('repository_id', '=', repositoryId).where('name', '=', name).executeTakeFirstOrThrow()).tag_id;

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    handle = testDb.open();
    await migrateUp(handle.db);
    await bootstrap(handle.db, 'Harbor12345');
    dir = await mkdtemp(path.join(os.tmpdir(), 'berth-tags-cache-'));
    const audit = new AuditLog();
    deps = { db: handle.db, audit, blobs: new FsBlobStore(dir), registry: new RegistryRuntime(handle.db, audit, logger), events: new EventBus(logger) };
    const admin = (await findUserByUsername(handle.db, 'admin'))!;
    await createProject(handle.db, { name: 'team', ownerId: admin.id });
    many = await pushImage('v1', buildImage({ seed: 'tags-cache-many' }));
    few = await pushImage('v2', buildImage({ seed: 'tags-cache-few' }));
    repositoryId = (await findRepositoryByName(handle.db, 'team/app'))!.id;
  });

  afterAll(async () => {
    await deps.registry.close();
    await handle.close();
    await testDb.drop();
    await rm(dir, { recursive: true, force: true });
  });

  test("every change to an artifact's tags raises its version, in the change's transaction", async () => {
    const other = await pushImage('v3', buildImage({ seed: 'tags-cache-other' }));
    const pushed = await versionOf(other);
    expect(pushed).toBeGreaterThan(0);
    const changes: [string, () => Promise<unknown>, number[]][] = [
      ['a tag added', () => insertTag(handle.db, { repositoryId, artifactId: other, name: 'x1', at: '2026-01-01T00:00:00.000Z' }, 'team/app'), [other]],
      ['a pull counted', async () => addTagPulls(handle.db, await tagId('x1'), 2, '2026-01-02T00:00:00.000Z'), [other]],
      ['a tag moved by a push', () => upsertTag(handle.db, repositoryId, few, 'x1', '2026-01-03T00:00:00.000Z'), [other, few]],
      ['a tag deleted', async () => deleteTag(handle.db, await tagId('x1')), [few]],
    ];
    for (const [what, change, raised] of changes) {
      const before = new Map([[other, await versionOf(other)], [few, await versionOf(few)]]);
      await change();
      for (const id of [other, few]) {
        const after = await versionOf(id);
        if (raised.includes(id)) expect(after, `${what}: artifact ${id}`).toBeGreaterThan(before.get(id) ?? 0);
        else expect(after, `${what}: artifact ${id}`).toBe(before.get(id));
      }
    }
    // A change that rolls back leaves the version as it was.
    const before = await versionOf(other);
    await expect(
      handle.db.transaction().execute(async (trx) => {
        await insertTag(trx, { repositoryId, artifactId: other, name: 'undone', at: '2026-01-04T00:00:00.000Z' }, 'team/app');
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await versionOf(other)).toBe(before);
    // The artifact's deletion (its tags going by cascade) leaves no version row behind.
    await deleteArtifact(handle.db, other);
    const rows = await handle.db.selectFrom('artifact_tag_versions').select('artifact_id').where('artifact_id', '=', other).execute();
    expect(rows).toEqual([]);
  });

  test('the kept text equals the text written afresh, byte for byte, after each kind of change', async () => {
    const tags = Array.from({ length: CACHED_FROM_TAGS + 20 }, (_, i) => ({
      repository_id: repositoryId,
      artifact_id: many,
      name: `m-${String(i).padStart(4, '0')}`,
      // Some share a push time, so the order falls back to the newer row.
      push_time: `2026-02-01T00:00:${String(i % 50).padStart(2, '0')}.000Z`,
    }));
    await handle.db.insertInto('tags').values(tags).execute();
    const cache = new TagsJsonCache();
    const ids = [many, few];
    const asText = (texts: Map<number, RawJson>) => new Map([...texts].map(([id, json]) => [id, json.text.toString()]));
    const fresh = async () => asText(await tagsJsonOf(handle.db, ids, undefined));
    const read = async () => asText(await tagsJsonOf(handle.db, ids, cache));
    const first = await read();
    expect(first).toEqual(await fresh());
    // Only the artifact with many tags is kept.
    expect(cache.has(many)).toBe(true);
    expect(cache.has(few)).toBe(false);
    expect(await read()).toEqual(first);

    const changes: [string, () => Promise<unknown>][] = [
      ['a pull counted', async () => addTagPulls(handle.db, await tagId('m-0003'), 1, '2026-03-01T00:00:00.000Z')],
      ['a tag added', () => insertTag(handle.db, { repositoryId, artifactId: many, name: 'added', at: '2026-03-02T00:00:00.000Z' }, 'team/app')],
      ['a tag deleted', async () => deleteTag(handle.db, await tagId('m-0007'))],
      ['a tag moved away', () => upsertTag(handle.db, repositoryId, few, 'm-0009', '2026-03-03T00:00:00.000Z')],
      ['a tag moved in', () => upsertTag(handle.db, repositoryId, many, 'v2', '2026-03-04T00:00:00.000Z')],
    ];
    for (const [what, change] of changes) {
      await change();
      const expected = await fresh();
      expect(await read(), what).toEqual(expected);
      // The second read is served from memory, and is the same text.
      expect(await read(), what).toEqual(expected);
    }
    const text = (await fresh()).get(many)!;
    expect(text).toContain('"name":"added"');
    expect(text).toContain('"name":"v2"');
    expect(text).not.toContain('"name":"m-0009"');
  });

  test.runIf(dialect === 'sqlite')('SQLite writes a long list in steps, the same text as in one statement', async () => {
    const long = await pushImage('v9', buildImage({ seed: 'tags-cache-long' }));
    const count = TAGS_PER_STATEMENT * 2 + 7;
    for (let start = 0; start < count; start += 500) {
      const rows = Array.from({ length: Math.min(500, count - start) }, (_, i) => ({
        repository_id: repositoryId,
        artifact_id: long,
        name: `l-${String(start + i).padStart(5, '0')}`,
        // Runs of equal push times across the steps' boundaries: the id breaks the ties.
        push_time: `2026-04-01T00:${String(Math.floor((start + i) / 60) % 60).padStart(2, '0')}:00.000Z`,
      }));
      await handle.db.insertInto('tags').values(rows).execute();
    }
    const whole = (await tagsJsonOfArtifacts(handle.db, [long])).get(long)!;
    expect(whole.tags).toBe(count + 1);
    expect(await sqliteTagsJsonInSteps(handle.db, long)).toEqual(whole);
    const cache = new TagsJsonCache();
    expect((await tagsJsonOf(handle.db, [long, few], cache)).get(long)!.text.toString()).toBe(whole.json);
    expect(cache.has(long)).toBe(true);
  });
});
