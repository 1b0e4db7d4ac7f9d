/**
 * Dedup-aware storage through the API, on SQLite and PostgreSQL, with images pushed by skopeo
 * that share layers across repositories and projects. Every figure is checked against one
 * computed here from the blob files on disk (each image's config and layers, by digest) and the
 * manifests' sizes; "frees" is checked against the drop in the blob directory's size after the
 * delete and a GC run. Also: counters stay right after a copy, a retag, tag and artifact
 * deletes, two pushes sharing a layer at once, and repository and project deletes.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { ApiClient, createUser, errorOf } from '../testing/api-client.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../testing/dialects.js';
import { imageOf, layerOf, runGc, skopeoFor, storeBytes } from '../testing/gc.js';
import { imageBlobs, writeOciLayout, type Image } from '../testing/oci-images.js';
import { startServer, type ServerProcess } from '../testing/server-process.js';

const base = layerOf('storage-base', 6000);
const mid = layerOf('storage-mid', 4000);
const racer = layerOf('storage-racer', 5000);
/** Where each image goes, and its layers: base everywhere, mid in some, one of its own each. */
const PLACES = {
  a: { repo: 'st-one/app', layers: [base, mid, layerOf('own-a', 3000)] },
  b: { repo: 'st-one/app', layers: [base, mid, layerOf('own-b', 2500)] },
  c: { repo: 'st-one/other', layers: [base, layerOf('own-c', 2000)] },
  d: { repo: 'st-two/svc', layers: [base, mid, layerOf('own-d', 1500)] },
  r1: { repo: 'st-one/race', layers: [racer, layerOf('own-r1', 1200)] },
  r2: { repo: 'st-two/race', layers: [racer, layerOf('own-r2', 1100)] },
} as const;
type Name = keyof typeof PLACES;
const images = Object.fromEntries(Object.entries(PLACES).map(([name, p]) => [name, imageOf(`storage-${name}`, [...p.layers])])) as Record<Name, Image>;

interface ScopeJson {
  total: number;
  unique: number;
  shared: number;
  artifact_count: number;
  manifest_bytes: number;
}

