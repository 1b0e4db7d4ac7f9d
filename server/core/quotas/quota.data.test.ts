/**
 * Quota enforcement in core on each dialect, with a real database and blob store: the events
 * (quota.warning once per crossing of 85 %, quota.exceeded per refusal) and the lock that makes
 * pushes to one project settle one at a time (a push waits while another holds the quota).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DbHandle } from '../../db/connect.js';
import { migrateUp } from '../../db/migrate.js';
import { FsBlobStore } from '../../storage/fs-blob-store.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../testing/dialects.js';
import { buildImage, OCI_MANIFEST, type Image } from '../../testing/oci-images.js';
import { deleteManifest } from '../artifacts/manifest-delete.service.js';
import { pushManifest } from '../artifacts/manifest-push.service.js';
import { EventBus, type BerthEvent } from '../events/bus.js';
import { createProject } from '../projects/project.service.js';
import { RegistryRuntime } from '../registry/runtime.js';
import { AuditLog } from '../audit/audit-log.js';
import { bootstrap } from '../system/bootstrap.js';
import { uploadWhole } from '../uploads/upload.service.js';
import { openCharge } from './quota-guard.js';

const logger = pino({ level: 'silent' });
const actor = { name: 'admin', clientIp: '127.0.0.1' };
const images = [1, 2, 3, 4].map((i) => buildImage({ seed: `quota-data-${i}`, layers: 1 }));
const sizeOf = (image: Image) => image.manifest.size + image.config.size + image.layers.reduce((sum, l) => sum + l.size, 0);

describe.each(DIALECTS)('quota enforcement on %s', (dialect) => {
  let testDb: TestDatabase;
  let handle: DbHandle;
  let dir: string;
  let deps: { db: DbHandle['db']; audit: AuditLog; blobs: FsBlobStore; registry: RegistryRuntime; events: EventBus };
  const events: BerthEvent[] = [];

  const push = async (repository: string, tag: string, image: Image) => {
    for (const blob of [image.config, ...image.layers]) await uploadWhole(deps, repository, blob.digest, { body: Readable.from([blob.bytes]) }, actor.name);
    return pushManifest(deps, actor, repository, tag, OCI_MANIFEST, image.manifest.bytes);
  };

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    handle = testDb.open();
    await migrateUp(handle.db);
    await bootstrap(handle.db, 'Harbor12345');
    dir = await mkdtemp(path.join(os.tmpdir(), 'berth-quota-data-'));
    const audit = new AuditLog();
    deps = { db: handle.db, audit, blobs: new FsBlobStore(dir), registry: new RegistryRuntime(handle.db, audit, logger), events: new EventBus(logger) };
    deps.events.on('quota.warning', (e) => void events.push(e));
    deps.events.on('quota.exceeded', (e) => void events.push(e));
  });

  afterAll(async () => {
    await deps.registry.close();
    await handle.close();
    await testDb.drop();
    await rm(dir, { recursive: true, force: true });
  });

  test('quota.warning once when a push crosses 85 %, again only after usage fell below; quota.exceeded for a refused push', async () => {
    const each = Math.max(...images.map(sizeOf));
    // Two images reach 85 % or more of the limit; the third does not fit.
    const limit = Math.floor(each * 2.2);
    const project = await createProject(handle.db, { name: 'warned', ownerId: 1, storageLimit: limit });
    events.length = 0;
    await push('warned/a', 'v1', images[0]!);
    expect(events).toEqual([]);
    await push('warned/b', 'v1', images[1]!);
    expect(events).toEqual([
      expect.objectContaining({ type: 'quota.warning', projectId: project.id, project: 'warned', repository: 'warned/b', operator: 'admin', limit, usage: sizeOf(images[0]!) + sizeOf(images[1]!) }),
    ]);
    await expect(push('warned/c', 'v1', images[2]!)).rejects.toMatchObject({ kind: 'DENIED', message: expect.stringContaining('Quota exceeded in project warned') });
    expect(events.slice(1)).toEqual([
      expect.objectContaining({ type: 'quota.exceeded', project: 'warned', repository: 'warned/c', operator: 'admin', limit, usage: expect.any(Number) }),
    ]);
    expect((events[1] as { usage: number }).usage).toBeGreaterThan(limit);
    // A re-push of what is already there adds nothing: no new warning.
    await push('warned/b', 'v1', images[1]!);
    expect(events).toHaveLength(2);
    // Deleting frees at once; the next crossing warns again.
    await deleteManifest(deps, actor, 'warned/b', images[1]!.manifest.digest);
    await push('warned/c', 'v1', images[2]!);
    expect(events.slice(2)).toEqual([expect.objectContaining({ type: 'quota.warning', repository: 'warned/c' })]);
  });

  test("a push waits while another holds the project's quota, so two pushes never measure the same usage", async () => {
    const project = await createProject(handle.db, { name: 'serial', ownerId: 1, storageLimit: sizeOf(images[3]!) * 10 });
    for (const blob of [images[3]!.config, ...images[3]!.layers]) await uploadWhole(deps, 'serial/a', blob.digest, { body: Readable.from([blob.bytes]) });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let holding!: () => void;
    const locked = new Promise<void>((resolve) => (holding = resolve));
    const holder = handle.db.transaction().execute(async (trx) => {
      await openCharge(trx, project.id);
      holding();
      await held;
    });
    await locked;
    let settled = false;
    const pushing = pushManifest(deps, actor, 'serial/a', 'v1', OCI_MANIFEST, images[3]!.manifest.bytes).finally(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(settled).toBe(false);
    release();
    await holder;
    await expect(pushing).resolves.toMatchObject({ digest: images[3]!.manifest.digest });
  });
});
