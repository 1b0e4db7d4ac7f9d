/**
 * The layer reverse index and base images over HTTP, on SQLite and PostgreSQL: images built here
 * (A; B = A + 1 layer; C = A + 2 other layers; D sharing A's first layer, not as a prefix), pushed
 * with skopeo from OCI layouts, then asked which artifacts use a layer and what each is built on.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { z } from 'zod';
import { ApiClient, createUser, errorOf } from '../testing/api-client.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../testing/dialects.js';
import { blobOf, buildImage, descriptor, OCI_CONFIG, OCI_MANIFEST, type Blob, type Image } from '../testing/oci-images.js';
import { skopeoPush } from '../testing/replication.js';
import { startServer, type ServerProcess } from '../testing/server-process.js';
import type { ArtifactLineage, ArtifactSummary } from './contracts/layers.js';

type Summary = z.output<typeof ArtifactSummary>;
type Lineage = z.output<typeof ArtifactLineage>;

/** An image of exactly these layers, in this order; `seed` makes its config (and so its digest) its own. */
function imageOf(seed: string, layers: Blob[]): Image {
  const config = blobOf(OCI_CONFIG, { architecture: 'amd64', os: 'linux', config: { Labels: { seed } }, rootfs: { type: 'layers', diff_ids: [] } });
  const manifest = blobOf(OCI_MANIFEST, { schemaVersion: 2, mediaType: OCI_MANIFEST, config: descriptor(config), layers: layers.map((l) => descriptor(l)) });
  return { config, layers, manifest };
}

const extra = (seed: string, n: number) => buildImage({ seed, layers: n }).layers;
const a = imageOf('lyr-a', buildImage({ seed: 'lyr-a', layers: 2 }).layers);
const b = imageOf('lyr-b', [...a.layers, ...extra('lyr-b', 1)]);
const c = imageOf('lyr-c', [...a.layers, ...extra('lyr-c', 2)]);
const d = imageOf('lyr-d', [...extra('lyr-d', 1), a.layers[0]!]);
const shared = a.layers[0]!.digest;

