/**
 * Blob uploads over HTTP against a real server: chunked in order and out of order, monolithic,
 * cancelled, mounted across repositories, broken off by the client, Range reads, and a chunked
 * upload that outlives a restart of the server.
 */
import { randomBytes } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { insertMember } from '../core/members/member.repository.js';
import { ROLE } from '../core/members/roles.js';
import { createProject } from '../core/projects/project.service.js';
import { createLocalUser } from '../core/users/user.service.js';
import { blobOf, digestOf } from '../testing/oci-images.js';
import { ADMIN, errorCode, pullScope, pushScope, RegistryClient, serverDatabase } from '../testing/registry-client.js';
import { basic, startServer, type ServerProcess } from '../testing/server-process.js';

const ADMIN_BASIC = { authorization: basic(ADMIN.user, ADMIN.password) };

describe('blob uploads', () => {
  let server: ServerProcess;
  let firstDir: string;
  let admin: RegistryClient;
  const v2 = (p: string, init: RequestInit = {}) => fetch(`${server.url}/v2/${p}`, { ...init, headers: { ...ADMIN_BASIC, ...init.headers } });
  const uploadFiles = async () => readdir(path.join(server.dataVolume, 'registry', 'uploads')).catch(() => []);

  /** Opens a session; returns its path (the Location). */
  async function open(repository: string): Promise<string> {
    const res = await v2(`${repository}/blobs/uploads/`, { method: 'POST' });
    expect(res.status).toBe(202);
    expect(res.headers.get('docker-upload-uuid')).toMatch(/^[0-9a-f-]{36}$/);
    return res.headers.get('location')!;
  }
  const patch = (location: string, body: Buffer, range?: string) =>
    fetch(`${server.url}${location}`, {
      method: 'PATCH',
      body,
      headers: { ...ADMIN_BASIC, 'content-type': 'application/octet-stream', ...(range ? { 'content-range': range } : {}) },
    });

  beforeAll(async () => {
    server = await startServer({ preparedDataVolume: inject('preparedDataVolume') });
    firstDir = server.dir;
    admin = new RegistryClient(server.url, ADMIN);
    const database = serverDatabase(server);
    try {
      const carol = await createLocalUser(database.db, { username: 'carol', password: 'Passw0rdC' });
      await createProject(database.db, { name: 'secret', ownerId: 1 });
      const team = await createProject(database.db, { name: 'team', ownerId: 1 });
      await insertMember(database.db, { projectId: team.id, userId: carol.id, role: ROLE.developer });
    } finally {
      await database.close();
    }
  });

  afterAll(async () => {
    await server.stop();
    await server.cleanup();
    await rm(firstDir, { recursive: true, force: true });
  });

  test('chunks in order: 202 with Location and Range, status 204, PUT closes with 201; the blob reads back', async () => {
    const data = randomBytes(150_000);
    const location = await open('library/chunked');
    let res = await patch(location, data.subarray(0, 100_000), '0-99999');
    expect(res.status).toBe(202);
    expect(res.headers.get('range')).toBe('0-99999');
    const next = res.headers.get('location')!;
    res = await fetch(`${server.url}${next}`, { headers: ADMIN_BASIC });
    expect([res.status, res.headers.get('range'), res.headers.get('location')]).toEqual([204, '0-99999', next]);
    res = await patch(next, data.subarray(100_000), '100000-149999');
    expect(res.headers.get('range')).toBe('0-149999');
    res = await fetch(`${server.url}${next}?digest=${digestOf(data)}`, { method: 'PUT', headers: ADMIN_BASIC });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/v2/library/chunked/blobs/${digestOf(data)}`);
    expect(res.headers.get('docker-content-digest')).toBe(digestOf(data));
    const blob = await v2(`library/chunked/blobs/${digestOf(data)}`);
    expect(Buffer.from(await blob.arrayBuffer()).equals(data)).toBe(true);
    expect(await uploadFiles()).toEqual([]);
  });

  test('an out-of-order chunk gets 416, and so does a retried one; the status says where to go on', async () => {
    const location = await open('library/ooo');
    const early = await patch(location, Buffer.from('later bytes'), '10-20');
    expect([early.status, await errorCode(early)]).toEqual([416, 'BLOB_UPLOAD_INVALID']);
    expect((await patch(location, Buffer.from('0123456789'), '0-9')).status).toBe(202);
    expect((await patch(location, Buffer.from('0123456789'), '0-9')).status).toBe(416);
    const status = await fetch(`${server.url}${location}`, { headers: ADMIN_BASIC });
    expect([status.status, status.headers.get('range')]).toEqual([204, '0-9']);
    const last = Buffer.from('abc');
    const put = await fetch(`${server.url}${location}?digest=${digestOf(Buffer.from('0123456789abc'))}`, {
      method: 'PUT',
      body: last,
      headers: { ...ADMIN_BASIC, 'content-range': '10-12' },
    });
    expect(put.status).toBe(201);
  });

  test('monolithic pushes (POST ?digest=, and POST then PUT with the body); DELETE cancels a session', async () => {
    const one = blobOf('application/octet-stream', randomBytes(5000));
    expect((await admin.pushBlob('library/mono', one)).status).toBe(201);
    const two = randomBytes(7000);
    const location = await open('library/mono');
    const put = await fetch(`${server.url}${location}?digest=${digestOf(two)}`, { method: 'PUT', body: two, headers: ADMIN_BASIC });
    expect(put.status).toBe(201);
    const head = await v2(`library/mono/blobs/${one.digest}`, { method: 'HEAD' });
    expect([head.status, head.headers.get('content-length'), head.headers.get('docker-content-digest')]).toEqual([200, '5000', one.digest]);
    const empty = blobOf('application/octet-stream', Buffer.alloc(0));
    expect((await admin.pushBlob('library/mono', empty)).status).toBe(201);
    expect((await v2(`library/mono/blobs/${empty.digest}`, { method: 'HEAD' })).headers.get('content-length')).toBe('0');
    const cancelled = await open('library/mono');
    expect((await fetch(`${server.url}${cancelled}`, { method: 'DELETE', headers: ADMIN_BASIC })).status).toBe(204);
    const gone = await fetch(`${server.url}${cancelled}`, { headers: ADMIN_BASIC });
    expect([gone.status, await errorCode(gone)]).toEqual([404, 'BLOB_UPLOAD_UNKNOWN']);
  });

  test('two clients pushing the same blob at once both succeed, leaving one file', async () => {
    const blob = blobOf('application/octet-stream', randomBytes(400_000));
    const results = await Promise.all([admin.pushBlob('library/same', blob), admin.pushBlob('library/same2', blob)]);
    expect(results.map((r) => r.status)).toEqual([201, 201]);
    const dir = path.join(server.dataVolume, 'registry', 'blobs', 'sha256', blob.digest.slice(7, 9));
    expect((await readdir(dir)).filter((f) => f === blob.digest.slice(7))).toHaveLength(1);
  });

  test('Range reads: 206 with Content-Range for a span, an open end and a suffix; 416 beyond the end', async () => {
    const blob = blobOf('application/octet-stream', randomBytes(1000));
    await admin.pushBlob('library/range', blob);
    const read = (range: string) => v2(`library/range/blobs/${blob.digest}`, { headers: { range } });
    const span = await read('bytes=10-19');
    expect([span.status, span.headers.get('content-range'), span.headers.get('accept-ranges')]).toEqual([206, 'bytes 10-19/1000', 'bytes']);
    expect(Buffer.from(await span.arrayBuffer()).equals(blob.bytes.subarray(10, 20))).toBe(true);
    expect(Buffer.from(await (await read('bytes=990-')).arrayBuffer()).equals(blob.bytes.subarray(990))).toBe(true);
    expect(Buffer.from(await (await read('bytes=-5')).arrayBuffer()).equals(blob.bytes.subarray(995))).toBe(true);
    const beyond = await read('bytes=1000-1010');
    expect([beyond.status, beyond.headers.get('content-range')]).toEqual([416, 'bytes */1000']);
  });

  test('cross-repository mount: 201 when the caller may read the source, else a normal session (202)', async () => {
    const open1 = blobOf('application/octet-stream', randomBytes(3000));
    const hidden = blobOf('application/octet-stream', randomBytes(3000));
    await admin.pushBlob('library/src', open1);
    await admin.pushBlob('secret/src', hidden);
    const carol = new RegistryClient(server.url, { user: 'carol', password: 'Passw0rdC' });
    const mount = (digest: string, from: string) =>
      carol.fetch(`/v2/team/app/blobs/uploads/?mount=${digest}&from=${from}`, [pushScope('team/app'), pullScope(from)], { method: 'POST' });
    const allowed = await mount(open1.digest, 'library/src');
    expect([allowed.status, allowed.headers.get('location')]).toEqual([201, `/v2/team/app/blobs/${open1.digest}`]);
    const refused = await mount(hidden.digest, 'secret/src');
    expect(refused.status).toBe(202);
    expect(refused.headers.get('location')).toMatch(/^\/v2\/team\/app\/blobs\/uploads\/[0-9a-f-]{36}$/);
    const missing = await mount(digestOf(Buffer.from('nothing')), 'library/src');
    expect(missing.status).toBe(202);
    const read = (digest: string) => carol.fetch(`/v2/team/app/blobs/${digest}`, [pullScope('team/app')], { method: 'HEAD' });
    expect([(await read(open1.digest)).status, (await read(hidden.digest)).status]).toEqual([200, 404]);
  });

  test('cross-repository mount with a token that lacks pull on the source: 401 naming both scopes when the caller may read it, so a new token mounts (201)', async () => {
    const shared = blobOf('application/octet-stream', randomBytes(3000));
    const hidden = blobOf('application/octet-stream', randomBytes(3000));
    await admin.pushBlob('library/shared', shared);
    await admin.pushBlob('secret/hidden', hidden);
    const carol = new RegistryClient(server.url, { user: 'carol', password: 'Passw0rdC' });
    const mount = (digest: string, from: string, scopes: string[]) =>
      carol.fetch(`/v2/team/app/blobs/uploads/?mount=${digest}&from=${from}`, scopes, { method: 'POST' });

    const short = await mount(shared.digest, 'library/shared', [pushScope('team/app')]);
    expect(short.status).toBe(401);
    const challenge = short.headers.get('www-authenticate') ?? '';
    expect(challenge).toContain('scope="repository:team/app:pull,push repository:library/shared:pull"');
    expect(challenge).toContain('error="insufficient_scope"');
    expect(challenge).toMatch(/^Bearer realm="[^"]+\/service\/token",service="harbor-registry"/);
    // What a client does with that challenge: a token for every scope it names, then the same request.
    const scopes = /scope="([^"]+)"/.exec(challenge)![1]!.split(' ');
    const retried = await mount(shared.digest, 'library/shared', scopes);
    expect([retried.status, retried.headers.get('location')]).toEqual([201, `/v2/team/app/blobs/${shared.digest}`]);

    // A source the caller may not read at all: no challenge (a new token would not help), a plain upload.
    const refused = await mount(hidden.digest, 'secret/hidden', [pushScope('team/app')]);
    expect(refused.status).toBe(202);
    expect(refused.headers.get('location')).toMatch(/^\/v2\/team\/app\/blobs\/uploads\/[0-9a-f-]{36}$/);
  });

  test('a client that disconnects halfway through a blob: nothing becomes visible and the temporary file goes', async () => {
    const data = randomBytes(2 * 1024 * 1024);
    const digest = digestOf(data);
    const before = await uploadFiles();
    await new Promise<void>((resolve) => {
      const req = http.request(`${server.url}/v2/library/broken/blobs/uploads/?digest=${digest}`, {
        method: 'POST',
        headers: { ...ADMIN_BASIC, 'content-length': data.length },
      });
      req.on('error', () => resolve());
      req.write(data.subarray(0, data.length / 2), () => setTimeout(() => req.destroy(), 100));
    });
    for (let i = 0; i < 50 && (await uploadFiles()).length > before.length; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await uploadFiles()).toEqual(before);
    expect((await v2(`library/broken/blobs/${digest}`, { method: 'HEAD' })).status).toBe(404);
    expect(await readdir(path.join(server.dataVolume, 'registry', 'blobs', 'sha256', digest.slice(7, 9))).catch(() => [])).not.toContain(digest.slice(7));
  });

  test('a chunk broken off midway is not acknowledged: the session stays where it was and continues', async () => {
    const data = randomBytes(600_000);
    const location = await open('library/halfway');
    expect((await patch(location, data.subarray(0, 100_000), '0-99999')).status).toBe(202);
    await new Promise<void>((resolve) => {
      const req = http.request(`${server.url}${location}`, {
        method: 'PATCH',
        headers: { ...ADMIN_BASIC, 'content-length': 500_000, 'content-range': '100000-599999' },
      });
      req.on('error', () => resolve());
      req.write(data.subarray(100_000, 300_000), () => setTimeout(() => req.destroy(), 100));
    });
    const status = await fetch(`${server.url}${location}`, { headers: ADMIN_BASIC });
    expect(status.headers.get('range')).toBe('0-99999');
    // Until the server notices the broken connection, the session is still being appended to: busy (409).
    let retry = await patch(location, data.subarray(100_000), '100000-599999');
    for (let i = 0; i < 40 && retry.status === 409; i++) {
      await new Promise((r) => setTimeout(r, 50));
      retry = await patch(location, data.subarray(100_000), '100000-599999');
    }
    expect(retry.status).toBe(202);
    expect((await fetch(`${server.url}${location}?digest=${digestOf(data)}`, { method: 'PUT', headers: ADMIN_BASIC })).status).toBe(201);
  });

  test('a session cannot be cancelled or appended to while a chunk is being written to it (409, busy); once the chunk is in, it can', async () => {
    const data = randomBytes(300_000);
    const location = await open('library/busy');
    const chunk = http.request(`${server.url}${location}`, {
      method: 'PATCH',
      headers: { ...ADMIN_BASIC, 'content-length': data.length, 'content-range': `0-${data.length - 1}` },
    });
    const answered = new Promise<number>((resolve, reject) => {
      chunk.on('response', (res) => resolve(res.statusCode!)).on('error', reject);
    });
    await new Promise<void>((resolve) => chunk.write(data.subarray(0, 100_000), () => resolve()));
    // Wait until the server has taken the session's lease for the chunk.
    const database = serverDatabase(server);
    const id = location.split('?')[0]!.split('/').at(-1)!;
    const leased = () => database.db.selectFrom('uploads').select('lease_owner').where('upload_id', '=', id).executeTakeFirst();
    await expect.poll(async () => (await leased())?.lease_owner ?? null, { timeout: 5000 }).not.toBeNull();
    await database.close();
    let cancel = await fetch(`${server.url}${location}`, { method: 'DELETE', headers: ADMIN_BASIC });
    expect([cancel.status, await errorCode(cancel)]).toEqual([409, 'BLOB_UPLOAD_INVALID']);
    expect(Number(cancel.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another chunk from the same offset meanwhile: busy too, not an offset the client got wrong.
    const second = await fetch(`${server.url}${location}`, {
      method: 'PATCH',
      headers: { ...ADMIN_BASIC, 'content-range': `0-${data.length - 1}` },
      body: data,
    });
    const body = (await second.json()) as { errors: { code: string; message: string; detail: unknown }[] };
    expect([second.status, body.errors[0]]).toEqual([
      409,
      { code: 'BLOB_UPLOAD_INVALID', message: expect.stringMatching(/^the upload is busy: another request is still writing to it; retry in \d+ s$/), detail: { busy: true } },
    ]);
    chunk.end(data.subarray(100_000));
    expect(await answered).toBe(202);
    cancel = await fetch(`${server.url}${location}`, { method: 'DELETE', headers: ADMIN_BASIC });
    expect(cancel.status).toBe(204);
    expect((await fetch(`${server.url}${location}`, { headers: ADMIN_BASIC })).status).toBe(404);
  });

  test('DELETE unlinks a blob from one repository (202), which then answers BLOB_UNKNOWN; other repositories keep it', async () => {
    const blob = blobOf('application/octet-stream', randomBytes(2000));
    await admin.pushBlob('library/del-a', blob);
    await admin.pushBlob('library/del-b', blob);
    expect((await v2(`library/del-a/blobs/${blob.digest}`, { method: 'DELETE' })).status).toBe(202);
    const gone = await v2(`library/del-a/blobs/${blob.digest}`);
    expect([gone.status, await errorCode(gone)]).toEqual([404, 'BLOB_UNKNOWN']);
    expect((await v2(`library/del-a/blobs/${blob.digest}`, { method: 'DELETE' })).status).toBe(404);
    expect((await v2(`library/del-b/blobs/${blob.digest}`, { method: 'HEAD' })).status).toBe(200);
  });

  test('a chunked upload goes on after the server restarts on the same data', async () => {
    const data = randomBytes(300_000);
    const location = await open('library/restart');
    expect((await patch(location, data.subarray(0, 120_000), '0-119999')).status).toBe(202);
    expect(await server.stop()).toBe(0);
    server = await startServer({ dir: firstDir });
    const status = await fetch(`${server.url}${location}`, { headers: ADMIN_BASIC });
    expect([status.status, status.headers.get('range')]).toEqual([204, '0-119999']);
    expect((await patch(location, data.subarray(120_000), '120000-299999')).status).toBe(202);
    const put = await fetch(`${server.url}${location}?digest=${digestOf(data)}`, { method: 'PUT', headers: ADMIN_BASIC });
    expect(put.status).toBe(201);
    const blob = await v2(`library/restart/blobs/${digestOf(data)}`);
    expect(Buffer.from(await blob.arrayBuffer()).equals(data)).toBe(true);
  });
});
