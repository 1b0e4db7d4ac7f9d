/**
 * Garbage collection, proven with skopeo: 30 images sharing layers across two projects, half of
 * them deleted; a dry run names exactly the blobs no remaining image uses, a real run frees
 * exactly their bytes from the store, and every remaining image still copies out whole. Also the
 * API's shapes and errors for /system/gc and /system/purgeaudit.
 */
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { createProject } from '../core/projects/project.service.js';
import { ApiClient, errorOf } from '../testing/api-client.js';
import { blobsInLog, imageOf, layerOf, runGc, skopeoFor, storeBytes } from '../testing/gc.js';
import { digestOf, imageBlobs, writeOciLayout, type Image } from '../testing/oci-images.js';
import { serverDatabase } from '../testing/registry-client.js';
import { eventually } from '../testing/replication.js';
import { startServer, type ServerProcess } from '../testing/server-process.js';

const shared = layerOf('shared-by-all', 3000);
const pairs = Array.from({ length: 10 }, (_, k) => layerOf(`pair-${k}`, 2500));
/** Image i: the layer all share, a layer shared with a neighbour (some across projects), its own. */
const images: Image[] = Array.from({ length: 30 }, (_, i) => imageOf(`gc-image-${i}`, [shared, pairs[i % 10]!, layerOf(`own-${i}`, 1500 + i)]));
const repoOf = (i: number) => `${i < 15 ? 'gc-one' : 'gc-two'}/app-${i}`;
const deleted = images.map((_, i) => i).filter((i) => i % 2 === 1);
const kept = images.map((_, i) => i).filter((i) => i % 2 === 0);

const blobFile = (dataVolume: string, digest: string) => path.join(dataVolume, 'registry', 'blobs', 'sha256', digest.slice(7, 9), digest.slice(7));
const blobsOf = (image: Image) => [image.config, ...image.layers];
const keptBlobs = new Set(kept.flatMap((i) => blobsOf(images[i]!).map((b) => b.digest)));
const garbage = new Map(deleted.flatMap((i) => blobsOf(images[i]!)).filter((b) => !keptBlobs.has(b.digest)).map((b) => [b.digest, b.size]));