describe.each(DIALECTS)('layer insight on %s', (dialect) => {
  let server: ServerProcess;
  let testDb: TestDatabase | undefined;
  let admin: ApiClient;
  let eve: ApiClient;
  let anonymous: ApiClient;

  const ok = async <T>(client: ApiClient, path: string) => {
    const res = await client.get<T>(path);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res;
  };
  const lineage = async (repository: string, reference: string, client = admin) =>
    (await ok<Lineage>(client, `/berth/projects/${repository.replace('/', '/repositories/')}/artifacts/${reference}/lineage`)).body;
  const names = (list: Summary[]) => list.map((s) => `${s.repository_name}:${s.tags.join(',')}`);

  beforeAll(async () => {
    testDb = dialect === 'postgresql' ? await createTestDatabase('postgresql') : undefined;
    server = await startServer({ preparedDataVolume: inject('preparedDataVolume'), env: testDb ? { BERTH_DATABASE_URL: testDb.url! } : {} });
    admin = ApiClient.basic(server, 'admin', 'Harbor12345');
    anonymous = ApiClient.anonymous(server);
    await createUser(admin, 'eve');
    eve = ApiClient.basic(server, 'eve', 'Passw0rdX');
    expect((await admin.post('/projects', { project_name: 'base', metadata: { public: 'true' } })).status).toBe(201);
    expect((await admin.post('/projects', { project_name: 'team' })).status).toBe(201);
    const creds = 'admin:Harbor12345';
    // Oldest first: the lists show newest first.
    await skopeoPush(server.url, a, 'base/debian', '12', creds);
    await skopeoPush(server.url, b, 'team/app', 'b1', creds);
    await skopeoPush(server.url, c, 'team/worker', 'c1', creds);
    await skopeoPush(server.url, d, 'base/other', 'd1', creds);
  });

  afterAll(async () => {
    await server.stop();
    await server.cleanup();
    await testDb?.drop();
  });

  test('the reverse index of a layer lists every artifact using it, paged with X-Total-Count and Link', async () => {
    const all = await ok<Summary[]>(admin, `/berth/blobs/${shared}/artifacts`);
    expect(all.headers.get('x-total-count')).toBe('4');
    expect(names(all.body)).toEqual(['base/other:d1', 'team/worker:c1', 'team/app:b1', 'base/debian:12']);
    expect(all.body[3]).toMatchObject({ project_name: 'base', repository_name: 'base/debian', digest: a.manifest.digest, tags: ['12'], layers: 2 });
    expect(all.body[3]!.push_time).toMatch(/^\d{4}-\d\d-\d\dT/);

    const first = await ok<Summary[]>(admin, `/berth/blobs/${shared}/artifacts?page_size=2`);
    expect(first.headers.get('x-total-count')).toBe('4');
    expect(names(first.body)).toEqual(['base/other:d1', 'team/worker:c1']);
    expect(first.headers.get('link')).toBe(`</api/v2.0/berth/blobs/${shared}/artifacts?page=2&page_size=2>; rel="next"`);
    const second = await ok<Summary[]>(admin, `/berth/blobs/${shared}/artifacts?page=2&page_size=2`);
    expect(names(second.body)).toEqual(['team/app:b1', 'base/debian:12']);
    expect(second.headers.get('link')).toBe(`</api/v2.0/berth/blobs/${shared}/artifacts?page=1&page_size=2>; rel="prev"`);

    // A layer only B has; the config of A (any blob counts); a blob nothing uses.
    expect(names((await ok<Summary[]>(admin, `/berth/blobs/${b.layers[2]!.digest}/artifacts`)).body)).toEqual(['team/app:b1']);
    expect(names((await ok<Summary[]>(admin, `/berth/blobs/${a.config.digest}/artifacts`)).body)).toEqual(['base/debian:12']);
    const none = await ok<Summary[]>(admin, `/berth/blobs/sha256:${'0'.repeat(64)}/artifacts`);
    expect([none.body, none.headers.get('x-total-count')]).toEqual([[], '0']);
  });

  test('a caller outside a private project does not see its artifacts; a bad digest is a 400 naming it', async () => {
    for (const client of [eve, anonymous]) {
      const seen = await ok<Summary[]>(client, `/berth/blobs/${shared}/artifacts`);
      expect(names(seen.body)).toEqual(['base/other:d1', 'base/debian:12']);
      expect(seen.headers.get('x-total-count')).toBe('2');
    }
    const bad = await admin.get('/berth/blobs/sha256:nothex/artifacts');
    expect(bad.status).toBe(400);
    expect(errorOf(bad)).toMatchObject({ code: 'BAD_REQUEST', field: 'digest' });
  });

  test('B and C are built on A, A is used by both, D is built on nothing', async () => {
    for (const [repository, tag] of [['team/app', 'b1'], ['team/worker', 'c1']] as const) {
      const found = await lineage(repository, tag);
      expect(found.base).toMatchObject({ repository_name: 'base/debian', tags: ['12'], digest: a.manifest.digest, layers: 2 });
    }
    expect(await lineage('team/app', 'b1')).toMatchObject({ layers: 3, used_by_count: 0 });
    expect(await lineage('base/debian', '12')).toEqual({ layers: 2, base: null, used_by_count: 2 });
    expect(await lineage('base/other', 'd1')).toEqual({ layers: 2, base: null, used_by_count: 0 });

    const dependents = await ok<Summary[]>(admin, '/berth/projects/base/repositories/debian/artifacts/12/dependents?page_size=1');
    expect(dependents.headers.get('x-total-count')).toBe('2');
    expect(names(dependents.body)).toEqual(['team/worker:c1']);
    // Eve reads the public base but not the private images built on it.
    expect(await lineage('base/debian', '12', eve)).toMatchObject({ used_by_count: 0 });
    expect((await eve.get('/berth/projects/team/repositories/app/artifacts/b1/lineage')).status).toBe(403);
  });

  test('a copy shares its source lineage; deleting an image takes it out of its base\'s dependents', async () => {
    expect((await admin.post(`/projects/base/repositories/copied/artifacts?from=team/app:b1`)).status).toBe(201);
    expect((await lineage('base/copied', 'b1')).base).toMatchObject({ repository_name: 'base/debian' });
    expect(await lineage('base/debian', '12')).toMatchObject({ used_by_count: 3 });
    expect(await lineage('base/debian', '12', eve)).toMatchObject({ used_by_count: 1 });

    expect((await admin.delete('/projects/base/repositories/copied/artifacts/b1')).status).toBe(200);
    expect((await admin.delete('/projects/team/repositories/worker/artifacts/c1')).status).toBe(200);
    expect(await lineage('base/debian', '12')).toMatchObject({ used_by_count: 1 });
    expect(names((await ok<Summary[]>(admin, `/berth/blobs/${shared}/artifacts`)).body)).toEqual(['base/other:d1', 'team/app:b1', 'base/debian:12']);
  });
});
