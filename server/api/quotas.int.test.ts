/**
 * Project quotas against a real server on each dialect: Harbor's /quotas shapes, skopeo refused
 * with Harbor's message before the layer is kept, concurrent pushes that cannot together pass
 * the limit (manifest puts at once over HTTP, then four skopeo processes at once), a delete
 * that frees the quota at once, and a copy into a project charged to it.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { formatBytes } from '../core/quotas/quota-guard.js';
import { ApiClient, createUser, errorOf } from '../testing/api-client.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../testing/dialects.js';
import { blobOf, descriptor, OCI_CONFIG, OCI_LAYER, OCI_MANIFEST, writeOciLayout, type Blob } from '../testing/oci-images.js';
import { ADMIN, RegistryClient } from '../testing/registry-client.js';
import { startServer, type ServerProcess } from '../testing/server-process.js';

interface QuotaJson {
  id: number;
  ref: { id: number; name: string; owner_name: string };
  hard: { storage: number };
  used: { storage: number };
  creation_time: string;
  update_time: string;
}

/** An image whose one layer is `layerBytes` of random data, gzipped (so skopeo sends it as it is). */
function randomImage(seed: string, layerBytes: number) {
  const layer = blobOf(OCI_LAYER, gzipSync(randomBytes(layerBytes)));
  const config = blobOf(OCI_CONFIG, { architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [layer.digest] }, config: { Labels: { seed } } });
  const manifest = blobOf(OCI_MANIFEST, { schemaVersion: 2, mediaType: OCI_MANIFEST, config: descriptor(config), layers: [descriptor(layer)] });
  return { config, layer, manifest, blobs: [config, layer, manifest] as Blob[], size: config.size + layer.size + manifest.size };
}

function run(command: string, args: string[], env: Record<string, string>): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { env: { ...process.env, ...env }, timeout: 120_000 }, (err, _stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stderr });
    });
  });
}

const small = randomImage('small', 100_000);
const big = randomImage('big', 200_000);
const racers = [1, 2, 3, 4].map((i) => randomImage(`racer-${i}`, 50_000));
const skopeoRacers = [1, 2, 3, 4].map((i) => randomImage(`skopeo-racer-${i}`, 50_000));

