/**
 * Uploads whose process died mid-chunk (kill -9): the next process on the same data, or another
 * process on the same PostgreSQL database and volume, takes the session over at once, and the
 * client resumes where the server says, on its first try. And upload files go with the sessions
 * of a deleted project or repository.
 */
import { randomBytes } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { ApiClient } from '../testing/api-client.js';
import { DIALECTS, type TestDatabase } from '../testing/dialects.js';
import type { TwinServers } from '../testing/twin-servers.js';
import { BLOB_STORES, startTwinServersOn } from '../testing/twin-stores.js';
import { buildImage, digestOf } from '../testing/oci-images.js';
import { ADMIN, RegistryClient, serverDatabase } from '../testing/registry-client.js';
import { basic, startServer, type ServerProcess } from '../testing/server-process.js';

const ADMIN_BASIC = { authorization: basic(ADMIN.user, ADMIN.password) };
const data = randomBytes(600_000);

const request = (server: ServerProcess, location: string, init: RequestInit = {}) =>
  fetch(`${server.url}${location}`, { ...init, headers: { ...ADMIN_BASIC, ...init.headers } });

async function openWithFirstChunk(server: ServerProcess, repository: string): Promise<string> {
  const opened = await request(server, `/v2/${repository}/blobs/uploads/`, { method: 'POST' });
  expect(opened.status).toBe(202);
  const first = await request(server, opened.headers.get('location')!, {
    method: 'PATCH',
    body: new Uint8Array(data.subarray(0, 100_000)),
    headers: { 'content-range': '0-99999' },
  });
  expect(first.status).toBe(202);
  return first.headers.get('location')!;
}

/**
 * Sends part of the second chunk, waits until the server holds the session's lease for it,
 * then kills the server with SIGKILL.
 */
async function killMidChunk(server: ServerProcess, location: string, postgresUrl?: string): Promise<void> {
  const chunk = http.request(`${server.url}${location}`, {
    method: 'PATCH',
    headers: { ...ADMIN_BASIC, 'content-length': data.length - 100_000, 'content-range': `100000-${data.length - 1}` },
  });
  chunk.on('error', () => undefined);
  await new Promise<void>((resolve) => chunk.write(data.subarray(100_000, 300_000), () => resolve()));
  const database = serverDatabase(server, postgresUrl);
  const id = location.split('?')[0]!.split('/').at(-1)!;
  try {
    const leased = () => database.db.selectFrom('uploads').select('lease_owner').where('upload_id', '=', id).executeTakeFirst();
    await expect.poll(async () => (await leased())?.lease_owner ?? null, { timeout: 10_000 }).not.toBeNull();
  } finally {
    await database.close();
  }
  await server.stop('SIGKILL');
  chunk.destroy();
}

/** Asks where the upload stands, sends the rest from there (first try), and closes it. */
async function resume(server: ServerProcess, location: string, repository: string): Promise<void> {
  const status = await request(server, location);
  expect([status.status, status.headers.get('range')]).toEqual([204, '0-99999']);
  const rest = await request(server, location, {
    method: 'PATCH',
    body: new Uint8Array(data.subarray(100_000)),
    headers: { 'content-range': `100000-${data.length - 1}` },
  });
  expect(rest.status).toBe(202);
  const put = await request(server, `${location}?digest=${digestOf(data)}`, { method: 'PUT' });
  expect(put.status).toBe(201);
  const blob = await request(server, `/v2/${repository}/blobs/${digestOf(data)}`);
  expect(Buffer.from(await blob.arrayBuffer()).equals(data)).toBe(true);
}

describe('an upload whose server was killed mid-chunk', () => {
  let server: ServerProcess;
  let dir: string;

  beforeAll(async () => {
    server = await startServer({ preparedDataVolume: inject('preparedDataVolume') });
    dir = server.dir;
  });

  afterAll(async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test('resumes on the restarted server at the offset it reports, on the first try', async () => {
    const location = await openWithFirstChunk(server, 'library/killed');
    await killMidChunk(server, location);
    server = await startServer({ dir });
    await resume(server, location, 'library/killed');
  });

  test('a session whose server was killed mid-chunk can be cancelled at once after the restart', async () => {
    const location = await openWithFirstChunk(server, 'library/cancelled');
    await killMidChunk(server, location);
    server = await startServer({ dir });
    expect((await request(server, location, { method: 'DELETE' })).status).toBe(204);
    expect((await request(server, location)).status).toBe(404);
  });

  test('the files of upload sessions go when their project or repository is deleted', async () => {
    const admin = ApiClient.basic(server, ADMIN.user, ADMIN.password);
    const uploads = () => readdir(path.join(server.dataVolume, 'registry', 'uploads'));
    expect((await admin.post('/projects', { project_name: 'doomed' })).status).toBe(201);
    const inProject = await openWithFirstChunk(server, 'doomed/app');
    const image = buildImage({ seed: 'held' });
    await new RegistryClient(server.url, ADMIN).pushImage('library/held', 'v1', [image.config, ...image.layers], image.manifest);
    const inRepository = await openWithFirstChunk(server, 'library/held');
    const idOf = (location: string) => location.split('?')[0]!.split('/').at(-1)!;
    expect(await uploads()).toEqual(expect.arrayContaining([idOf(inProject), idOf(inRepository)]));

    expect((await admin.delete('/projects/doomed')).status).toBe(200);
    expect(await uploads()).not.toContain(idOf(inProject));
    expect((await admin.delete('/projects/library/repositories/held')).status).toBe(200);
    expect(await uploads()).not.toContain(idOf(inRepository));
    expect((await request(server, inRepository)).status).toBe(404);
  });
});

describe.runIf(DIALECTS.includes('postgresql')).each(BLOB_STORES)('an upload whose process was killed, on PostgreSQL with a second process (%s store)', (store) => {
  let twins: TwinServers;
  let testDb: TestDatabase;
  let a: ServerProcess;
  let b: ServerProcess;

  beforeAll(async () => {
    twins = await startTwinServersOn(store, inject('preparedDataVolume'));
    ({ testDb, a, b } = twins);
  });

  afterAll(() => twins.stop());

  test('the other process takes the session over at once: the resume succeeds on the first try', async () => {
    const location = await openWithFirstChunk(a, 'library/taken');
    await killMidChunk(a, location, testDb.url);
    await resume(b, location, 'library/taken');
  });
});
