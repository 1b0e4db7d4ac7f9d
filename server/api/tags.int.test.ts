/** An artifact's tags over HTTP against a real server: list, create, delete, with audit rows and registry caches kept right. */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { z } from 'zod';
import { ApiClient, auditRowsSince, createUser, errorOf, lastAuditId } from '../testing/api-client.js';
import { buildImage } from '../testing/oci-images.js';
import { ADMIN, RegistryClient } from '../testing/registry-client.js';
import { startServer, type ServerProcess } from '../testing/server-process.js';
import { Tag } from './contracts/artifacts.js';

type TagJson = z.output<typeof Tag>;

const one = buildImage({ seed: 'tags-one' });
const two = buildImage({ seed: 'tags-two' });

describe('tags', () => {
  let server: ServerProcess;
  let admin: ApiClient;
  let dora: ApiClient;
  let gus: ApiClient;
  let registry: RegistryClient;
  const base = '/projects/tagged/repositories/app/artifacts';
  const tagNames = async (reference: string, query = '') => {
    const res = await admin.get<TagJson[]>(`${base}/${reference}/tags${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.map((t) => t.name);
  };

  beforeAll(async () => {
    server = await startServer({ preparedDataVolume: inject('preparedDataVolume') });
    admin = ApiClient.basic(server, 'admin', 'Harbor12345');
    await createUser(admin, 'dora');
    await createUser(admin, 'gus');
    dora = ApiClient.basic(server, 'dora', 'Passw0rdX');
    gus = ApiClient.basic(server, 'gus', 'Passw0rdX');
    expect((await admin.post('/projects', { project_name: 'tagged' })).status).toBe(201);
    expect((await admin.post('/projects/tagged/members', { role_id: 2, member_user: { username: 'dora' } })).status).toBe(201);
    expect((await admin.post('/projects/tagged/members', { role_id: 3, member_user: { username: 'gus' } })).status).toBe(201);
    registry = new RegistryClient(server.url, ADMIN);
    await registry.pushImage('tagged/app', 'one', [one.config, ...one.layers], one.manifest);
    await registry.pushImage('tagged/app', 'two', [two.config, ...two.layers], two.manifest);
  });

  afterAll(async () => {
    await server.stop();
    await server.cleanup();
  });

  test('create: 201, audited, pullable at once; the tag grammar and the repository\'s existing tags are enforced', async () => {
    const before = lastAuditId(server);
    // Pulled (and cached as unknown would be a bug) before it exists.
    expect(await registry.manifestStatus('tagged/app', 'stable')).toBe(404);
    const res = await dora.post(`${base}/one/tags`, { name: 'stable' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.headers.get('location')).toBe(`/api/v2.0${base}/one/tags/stable`);
    expect(await registry.manifestStatus('tagged/app', 'stable')).toBe(200);
    expect(auditRowsSince(server, before).filter((r) => r.operation === 'create').map((r) => [r.resource_type, r.resource, r.username])).toEqual([
      ['tag', 'tagged/app:stable', 'dora'],
    ]);

    const taken = await admin.post(`${base}/one/tags`, { name: 'two' });
    expect(taken.status).toBe(409);
    expect(errorOf(taken)).toEqual({ code: 'CONFLICT', message: 'The tag two already exists in tagged/app.' });
    expect((await admin.post(`${base}/two/tags`, { name: 'stable' })).status).toBe(409);
    for (const name of ['-dash', 'a'.repeat(129), 'with space', 'a:b']) {
      const bad = await admin.post(`${base}/one/tags`, { name });
      expect(bad.status, name).toBe(400);
      expect(errorOf(bad)!.message).toMatch(/^name /);
    }
    // NewTag is the one body model here whose swagger requires a property: Harbor's 422.
    expect(errorOf(await admin.post(`${base}/one/tags`, {}))).toEqual({ code: 'UNPROCESSABLE_ENTITY', message: 'name is required.', field: 'name' });
    expect(errorOf(await admin.post(`${base}/one/tags`, { name: 7 }))).toEqual({ code: 'BAD_REQUEST', message: 'name must be a string.', field: 'name' });
    expect((await gus.post(`${base}/one/tags`, { name: 'guest' })).status).toBe(403);
    expect((await ApiClient.anonymous(server).post(`${base}/one/tags`, { name: 'anon' })).status).toBe(401);
    expect((await admin.post(`${base}/missing/tags`, { name: 'x' })).status).toBe(404);
  });

  test('list: an artifact\'s tags, paged, filtered and sorted', async () => {
    for (const name of ['b', 'c', 'a']) expect((await admin.post(`${base}/two/tags`, { name: `t-${name}` })).status).toBe(201);
    expect(await tagNames('two')).toEqual(['t-a', 't-c', 't-b', 'two']);
    expect(await tagNames('two', '?sort=name')).toEqual(['t-a', 't-b', 't-c', 'two']);
    expect(await tagNames('two', '?q=name%3D~t-&sort=-name&page_size=2&page=1')).toEqual(['t-c', 't-b']);
    const page = await gus.get<TagJson[]>(`${base}/two/tags?page=2&page_size=3&sort=name`);
    expect(page.headers.get('x-total-count')).toBe('4');
    expect(page.body).toEqual([expect.objectContaining({ name: 'two', immutable: false, pull_time: '0001-01-01T00:00:00.000Z' })]);
    // A sort key the list lacks is ignored, as Harbor ignores it: the default order stays.
    expect(await tagNames('two', '?sort=size')).toEqual(['t-a', 't-c', 't-b', 'two']);
  });

  test('delete: maintainers and up only, the tag must be on that artifact; audited and unpullable at once', async () => {
    expect(await registry.manifestStatus('tagged/app', 'stable')).toBe(200);
    expect((await dora.delete(`${base}/one/tags/stable`)).status).toBe(403);
    expect(errorOf(await admin.delete(`${base}/two/tags/stable`))).toEqual({
      code: 'NOT_FOUND',
      message: `tag stable of tagged/app@${two.manifest.digest} not found`,
    });
    const before = lastAuditId(server);
    expect((await admin.delete(`${base}/one/tags/stable`)).status).toBe(200);
    expect(await registry.manifestStatus('tagged/app', 'stable')).toBe(404);
    expect(await registry.manifestStatus('tagged/app', one.manifest.digest)).toBe(200);
    expect(auditRowsSince(server, before).filter((r) => r.operation === 'delete').map((r) => [r.resource_type, r.resource])).toEqual([
      ['tag', 'tagged/app:stable'],
    ]);
    expect(await tagNames('one')).toEqual(['one']);
  });
});