describe.each(DIALECTS)('dedup-aware storage on %s', (dialect) => {
  let testDb: TestDatabase;
  let server: ServerProcess;
  let admin: ApiClient;
  let work: string;
  let skopeo: ReturnType<typeof skopeoFor>;
  /** Where each artifact lives now: repository -> image names (an artifact per image and repository). */
  const placed = new Map<string, Set<Name>>();
  const manifestSize = new Map<Name, number>();

  const blobFile = (digest: string) => path.join(server.dataVolume, 'registry', 'blobs', 'sha256', digest.slice(7, 9), digest.slice(7));
  const sizeOnDisk = async (digest: string) => (await stat(blobFile(digest))).size;
  const blobsOf = (name: Name) => [images[name].config.digest, ...images[name].layers.map((l) => l.digest)];
  const push = async (name: Name, repo: string, tag: string) => {
    const result = await skopeo.push(`${work}/layout`, name, `${repo}:${tag}`);
    expect(result.stderr).toBe('');
    if (!placed.has(repo)) placed.set(repo, new Set());
    placed.get(repo)!.add(name);
    // The manifest as stored (skopeo may rewrite it): the artifact's size less its blobs' files.
    const [project, ...rest] = repo.split('/');
    const artifact = await admin.get<{ size: number }>(`/projects/${project}/repositories/${encodeURIComponent(encodeURIComponent(rest.join('/')))}/artifacts/${tag}`);
    const blobBytes = (await Promise.all(blobsOf(name).map(sizeOnDisk))).reduce((a, b) => a + b, 0);
    manifestSize.set(name, artifact.body.size - blobBytes);
  };
  const artifactsIn = (predicate: (repo: string) => boolean) =>
    [...placed].filter(([repo]) => predicate(repo)).flatMap(([repo, names]) => [...names].map((name) => ({ repo, name })));

  /** The figures of the scope, from the files on disk: blobs once each, manifests once per artifact. */
  async function expected(inScope: (repo: string) => boolean): Promise<ScopeJson> {
    const mine = artifactsIn(inScope);
    const others = new Set(artifactsIn((repo) => !inScope(repo)).flatMap((a) => blobsOf(a.name)));
    const blobs = [...new Set(mine.flatMap((a) => blobsOf(a.name)))];
    const manifests = mine.reduce((t, a) => t + manifestSize.get(a.name)!, 0);
    let total = manifests;
    let unique = manifests;
    for (const digest of blobs) {
      const size = await sizeOnDisk(digest);
      total += size;
      if (!others.has(digest)) unique += size;
    }
    return { total, unique, shared: total - unique, artifact_count: mine.length, manifest_bytes: manifests };
  }
  const projectOf = (repo: string) => repo.split('/')[0]!;
  const repoPath = (repo: string) => {
    const [project, ...rest] = repo.split('/');
    return `/berth/projects/${project}/repositories/${encodeURIComponent(encodeURIComponent(rest.join('/')))}`;
  };
  async function expectFiguresRight(projects = ['st-one', 'st-two']) {
    for (const project of projects) {
      const res = await admin.get<ScopeJson>(`/berth/projects/${project}/storage`);
      expect({ project, ...res.body }).toEqual({ project, ...(await expected((repo) => projectOf(repo) === project)) });
      const summary = await admin.get<{ quota: { used: { storage: number } } }>(`/projects/${project}/summary`);
      expect(summary.body.quota.used.storage).toBe(res.body.total);
    }
    for (const repo of placed.keys()) {
      const res = await admin.get<ScopeJson>(`${repoPath(repo)}/storage`);
      expect({ repo, ...res.body }).toEqual({ repo, ...(await expected((r) => r === repo)) });
    }
  }

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    server = await startServer({ preparedDataVolume: inject('preparedDataVolume'), config: testDb.url ? { database: { url: testDb.url } } : {} });
    admin = ApiClient.basic(server, 'admin', 'Harbor12345');
    work = await mkdtemp(path.join(os.tmpdir(), 'berth-storage-'));
    skopeo = skopeoFor(server.url.slice('http://'.length), work);
    for (const name of ['st-one', 'st-two']) expect((await admin.post('/projects', { project_name: name })).status).toBe(201);
    await writeOciLayout(`${work}/layout`, Object.values(images).flatMap(imageBlobs), Object.fromEntries(Object.entries(images).map(([n, i]) => [n, i.manifest])));
    for (const name of ['a', 'b', 'c', 'd'] as const) await push(name, PLACES[name].repo, 'v1');
  }, 240_000);

  afterAll(async () => {
    await server?.stop();
    await server?.cleanup();
    await testDb?.drop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  test('project and repository figures match the files on disk; Harbor\'s summary and /statistics agree', async () => {
    await expectFiguresRight();
    const one = (await admin.get<ScopeJson>('/berth/projects/st-one/storage')).body;
    // st-one shares base and mid with st-two; the rest is its own.
    expect(one.shared).toBe((await sizeOnDisk(base.digest)) + (await sizeOnDisk(mid.digest)));

    const system = await admin.get<{ total_storage_consumption: number; physical: number; logical: number; dedup_ratio: number; artifact_count: number }>('/berth/statistics/storage');
    const everything = await expected(() => true);
    const logical = (await Promise.all(artifactsIn(() => true).map(async (a) => (await Promise.all(blobsOf(a.name).map(sizeOnDisk))).reduce((x, y) => x + y, 0)))).reduce((x, y) => x + y, 0) + everything.manifest_bytes;
    expect(system.body).toEqual({ total_storage_consumption: everything.total, physical: everything.total, logical, dedup_ratio: logical / everything.total, artifact_count: 4 });
    expect((await admin.get<{ total_storage_consumption: number }>('/statistics')).body.total_storage_consumption).toBe(everything.total);
    expect(system.body.dedup_ratio).toBeGreaterThan(1);
  });

  test('an artifact\'s frees, stays and shared_with; after its delete and GC the blob directory shrinks by exactly frees less its manifest', async () => {
    const res = await admin.get<{ frees: number; stays: number; shared_with: number; artifact_count: number }>(`${repoPath('st-one/app')}/artifacts/v1/storage`);
    expect(res.status).toBe(200);
    const tagged = await admin.get<{ digest: string }>('/projects/st-one/repositories/app/artifacts/v1');
    const own = [images.b.config.digest, images.b.layers[2]!.digest];
    const ownBytes = (await sizeOnDisk(own[0]!)) + (await sizeOnDisk(own[1]!));
    // v1 in st-one/app is image b (pushed after a, same tag).
    expect(res.body).toEqual({
      frees: ownBytes + manifestSize.get('b')!,
      stays: (await sizeOnDisk(base.digest)) + (await sizeOnDisk(mid.digest)),
      shared_with: 3,
      artifact_count: 1,
    });
    const before = await storeBytes(server.dataVolume);
    expect((await admin.delete(`/projects/st-one/repositories/app/artifacts/${tagged.body.digest}`)).status).toBe(200);
    placed.get('st-one/app')!.delete('b');
    expect((await runGc(admin, { time_window: 0 })).status).toBe('Success');
    expect(before - (await storeBytes(server.dataVolume))).toBe(res.body.frees - manifestSize.get('b')!);
    await expectFiguresRight();
  }, 120_000);

  test('counters stay right after a copy, a retag, a tag delete and two pushes sharing a layer at once', async () => {
    expect((await admin.post(`/projects/st-two/repositories/copies/artifacts?from=st-one/other:v1`)).status).toBe(201);
    placed.set('st-two/copies', new Set(['c']));
    await expectFiguresRight();
    expect((await admin.post('/projects/st-two/repositories/copies/artifacts/v1/tags', { name: 'again' })).status).toBe(201);
    expect((await admin.delete('/projects/st-two/repositories/copies/artifacts/v1/tags/v1')).status).toBe(200);
    await expectFiguresRight();
    await Promise.all([push('r1', PLACES.r1.repo, 'v1'), push('r2', PLACES.r2.repo, 'v1')]);
    await expectFiguresRight();
  }, 120_000);

  test('a repository\'s unique bytes are what its delete and GC free; a project\'s figures fall to zero as it empties', async () => {
    // st-two/race: its own layer and config go; the racer layer stays for st-one/race.
    const figures = (await admin.get<ScopeJson>(`${repoPath('st-two/race')}/storage`)).body;
    expect(figures.unique - figures.manifest_bytes).toBe((await sizeOnDisk(images.r2.config.digest)) + (await sizeOnDisk(images.r2.layers[1]!.digest)));
    const before = await storeBytes(server.dataVolume);
    expect((await admin.delete('/projects/st-two/repositories/race')).status).toBe(200);
    placed.delete('st-two/race');
    expect((await runGc(admin, { time_window: 0 })).status).toBe('Success');
    expect(before - (await storeBytes(server.dataVolume))).toBe(figures.unique - figures.manifest_bytes);
    await expectFiguresRight();

    expect((await admin.delete('/projects/st-one/repositories/other')).status).toBe(200);
    placed.delete('st-one/other');
    await expectFiguresRight();
    for (const r of ['svc', 'copies']) expect((await admin.delete(`/projects/st-two/repositories/${r}`)).status).toBe(200);
    for (const r of ['st-two/svc', 'st-two/copies']) placed.delete(r);
    expect((await admin.get<ScopeJson>('/berth/projects/st-two/storage')).body).toEqual({ total: 0, unique: 0, shared: 0, artifact_count: 0, manifest_bytes: 0 });
    expect((await admin.delete('/projects/st-two')).status).toBe(200);
    await expectFiguresRight(['st-one']);
  }, 120_000);

  test('errors: unknown project, repository and artifact; a bad reference; anonymous and non-admin callers', async () => {
    expect((await admin.get('/berth/projects/nope/storage')).status).toBe(404);
    expect((await admin.get(`${repoPath('st-one/nope')}/storage`)).status).toBe(404);
    expect((await admin.get(`${repoPath('st-one/app')}/artifacts/nope/storage`)).status).toBe(404);
    const bad = await admin.get(`${repoPath('st-one/app')}/artifacts/sha256:zz/storage`);
    expect(bad.status).toBe(400);
    expect(errorOf(bad)?.message).toContain('reference');
    const anonymous = ApiClient.anonymous(server);
    expect((await anonymous.get('/berth/projects/st-one/storage')).status).toBe(401);
    expect((await anonymous.get('/berth/statistics/storage')).status).toBe(401);
    await createUser(admin, 'plain', 'Passw0rdX');
    const plain = ApiClient.basic(server, 'plain', 'Passw0rdX');
    expect((await plain.get('/berth/statistics/storage')).status).toBe(403);
    // The project summary's rule: a signed-in stranger to a private project is refused alike.
    const refused = (await plain.get('/projects/st-one/summary')).status;
    expect([403, 404]).toContain(refused);
    expect((await plain.get('/berth/projects/st-one/storage')).status).toBe(refused);
  });
});
