/**
 * GC's races, on SQLite and PostgreSQL, with real pushes: a push reusing a layer the collection
 * has chosen as garbage, made while it waits to decide, keeps the layer (by upload into another
 * repository and by HEAD in the same one); and kill -9 in the middle of deleting loses no
 * referenced blob, the run is taken back after restart and completes.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { createProject } from '../core/projects/project.service.js';
import { ApiClient } from '../testing/api-client.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../testing/dialects.js';
import { blobsInLog, finishedGc, imageOf, layerOf, skopeoFor, startGc } from '../testing/gc.js';
import { digestOf, imageBlobs, writeOciLayout } from '../testing/oci-images.js';
import { ADMIN, pushScope, RegistryClient, serverDatabase } from '../testing/registry-client.js';
import { eventually } from '../testing/replication.js';
import { startServer, type ServerProcess } from '../testing/server-process.js';

const base = layerOf('race-base', 4000);
// Garbage once race/a:v1 goes; only a slow client's HEAD asks for it again while GC decides.
const slowBase = layerOf('race-slow-base', 3000);
const first = imageOf('race-first', [base, layerOf('race-first-own'), slowBase]);
const viaUpload = imageOf('race-upload', [base, layerOf('race-upload-own')]);
const viaHead = imageOf('race-head', [base, layerOf('race-head-own')]);
const viaSlowHead = imageOf('race-slow-head', [slowBase, layerOf('race-slow-own')]);
const kept = imageOf('race-kept', [layerOf('kill-kept-a'), layerOf('kill-kept-b')]);

const blobPath = (dataVolume: string, digest: string) => path.join(dataVolume, 'registry', 'blobs', 'sha256', digest.slice(7, 9), digest.slice(7));
const exists = (file: string) => stat(file).then(() => true, () => false);

describe.each(DIALECTS)('GC races on %s', (dialect) => {
  let server: ServerProcess;
  let testDb: TestDatabase;
  let work: string;
  let admin: ApiClient;
  let skopeo: ReturnType<typeof skopeoFor>;
  const options = () => ({ preparedDataVolume: inject('preparedDataVolume'), config: testDb.url ? { database: { url: testDb.url } } : {} });

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    server = await startServer(options());
    work = await mkdtemp(path.join(os.tmpdir(), 'berth-gc-race-'));
    skopeo = skopeoFor(server.url.slice('http://'.length), work);
    admin = ApiClient.basic(server, 'admin', 'Harbor12345');
    const db = serverDatabase(server, testDb.url);
    try {
      await createProject(db.db, { name: 'race', ownerId: 1 });
    } finally {
      await db.close();
    }
    const all = [first, viaUpload, viaHead, kept];
    await writeOciLayout(`${work}/layout`, all.flatMap((i) => imageBlobs(i)), { first: first.manifest, upload: viaUpload.manifest, head: viaHead.manifest, kept: kept.manifest });
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await server?.cleanup();
    await testDb?.drop();
    await rm(work, { recursive: true, force: true });
  });

  test('a push reusing a layer GC has chosen as garbage, while it decides, keeps the layer', async () => {
    expect((await skopeo.push(`${work}/layout`, 'first', 'race/a:v1')).stderr).toBe('');
    expect((await skopeo.delete('race/a:v1')).stderr).toBe('');

    const id = await startGc(admin, { time_window: 0, decision_delay_ms: 4000 });
    await eventually('GC to choose its candidates', async () => {
      const log = (await admin.get<string>(`/system/gc/${id}/log`)).body;
      return typeof log === 'string' && /chose [1-9]\d* candidate blobs/.test(log) ? true : undefined;
    });
    // While it waits: one push uploads the layer into another repository, one finds it by HEAD where it was.
    const [upload, head] = await Promise.all([skopeo.push(`${work}/layout`, 'upload', 'race/b:v1'), skopeo.push(`${work}/layout`, 'head', 'race/a:v2')]);
    expect(upload.stderr).toBe('');
    expect(head.stderr).toBe('');
    // A slower client: its HEAD finds the layer now, its manifest comes only after GC decided.
    // The HEAD's mark is all that keeps the layer: no artifact names it while GC decides.
    const slow = new RegistryClient(server.url, ADMIN);
    expect((await slow.fetch(`/v2/race/a/blobs/${slowBase.digest}`, [pushScope('race/a')], { method: 'HEAD' })).status).toBe(200);
    for (const blob of [viaSlowHead.config, viaSlowHead.layers[1]!]) expect((await slow.pushBlob('race/a', blob)).status).toBe(201);

    const gc = await finishedGc(admin, id);
    expect((await slow.pushManifest('race/a', 'v3', viaSlowHead.manifest)).status).toBe(201);
    expect(gc.status).toBe('Success');
    // In one attempt: the re-check under the lock left the layer alone (the foreign key from
    // artifact_blobs would otherwise fail the batch, and only a retry would pass).
    expect(gc.log).not.toContain('attempt 2 of');
    const gone = blobsInLog(gc.log);
    expect(gone).toEqual([first.config.digest, first.layers[1]!.digest].sort());
    expect(gone).not.toContain(base.digest);
    expect(gone).not.toContain(slowBase.digest);
    expect(await exists(blobPath(server.dataVolume, base.digest))).toBe(true);
    expect(await skopeo.pull('race/b:v1')).toBe(viaUpload.manifest.digest);
    expect(await skopeo.pull('race/a:v2')).toBe(viaHead.manifest.digest);
    expect(await skopeo.pull('race/a:v3')).toBe(viaSlowHead.manifest.digest);
  }, 90_000);

  test('kill -9 while GC deletes loses no referenced blob; after restart the run completes', async () => {
    expect((await skopeo.push(`${work}/layout`, 'kept', 'race/kept:v1')).stderr).toBe('');
    // Garbage seeded directly: rows unreferenced for a day, and their files.
    const garbage = Array.from({ length: 3000 }, () => randomBytes(512));
    const dayAgo = new Date(Date.now() - 86_400_000).toISOString();
    const db = serverDatabase(server, testDb.url);
    try {
      for (let i = 0; i < garbage.length; i += 500) {
        const rows = garbage.slice(i, i + 500).map((bytes) => ({ digest: digestOf(bytes), size: bytes.length, creation_time: dayAgo, unreferenced_at: dayAgo }));
        await db.db.insertInto('blobs').values(rows).execute();
      }
    } finally {
      await db.close();
    }
    for (const bytes of garbage) {
      const file = blobPath(server.dataVolume, digestOf(bytes));
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, bytes);
    }

    // A pause before each page of 1,000 candidates: the kill lands after the first page went.
    const id = await startGc(admin, { time_window: 1, decision_delay_ms: 1500 });
    await eventually('GC to delete a first blob', async () => {
      const log = (await admin.get<string>(`/system/gc/${id}/log`)).body;
      return typeof log === 'string' && log.includes('deleted blob') ? true : undefined;
    }, 30_000);
    await server.stop('SIGKILL');
    const before = await Promise.all(garbage.map((bytes) => exists(blobPath(server.dataVolume, digestOf(bytes)))));
    expect(before.filter(Boolean).length).toBeGreaterThan(0);
    expect(before.filter(Boolean).length).toBeLessThan(garbage.length);

    server = await startServer({ ...options(), dir: server.dir });
    skopeo = skopeoFor(server.url.slice('http://'.length), work);
    admin = ApiClient.basic(server, 'admin', 'Harbor12345');
    const done = await finishedGc(admin, id, 120_000);
    expect(done.status).toBe('Success');

    for (const blob of [kept.config, ...kept.layers]) expect(await exists(blobPath(server.dataVolume, blob.digest))).toBe(true);
    expect(await skopeo.pull('race/kept:v1')).toBe(kept.manifest.digest);
    const left = await Promise.all(garbage.map((bytes) => exists(blobPath(server.dataVolume, digestOf(bytes)))));
    expect(left.filter(Boolean)).toHaveLength(0);
    const check = await finishedGc(admin, await startGc(admin, { time_window: 0, full_check: true, dry_run: true }));
    expect(check.attrs).toMatchObject({ missing_blobs: 0, orphan_files: 0, purged_files: 0 });
  }, 240_000);
});