describe.each(DIALECTS)('project quotas on %s', (dialect) => {
  let server: ServerProcess;
  let testDb: TestDatabase;
  let work: string;
  let host: string;
  let admin: ApiClient;
  const skopeo = (...args: string[]) => run('skopeo', args, { REGISTRY_AUTH_FILE: path.join(work, 'auth.json') });
  const copyIn = (ref: string, target: string) =>
    skopeo('copy', '--dest-tls-verify=false', '--dest-creds', 'admin:Harbor12345', `oci:${work}/layout:${ref}`, `docker://${host}/${target}`);
  const createCapped = async (name: string, limit: number) => {
    expect((await admin.post('/projects', { project_name: name, storage_limit: limit })).status).toBe(201);
    return (await admin.get<{ project_id: number }>(`/projects/${name}`)).body.project_id;
  };
  const quota = async (id: number) => (await admin.get<QuotaJson>(`/quotas/${id}`)).body;
  // skopeo rewrites a manifest it copies, so sizes are read back: an image's size is its manifest, config and layers.
  const artifactSize = async (project: string, repository: string, reference: string) =>
    (await admin.get<{ size: number }>(`/projects/${project}/repositories/${repository}/artifacts/${reference}`)).body.size;

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    server = await startServer({ preparedDataVolume: inject('preparedDataVolume'), config: testDb.url ? { database: { url: testDb.url } } : {} });
    host = server.url.slice('http://'.length);
    admin = ApiClient.basic(server, 'admin', 'Harbor12345');
    work = await mkdtemp(path.join(os.tmpdir(), 'berth-quota-'));
    const refs = Object.fromEntries([['small', small], ['big', big], ...skopeoRacers.map((r, i) => [`racer${i}`, r] as const)].map(([k, v]) => [k, (v as typeof small).manifest]));
    await writeOciLayout(`${work}/layout`, [small, big, ...skopeoRacers].flatMap((i) => i.blobs), refs);
  });

  afterAll(async () => {
    await server?.stop();
    await server?.cleanup();
    await testDb?.drop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  test("Harbor's /quotas: list with reference filters and sort, get, update by system admins only, limits checked", async () => {
    const id = await createCapped('shapes', 5000);
    const listed = await admin.get<QuotaJson[]>(`/quotas?reference=project&reference_id=${id}`);
    expect(listed.status).toBe(200);
    expect(listed.headers.get('x-total-count')).toBe('1');
    expect(listed.body).toEqual([
      { id, ref: { id, name: 'shapes', owner_name: 'admin' }, hard: { storage: 5000 }, used: { storage: 0 }, creation_time: expect.any(String), update_time: expect.any(String) },
    ]);
    expect((await admin.get<QuotaJson[]>('/quotas?reference=repository')).body).toEqual([]);
    const sorted = (await admin.get<QuotaJson[]>('/quotas?sort=hard.storage&page_size=0')).body;
    expect(sorted.map((q) => q.hard.storage)).toEqual([...sorted.map((q) => q.hard.storage)].sort((a, b) => (a === -1 ? 1 : b === -1 ? -1 : a - b)));
    expect(sorted[0]).toMatchObject({ ref: { name: 'shapes' } });

    expect((await admin.put(`/quotas/${id}`, { hard: { storage: 7000 } })).status).toBe(200);
    expect(await quota(id)).toMatchObject({ hard: { storage: 7000 } });
    // storage_limit on update, from a system admin, is taken too.
    expect((await admin.put(`/projects/${id}`, { storage_limit: 8000 })).status).toBe(200);
    expect(await quota(id)).toMatchObject({ hard: { storage: 8000 } });

    const bad = await admin.put(`/quotas/${id}`, { hard: { storage: -7 } });
    expect(bad.status).toBe(400);
    expect(errorOf(bad)).toMatchObject({ field: 'hard.storage', message: expect.stringMatching(/^The storage limit must be -1 \(no limit\)/) });
    expect((await admin.put(`/quotas/${id}`, { hard: { count: 3 } })).status).toBe(400);
    expect((await admin.get('/quotas/999999')).status).toBe(404);
    await createUser(admin, 'quinn', 'Passw0rdQ');
    const quinn = ApiClient.basic(server, 'quinn', 'Passw0rdQ');
    expect((await quinn.get('/quotas')).status).toBe(403);
    expect((await quinn.put(`/quotas/${id}`, { hard: { storage: -1 } })).status).toBe(403);
    expect((await ApiClient.anonymous(server).get('/quotas')).status).toBe(401);
  });

  test("skopeo is refused over the limit with Harbor's message, before the layer is kept; deleting frees the quota at once", async () => {
    const id = await createCapped('capped', 250_000);
    expect(await copyIn('small', 'capped/app:small')).toMatchObject({ code: 0 });
    const smallSize = await artifactSize('capped', 'app', 'small');
    expect((await quota(id)).used.storage).toBe(smallSize);

    const refused = await copyIn('big', 'capped/app:big');
    expect(refused.code).not.toBe(0);
    // Refused at the layer's upload: the first blob that does not fit.
    expect(refused.stderr).toContain(
      `denied: Quota exceeded in project capped when processing the request of adding ${formatBytes(big.layer.size)} of storage resource, ` +
        `which when updated to current usage of ${formatBytes(smallSize)} will exceed the configured upper limit of 244.1 KiB.`,
    );
    expect((await quota(id)).used.storage).toBe(smallSize);
    const registry = new RegistryClient(server.url, ADMIN);
    const layer = await registry.fetch(`/v2/capped/app/blobs/${big.layer.digest}`, ['repository:capped/app:pull'], { method: 'HEAD' });
    expect(layer.status).toBe(404);

    expect((await skopeo('delete', '--tls-verify=false', '--creds', 'admin:Harbor12345', `docker://${host}/capped/app:small`)).code).toBe(0);
    expect((await quota(id)).used.storage).toBe(0);
    expect(await copyIn('big', 'capped/app:big')).toMatchObject({ code: 0 });
    const bigSize = await artifactSize('capped', 'app', 'big');
    expect((await quota(id)).used.storage).toBe(bigSize);
    // The project summary the console shows reads the same figures.
    expect((await admin.get(`/projects/${id}/summary`)).body).toMatchObject({ quota: { hard: { storage: 250_000 }, used: { storage: bigSize } } });
  });

  test("a copy into another project counts against that project's quota: refused past it, kept once it fits", async () => {
    await createCapped('copysrc', -1);
    await new RegistryClient(server.url, ADMIN).pushImage('copysrc/app', 'v1', [small.config, small.layer], small.manifest);
    const id = await createCapped('tight', 1000);
    const refused = await admin.post('/projects/tight/repositories/app/artifacts?from=copysrc/app:v1');
    expect(refused.status).toBe(403);
    expect(errorOf(refused)?.message).toMatch(/^Quota exceeded in project tight when processing the request of adding 98\.\d KiB of storage resource/);
    expect((await quota(id)).used.storage).toBe(0);
    expect((await admin.put(`/quotas/${id}`, { hard: { storage: 1024 * 1024 } })).status).toBe(200);
    expect((await admin.post('/projects/tight/repositories/app/artifacts?from=copysrc/app:v1')).status).toBe(201);
    expect((await quota(id)).used.storage).toBe(small.size);
  });

  test('manifest puts at once cannot together pass the limit: exactly the two that fit are kept', async () => {
    const limit = Math.floor(racers[0]!.size * 2.5);
    const id = await createCapped('race', limit);
    const registry = new RegistryClient(server.url, ADMIN);
    // Every layer first (each fits alone, and blobs without a manifest are no usage), then the manifests at once.
    for (const [i, racer] of racers.entries()) {
      for (const blob of [racer.config, racer.layer]) expect((await registry.pushBlob(`race/r${i}`, blob)).status).toBe(201);
    }
    const answers = await Promise.all(racers.map((racer, i) => registry.pushManifest(`race/r${i}`, 'v1', racer.manifest)));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([201, 201, 403, 403]);
    const refusal = (await answers.find((a) => a.status === 403)!.json()) as { errors: { code: string; message: string }[] };
    expect(refusal.errors[0]).toMatchObject({ code: 'DENIED', message: expect.stringContaining('Quota exceeded in project race') });
    const used = (await quota(id)).used.storage;
    expect(used).toBeLessThanOrEqual(limit);
    expect(used).toBe(racers[0]!.size * 2);
  });

  test('four skopeo pushes at once, each fitting alone: only some are kept and usage stays within the limit', async () => {
    const limit = Math.floor(skopeoRacers[0]!.size * 2.5);
    const id = await createCapped('race2', limit);
    const results = await Promise.all(skopeoRacers.map((_, i) => copyIn(`racer${i}`, `race2/r${i}:v1`)));
    const kept = results.filter((r) => r.code === 0).length;
    expect(kept).toBeGreaterThanOrEqual(1);
    expect(kept).toBeLessThanOrEqual(2);
    for (const r of results.filter((x) => x.code !== 0)) expect(r.stderr).toMatch(/Quota exceeded in project race2/);
    const used = (await quota(id)).used.storage;
    expect(used).toBeLessThanOrEqual(limit);
    const sizes = await Promise.all(results.map((r, i) => (r.code === 0 ? artifactSize('race2', `r${i}`, 'v1') : Promise.resolve(0))));
    expect(used).toBe(sizes.reduce((a, b) => a + b, 0));
  });
});
