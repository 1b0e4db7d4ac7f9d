/**
 * Scale-out: two Berth processes sharing one PostgreSQL database and one blob store (the data
 * volume, then an S3 bucket on a real s3rver), as behind a load balancer. A chunked upload alternates between them chunk by chunk; a token one issues is
 * honoured by the other; what one stores the other serves; what one deletes or revokes, the
 * other stops serving at its next request, although it had just cached it.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { DIALECTS } from '../testing/dialects.js';
import type { TwinServers } from '../testing/twin-servers.js';
import { BLOB_STORES, startTwinServersOn } from '../testing/twin-stores.js';
import { blobOf, buildImage, descriptor, digestOf, imageBlobs, OCI_LAYER, OCI_MANIFEST, writeOciLayout } from '../testing/oci-images.js';
import { ApiClient, createUser } from '../testing/api-client.js';
import { ADMIN, pullScope, pushScope, RegistryClient } from '../testing/registry-client.js';
import type { ServerProcess } from '../testing/server-process.js';
import { mayPauseBackends, withListenersPaused } from '../testing/paused-listeners.js';

describe.runIf(DIALECTS.includes('postgresql')).each(BLOB_STORES)('two processes on one PostgreSQL database and one blob store (%s)', (store) => {
  let twins: TwinServers;
  let a: ServerProcess;
  let b: ServerProcess;

  beforeAll(async () => {
    twins = await startTwinServersOn(store, inject('preparedDataVolume'));
    ({ a, b } = twins);
  });

  afterAll(() => twins.stop());

  test('chunks of one upload alternate between the processes; the blob and a manifest pushed through one are served by the other', async () => {
    const scope = pushScope('library/shared');
    const token = await new RegistryClient(a.url, ADMIN).token([scope]);
    const on = (server: ServerProcess, location: string, init: RequestInit) =>
      fetch(`${server.url}${location}`, { ...init, headers: { authorization: `Bearer ${token}`, ...init.headers } });
    const data = randomBytes(400_000);
    const opened = await on(a, '/v2/library/shared/blobs/uploads/', { method: 'POST' });
    let location = opened.headers.get('location')!;
    const servers = [b, a, b, a];
    for (let i = 0; i < 4; i++) {
      const [start, end] = [i * 100_000, (i + 1) * 100_000 - 1];
      const res = await on(servers[i]!, location, { method: 'PATCH', body: data.subarray(start, end + 1), headers: { 'content-range': `${start}-${end}` } });
      expect([res.status, res.headers.get('range')]).toEqual([202, `0-${end}`]);
      location = res.headers.get('location')!;
    }
    expect((await on(b, `${location}?digest=${digestOf(data)}`, { method: 'PUT' })).status).toBe(201);
    const read = await on(a, `/v2/library/shared/blobs/${digestOf(data)}`, {});
    expect(Buffer.from(await read.arrayBuffer()).equals(data)).toBe(true);

    const image = buildImage({ seed: 'scale-out' });
    await new RegistryClient(b.url, ADMIN).pushImage('library/shared', 'v1', [image.config, ...image.layers], image.manifest);
    const manifest = await new RegistryClient(a.url, ADMIN).fetch('/v2/library/shared/manifests/v1', [scope]);
    expect(Buffer.from(await manifest.arrayBuffer()).equals(image.manifest.bytes)).toBe(true);
  });

  test('skopeo pushes an image with a 12 MiB layer (more than one multipart part) through one process and pulls it through the other, digests unchanged', async () => {
    const small = buildImage({ seed: `skopeo-${store}` });
    // Gzip of random bytes stays 12 MiB: skopeo sees a real compressed layer and keeps the manifest.
    const big = blobOf(OCI_LAYER, gzipSync(randomBytes(12 * 1024 * 1024), { level: 1 }));
    const manifest = blobOf(OCI_MANIFEST, { schemaVersion: 2, mediaType: OCI_MANIFEST, config: descriptor(small.config), layers: [descriptor(big), ...small.layers.map((l) => descriptor(l))] });
    const work = await mkdtemp(path.join(os.tmpdir(), 'berth-skopeo-'));
    const skopeo = (...args: string[]) =>
      new Promise<string>((resolve, reject) => {
        execFile('skopeo', args, { timeout: 120_000 }, (err, stdout, stderr) => (err ? reject(new Error(stderr || String(err))) : resolve(stdout)));
      });
    try {
      await writeOciLayout(`${work}/in`, [...imageBlobs(small), big, manifest], { big: manifest });
      await skopeo('copy', '--dest-tls-verify=false', '--dest-creds', 'admin:Harbor12345', `oci:${work}/in:big`, `docker://${a.url.slice(7)}/library/big:v1`);
      await skopeo('copy', '--src-tls-verify=false', '--src-creds', 'admin:Harbor12345', `docker://${b.url.slice(7)}/library/big:v1`, `oci:${work}/out:x`);
      const index = JSON.parse(await readFile(`${work}/out/index.json`, 'utf8')) as { manifests: { digest: string }[] };
      expect(index.manifests[0]!.digest).toBe(manifest.digest);
      expect((await readFile(`${work}/out/blobs/sha256/${big.digest.slice(7)}`)).equals(big.bytes)).toBe(true);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });

  test('a tag and a manifest deleted on one process are gone from the other at its next request, however late PostgreSQL tells it', async () => {
    const image = buildImage({ seed: 'cached-on-b' });
    const onA = new RegistryClient(a.url, ADMIN);
    const onB = new RegistryClient(b.url, ADMIN);
    await onA.pushImage('library/cached', 'v1', [image.config, ...image.layers], image.manifest);
    await onA.pushManifest('library/cached', 'v2', image.manifest);
    const warm = async () => {
      // B reads them twice: the second answer comes from its caches.
      for (let i = 0; i < 2; i++) {
        expect(await onB.manifestStatus('library/cached', 'v1')).toBe(200);
        expect(await onB.manifestStatus('library/cached', image.manifest.digest)).toBe(200);
      }
    };
    await warm();
    const admin = ApiClient.basic(a, 'admin', 'Harbor12345');
    expect((await admin.request('DELETE', '/projects/library/repositories/cached/artifacts/v1/tags/v1')).status).toBe(200);
    expect(await onB.manifestStatus('library/cached', 'v1')).toBe(404);
    expect(await onB.manifestStatus('library/cached', 'v2')).toBe(200);

    // The same again while PostgreSQL holds B's notifications back: B's answer waits for them.
    expect((await admin.request('POST', '/projects/library/repositories/cached/artifacts/v2/tags', { body: { name: 'v1' } })).status).toBe(201);
    await warm();
    const db = twins.testDb.open();
    try {
      if (await mayPauseBackends(db.db, twins.testDb.url)) {
        const { status } = await withListenersPaused(db.db, b.child.pid!, async () => {
          expect((await admin.request('DELETE', '/projects/library/repositories/cached/artifacts/v2/tags/v1')).status).toBe(200);
          const status = onB.manifestStatus('library/cached', 'v1');
          // Long enough for B to reach its cached tag while the message is held back.
          await new Promise((resolve) => setTimeout(resolve, 200));
          return { status };
        });
        expect(await status).toBe(404);
      }
    } finally {
      await db.close();
    }

    const removed = await onA.fetch(`/v2/library/cached/manifests/${image.manifest.digest}`, ['repository:library/cached:delete'], { method: 'DELETE' });
    expect(removed.status).toBe(202);
    expect(await onB.manifestStatus('library/cached', image.manifest.digest)).toBe(404);
    expect(await onB.manifestStatus('library/cached', 'v2')).toBe(404);
  });

  test('a repository deleted on one process and pushed again through the other at once: the layers are asked for again', async () => {
    const image = buildImage({ seed: 'deleted-then-pushed' });
    const onA = new RegistryClient(a.url, ADMIN);
    const onB = new RegistryClient(b.url, ADMIN);
    await onB.pushImage('library/again', 'v1', [image.config, ...image.layers], image.manifest);
    const head = async () => (await onB.fetch(`/v2/library/again/blobs/${image.layers[0]!.digest}`, [pullScope('library/again')], { method: 'HEAD' })).status;
    expect(await head()).toBe(200);
    expect(await head()).toBe(200);
    const admin = ApiClient.basic(a, 'admin', 'Harbor12345');
    expect((await admin.request('DELETE', '/projects/library/repositories/again')).status).toBe(200);
    // A client skips the layers B says it has; the manifest then names blobs the repository lacks.
    expect(await head()).toBe(404);
    await onB.pushImage('library/again', 'v1', [image.config, ...image.layers], image.manifest);
    expect(await onA.manifestStatus('library/again', 'v1')).toBe(200);
  });

  test('a membership granted and removed on one process counts on the other at once (Basic on /v2)', async () => {
    const admin = ApiClient.basic(a, 'admin', 'Harbor12345');
    expect((await admin.request('POST', '/projects', { body: { project_name: 'guarded', metadata: { public: 'false' } } })).status).toBe(201);
    const image = buildImage({ seed: 'guarded' });
    await new RegistryClient(a.url, ADMIN).pushImage('guarded/app', 'v1', [image.config, ...image.layers], image.manifest);
    await createUser(admin, 'carol');
    const pullAsCarol = async () => {
      const res = await fetch(`${b.url}/v2/guarded/app/manifests/v1`, { headers: { authorization: `Basic ${Buffer.from('carol:Passw0rdX').toString('base64')}` } });
      await res.arrayBuffer();
      return res.status;
    };
    expect(await pullAsCarol()).toBe(403);
    const added = await admin.request('POST', '/projects/guarded/members', { body: { role_id: 3, member_user: { username: 'carol' } } });
    expect(added.status).toBe(201);
    expect(await pullAsCarol()).toBe(200);
    expect(await pullAsCarol()).toBe(200);
    const memberId = Number(added.headers.get('location')!.split('/').pop());
    expect((await admin.request('DELETE', `/projects/guarded/members/${memberId}`)).status).toBe(200);
    expect(await pullAsCarol()).toBe(403);
  });

  test('a setting changed on one process counts on the other at its next request, although it had just read it', async () => {
    const admin = ApiClient.basic(a, 'admin', 'Harbor12345');
    await createUser(admin, 'dora');
    const dora = ApiClient.basic(b, 'dora', 'Passw0rdX');
    const create = async (name: string) => (await dora.request('POST', '/projects', { body: { project_name: name } })).status;
    expect(await create('dora-one')).toBe(201);
    expect((await admin.request('PUT', '/configurations', { body: { project_creation_restriction: 'adminonly' } })).status).toBe(200);
    expect(await create('dora-two')).toBe(403);
    expect((await admin.request('PUT', '/configurations', { body: { project_creation_restriction: 'everyone' } })).status).toBe(200);
    expect(await create('dora-three')).toBe(201);
  });
});
