/**
 * A data volume that runs out of space, on a real 8 MiB tmpfs holding the blob store, the
 * SQLite database and the log files: a push larger than the free space fails with a clear error (507) and leaves
 * nothing behind, the server keeps serving, pulls go on while the disk is full, and sign-in and
 * API writes answer 503 with a plain message until space is freed.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { ApiClient, errorOf } from '../testing/api-client.js';
import { blobOf, buildImage, digestOf } from '../testing/oci-images.js';
import { ADMIN, pullScope, pushScope, RegistryClient } from '../testing/registry-client.js';
import { startServer, type ServerProcess } from '../testing/server-process.js';
import { mountSmallDisk, type SmallDisk } from '../testing/small-disk.js';

const dir = await mkdtemp(path.join(os.tmpdir(), 'berth-full-'));
const disk = await mountSmallDisk(path.join(dir, 'data'), '8m');
if (typeof disk === 'string') {
  console.warn(`Skipping the full-disk tests: ${disk}. The store's own test injects ENOSPC instead.`);
  await rm(dir, { recursive: true, force: true });
}

describe.skipIf(typeof disk === 'string')('a full data volume (a real 8 MiB tmpfs)', () => {
  const volume = disk as SmallDisk;
  let server: ServerProcess;
  let admin: RegistryClient;
  const image = buildImage({ seed: 'full-disk' });
  const tooBig = randomBytes(12 * 1024 * 1024);
  const uploadFiles = () => readdir(path.join(server.dataVolume, 'registry', 'uploads')).catch(() => []);
  const push = (repository: string, init: RequestInit, location = `/v2/${repository}/blobs/uploads/`) =>
    admin.fetch(location, [pushScope(repository)], init);

  /** The error of a refused push: 507, BLOB_UPLOAD_INVALID, a plain sentence naming the full disk. */
  async function expectDiskFull(res: Response): Promise<void> {
    const body = (await res.json()) as { errors: { code: string; message: string }[] };
    expect([res.status, body.errors[0]!.code]).toEqual([507, 'BLOB_UPLOAD_INVALID']);
    expect(body.errors[0]!.message).toMatch(/disk .*full/i);
    expect(JSON.stringify(body)).not.toMatch(/ENOSPC|\bat .*\.js/);
  }

  async function expectServing(): Promise<void> {
    const small = blobOf('application/octet-stream', randomBytes(10_000));
    expect((await admin.pushBlob('library/small', small)).status).toBe(201);
    expect((await admin.fetch(`/v2/library/small/blobs/${small.digest}`, [pullScope('library/small')], { method: 'HEAD' })).status).toBe(200);
  }

  beforeAll(async () => {
    // Everything on the small disk, as by default: blobs, database, and the log files too.
    server = await startServer({ dir, preparedDataVolume: inject('preparedDataVolume') });
    admin = new RegistryClient(server.url, ADMIN);
    await admin.pushImage('library/app', 'v1', [image.config, ...image.layers], image.manifest);
  });

  afterAll(async () => {
    await server?.stop();
    await volume.unmount();
    await rm(dir, { recursive: true, force: true });
  });

  test('a monolithic push larger than the disk: 507 naming the disk, no blob, no upload file, and the server goes on', async () => {
    const res = await push('library/big', {
      method: 'POST',
      body: new Uint8Array(tooBig),
      headers: { 'content-type': 'application/octet-stream' },
    }, `/v2/library/big/blobs/uploads/?digest=${digestOf(tooBig)}`);
    await expectDiskFull(res);
    expect(await uploadFiles()).toEqual([]);
    const head = await admin.fetch(`/v2/library/big/blobs/${digestOf(tooBig)}`, [pullScope('library/big')], { method: 'HEAD' });
    expect(head.status).toBe(404);
    expect(server.child.exitCode).toBeNull();
    await expectServing();
  });

  test('a chunk larger than the disk: 507, the session and its file are gone, and the server goes on', async () => {
    const opened = await push('library/chunked', { method: 'POST' });
    expect(opened.status).toBe(202);
    const location = opened.headers.get('location')!;
    const first = await push('library/chunked', { method: 'PATCH', body: new Uint8Array(tooBig.subarray(0, 100_000)), headers: { 'content-range': '0-99999' } }, location);
    expect(first.status).toBe(202);
    const next = first.headers.get('location')!;
    const res = await push('library/chunked', {
      method: 'PATCH',
      body: new Uint8Array(tooBig.subarray(100_000)),
      headers: { 'content-range': `100000-${tooBig.length - 1}` },
    }, next);
    await expectDiskFull(res);
    expect(await uploadFiles()).toEqual([]);
    expect((await push('library/chunked', {}, next)).status).toBe(404);
    expect(server.child.exitCode).toBeNull();
    await expectServing();
  });

  test('while the disk is full, pulls are served; sign-in and API writes answer 503 with a plain message; after space is freed all works', async () => {
    await volume.fill();
    try {
      for (let i = 0; i < 3; i++) {
        const pulled = await admin.fetch('/v2/library/app/manifests/v1', [pullScope('library/app')]);
        expect(pulled.status).toBe(200);
        expect(Buffer.from(await pulled.arrayBuffer()).equals(image.manifest.bytes)).toBe(true);
      }
      const signIn = await ApiClient.anonymous(server).login(ADMIN.user, ADMIN.password);
      expect(signIn.status).toBe(503);
      expect(errorOf(signIn)).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/disk .*full/i) });
      const created = await ApiClient.basic(server, ADMIN.user, ADMIN.password).post('/projects', { project_name: 'during-full', metadata: { public: 'false' } });
      expect(created.status).toBe(503);
      expect(errorOf(created)).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/disk .*full/i) });
      expect(server.child.exitCode).toBeNull();
    } finally {
      await volume.free();
    }
    expect((await ApiClient.anonymous(server).login(ADMIN.user, ADMIN.password)).status).toBe(200);
    expect((await ApiClient.basic(server, ADMIN.user, ADMIN.password).post('/projects', { project_name: 'after-full' })).status).toBe(201);
    await expectServing();
  });
});