describe('garbage collection with skopeo', () => {
  let server: ServerProcess;
  let work: string;
  let admin: ApiClient;
  let skopeo: ReturnType<typeof skopeoFor>;

  beforeAll(async () => {
    server = await startServer({ preparedDataVolume: inject('preparedDataVolume') });
    work = await mkdtemp(path.join(os.tmpdir(), 'berth-gc-'));
    skopeo = skopeoFor(server.url.slice('http://'.length), work);
    admin = ApiClient.basic(server, 'admin', 'Harbor12345');
    const db = serverDatabase(server);
    try {
      for (const name of ['gc-one', 'gc-two']) await createProject(db.db, { name, ownerId: 1 });
    } finally {
      await db.close();
    }
    await writeOciLayout(
      `${work}/layout`,
      images.flatMap((image) => imageBlobs(image)),
      Object.fromEntries(images.map((image, i) => [`i${i}`, image.manifest])),
    );
    for (let i = 0; i < images.length; i += 5) {
      const pushes = await Promise.all(images.slice(i, i + 5).map((_, j) => skopeo.push(`${work}/layout`, `i${i + j}`, `${repoOf(i + j)}:v1`)));
      for (const p of pushes) expect(p.stderr).toBe('');
    }
  }, 180_000);

  afterAll(async () => {
    await server.stop();
    await server.cleanup();
    await rm(work, { recursive: true, force: true });
  });

  test('dry run names exactly the unshared blobs; the real run frees exactly their bytes; the rest copies out whole', async () => {
    for (const i of deleted) expect((await skopeo.delete(`${repoOf(i)}:v1`)).stderr).toBe('');
    expect(garbage.size).toBeGreaterThan(15);
    const expectedBytes = [...garbage.values()].reduce((a, b) => a + b, 0);

    const before = await storeBytes(server.dataVolume);
    const dry = await runGc(admin, { dry_run: true, time_window: 0 });
    expect(dry.status).toBe('Success');
    expect(blobsInLog(dry.log)).toEqual([...garbage.keys()].sort());
    expect(dry.attrs).toMatchObject({ dry_run: true, purged_files: garbage.size, freed_space: expectedBytes });
    expect(await storeBytes(server.dataVolume)).toBe(before);

    const real = await runGc(admin, { time_window: 0, workers: 3 });
    expect(real.status).toBe('Success');
    expect(blobsInLog(real.log)).toEqual([...garbage.keys()].sort());
    expect(real.attrs).toMatchObject({ dry_run: false, purged_files: garbage.size, freed_space: expectedBytes });
    expect(before - (await storeBytes(server.dataVolume))).toBe(expectedBytes);

    for (const i of kept) expect(await skopeo.pull(`${repoOf(i)}:v1`)).toBe(images[i]!.manifest.digest);
    for (const i of deleted.slice(0, 2)) await expect(skopeo.pull(`${repoOf(i)}:v1`)).rejects.toThrow();

    // Nothing left to collect, and a full consistency check finds the store and the rows agree.
    const again = await runGc(admin, { time_window: 0, full_check: true });
    expect(again.attrs).toMatchObject({ purged_files: 0, freed_space: 0, orphan_files: 0, missing_blobs: 0 });

    // The full check, and only it, finds a file no row records and a recorded blob whose file is gone.
    const orphan = Buffer.from('bytes no blob row records');
    const orphanFile = blobFile(server.dataVolume, digestOf(orphan));
    await mkdir(path.dirname(orphanFile), { recursive: true });
    await writeFile(orphanFile, orphan);
    const lost = images[kept[0]!]!.layers[2]!;
    await rm(blobFile(server.dataVolume, lost.digest));
    expect((await runGc(admin, { time_window: 0 })).attrs).not.toHaveProperty('orphan_files');
    const found = await runGc(admin, { time_window: 0, full_check: true, dry_run: true });
    expect(found.attrs).toMatchObject({ orphan_files: 1, orphan_bytes: orphan.length, missing_blobs: 1 });
    expect(found.log).toContain(`missing blob ${lost.digest}`);
    await runGc(admin, { time_window: 0, full_check: true });
    await expect(stat(orphanFile)).rejects.toThrow();
  }, 180_000);

  test('the default time window (2 hours) spares blobs unreferenced just now; delete_untagged removes untagged artifacts first', async () => {
    const image = imageOf('gc-untagged', [layerOf('untagged-only', 1800)]);
    await writeOciLayout(`${work}/untagged`, imageBlobs(image), { u: image.manifest });
    expect((await skopeo.push(`${work}/untagged`, 'u', 'gc-one/untagged:t')).stderr).toBe('');
    // Untag it: delete the tag through the API, leaving the artifact untagged.
    expect((await admin.delete('/projects/gc-one/repositories/untagged/artifacts/t/tags/t')).status).toBe(200);

    const spared = await runGc(admin, { delete_untagged: true, dry_run: true });
    expect(spared.attrs).toMatchObject({ purged_artifacts: 0, purged_files: 0 });

    const dry = await runGc(admin, { delete_untagged: true, dry_run: true, time_window: 0 });
    expect(dry.log).toContain(`would delete untagged artifact gc-one/untagged@${image.manifest.digest}`);
    expect(blobsInLog(dry.log)).toEqual([image.config.digest, image.layers[0]!.digest].sort());

    const real = await runGc(admin, { delete_untagged: true, time_window: 0 });
    expect(real.attrs).toMatchObject({ purged_artifacts: 1, purged_files: 2, freed_space: image.config.size + image.layers[0]!.size });
    expect((await admin.get(`/projects/gc-one/repositories/untagged/artifacts/${image.manifest.digest}`)).status).toBe(404);
  }, 60_000);

  test('the API: history, one run, its log, schedule, and errors naming the field', async () => {
    const list = await admin.get<{ id: number; job_name: string; job_kind: string; job_status: string; job_parameters: string }[]>('/system/gc?page_size=2');
    expect(list.status).toBe(200);
    expect(Number(list.headers.get('x-total-count'))).toBeGreaterThanOrEqual(5);
    expect(list.headers.get('link')).toContain('rel="next"');
    expect(list.body[0]).toMatchObject({ job_name: 'GARBAGE_COLLECTION', job_kind: 'MANUAL', job_status: 'Success', deleted: false });

    expect((await admin.get('/system/gc/999999')).status).toBe(404);
    expect((await admin.get('/system/gc/schedule')).body).toMatchObject({ schedule: { type: 'None' } });

    const bad = await admin.post('/system/gc/schedule', { schedule: { type: 'Manual' }, parameters: { workers: 11 } });
    expect([bad.status, errorOf(bad)?.field]).toEqual([400, 'parameters.workers']);
    expect(errorOf(bad)?.message).toContain('Workers');
    const badCron = await admin.put('/system/gc/schedule', { schedule: { type: 'Custom', cron: '0 0 25 * * *' }, parameters: {} });
    expect([badCron.status, errorOf(badCron)?.field]).toEqual([400, 'schedule.cron']);

    expect((await admin.put('/system/gc/schedule', { schedule: { type: 'Daily' }, parameters: { delete_untagged: true } })).status).toBe(200);
    const saved = await admin.get<{ schedule: { type: string; cron: string; next_scheduled_time: string }; job_parameters: string }>('/system/gc/schedule');
    expect(saved.body.schedule).toMatchObject({ type: 'Daily', cron: '0 0 0 * * *', next_scheduled_time: expect.any(String) });
    expect(JSON.parse(saved.body.job_parameters)).toMatchObject({ delete_untagged: true, dry_run: false, workers: 1 });
    expect((await admin.put('/system/gc/schedule', { schedule: { type: 'None' } })).status).toBe(200);
    expect((await admin.get('/system/gc/schedule')).body).toMatchObject({ schedule: { type: 'None' } });

    // A long run can be stopped; a second one is refused meanwhile.
    const long = await admin.post('/system/gc/schedule', { schedule: { type: 'Manual' }, parameters: { time_window: 0, decision_delay_ms: 20_000 } });
    const id = Number(/(\d+)$/.exec(long.headers.get('location')!)![1]);
    await eventually('the slow run to start', async () => ((await admin.get<{ job_status: string }>(`/system/gc/${id}`)).body.job_status === 'Running' ? true : undefined));
    const second = await admin.post('/system/gc/schedule', { schedule: { type: 'Manual' } });
    expect(second.status).toBe(409);
    expect((await admin.put(`/system/gc/${id}`)).status).toBe(200);
    await eventually('the run to stop', async () => ((await admin.get<{ job_status: string }>(`/system/gc/${id}`)).body.job_status === 'Stopped' ? true : undefined));

    const user = ApiClient.anonymous(server);
    expect((await user.get('/system/gc')).status).toBe(401);
  }, 60_000);

  test('audit log purge: dry run counts, a run deletes only the included event types older than the retention', async () => {
    const db = serverDatabase(server);
    const old = new Date(Date.now() - 10 * 3_600_000).toISOString();
    try {
      await db.db
        .insertInto('audit_logs')
        .values([
          { operation: 'pull', resource_type: 'artifact', resource: 'gc-one/a:1', username: 'admin', op_time: old, operation_description: '', operation_result: 1 },
          { operation: 'pull', resource_type: 'artifact', resource: 'gc-one/a:2', username: 'admin', op_time: old, operation_description: '', operation_result: 1 },
          { operation: 'create', resource_type: 'project', resource: 'x', username: 'admin', op_time: old, operation_description: '', operation_result: 1 },
        ])
        .execute();
    } finally {
      await db.close();
    }
    const start = async (parameters: Record<string, unknown>) => {
      const res = await admin.post('/system/purgeaudit/schedule', { schedule: { type: 'Manual' }, parameters });
      expect(res.status).toBe(201);
      const id = Number(/\/system\/purgeaudit\/(\d+)$/.exec(res.headers.get('location')!)![1]);
      return eventually('the purge to end', async () => {
        const r = await admin.get<{ job_status: string; job_parameters: string; job_name: string }>(`/system/purgeaudit/${id}`);
        return r.body.job_status === 'Success' ? { ...r.body, id } : undefined;
      });
    };
    const dry = await start({ audit_retention_hour: 5, include_event_types: 'pull_artifact', dry_run: true });
    expect(dry.job_name).toBe('PURGE_AUDIT_LOG');
    expect(JSON.parse(dry.job_parameters)).toMatchObject({ purged: 2, dry_run: true });
    const real = await start({ audit_retention_hour: 5, include_event_types: 'pull_artifact,create_artifact' });
    expect(JSON.parse(real.job_parameters)).toMatchObject({ purged: 2 });
    expect((await admin.get<string>(`/system/purgeaudit/${real.id}/log`)).body).toContain('purged 2 records');
    const after = await admin.get<{ operation: string; resource: string }[]>('/audit-logs?page_size=100');
    expect(after.body.some((r) => r.resource === 'x')).toBe(true);
    expect(after.body.some((r) => r.resource.startsWith('gc-one/a:'))).toBe(false);

    const bad = await admin.post('/system/purgeaudit/schedule', { schedule: { type: 'Manual' }, parameters: { include_event_types: 'pull_artifact,explode' } });
    expect([bad.status, errorOf(bad)?.field]).toEqual([400, 'parameters.include_event_types']);
    // The default schedule replaces the old fixed hourly purge; the operator can change it.
    expect((await admin.get('/system/purgeaudit/schedule')).body).toMatchObject({ schedule: { type: 'Hourly', cron: '0 0 * * * *' } });
    expect((await admin.put('/system/purgeaudit/schedule', { schedule: { type: 'Weekly' }, parameters: { audit_retention_hour: 168 } })).status).toBe(200);
    expect((await admin.get('/system/purgeaudit/schedule')).body).toMatchObject({ schedule: { type: 'Weekly', cron: '0 0 0 * * 0' } });
  }, 60_000);
});
