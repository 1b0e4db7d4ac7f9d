/**
 * Repositories over HTTP against a real server, and the registry as phase 1's projects, search
 * and statistics see it: repository counts, storage (each blob once), the refusal to delete a
 * project that holds repositories.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { z } from 'zod';
import { ApiClient, auditRowsSince, createUser, errorOf, lastAuditId } from '../testing/api-client.js';
import { buildImage, type Image } from '../testing/oci-images.js';
import { ADMIN, RegistryClient } from '../testing/registry-client.js';
import { startServer, type ServerProcess } from '../testing/server-process.js';
import type { Project, ProjectSummary } from './contracts/projects.js';
import { Repository } from './contracts/repositories.js';
import type { SearchResult, Statistic } from './contracts/search.js';

type RepositoryJson = z.output<typeof Repository>;

const shared = buildImage({ seed: 'repo-shared', layers: 2, layerBytes: 5000 });
const other = buildImage({ seed: 'repo-other' });
const bytesOf = (image: Image) => image.manifest.size + image.config.size + image.layers.reduce((sum, l) => sum + l.size, 0);

describe('repositories', () => {
  let server: ServerProcess;
  let admin: ApiClient;
  let mia: ApiClient;
  let dev: ApiClient;
  let anonymous: ApiClient;
  let registry: RegistryClient;
  const push = (repository: string, tag: string, image: Image) => registry.pushImage(repository, tag, [image.config, ...image.layers], image.manifest);
  const names = (res: { body: unknown }) => (res.body as RepositoryJson[]).map((r) => r.name);

  beforeAll(async () => {
    server = await startServer({ preparedDataVolume: inject('preparedDataVolume') });
    admin = ApiClient.basic(server, 'admin', 'Harbor12345');
    anonymous = ApiClient.anonymous(server);
    await createUser(admin, 'mia');
    await createUser(admin, 'dev');
    mia = ApiClient.basic(server, 'mia', 'Passw0rdX');
    dev = ApiClient.basic(server, 'dev', 'Passw0rdX');
    expect((await mia.post('/projects', { project_name: 'shop' })).status).toBe(201);
    expect((await mia.post('/projects/shop/members', { role_id: 2, member_user: { username: 'dev' } })).status).toBe(201);
    registry = new RegistryClient(server.url, ADMIN);
    await push('shop/web', 'v1', shared);
    await push('shop/api/v2', 'v1', shared);
    await push('shop/api/v2', 'v2', other);
    await push('library/hello', 'latest', other);
  });

  afterAll(async () => {
    await server.stop();
    await server.cleanup();
  });

  test('list a project\'s repositories: counts, q on name, sort, paging; list across projects by what the caller may see', async () => {
    const res = await dev.get<RepositoryJson[]>('/projects/shop/repositories');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-total-count')).toBe('2');
    expect(res.body.map((r) => Repository.parse(r))).toEqual([
      expect.objectContaining({ name: 'shop/api/v2', artifact_count: 2, pull_count: 0, description: '' }),
      expect.objectContaining({ name: 'shop/web', artifact_count: 1 }),
    ]);
    expect(names(await dev.get('/projects/shop/repositories?sort=name'))).toEqual(['shop/api/v2', 'shop/web']);
    expect(names(await dev.get('/projects/shop/repositories?q=name%3D~WEB'))).toEqual(['shop/web']);
    expect(names(await dev.get('/projects/shop/repositories?sort=-name&page=2&page_size=1'))).toEqual(['shop/api/v2']);
    // Harbor's other columns: description and artifact_count in q; keys a list lacks are ignored.
    expect(names(await dev.get('/projects/shop/repositories?q=name%3D~shop&sort=description'))).toEqual(['shop/api/v2', 'shop/web']);
    expect(names(await dev.get('/projects/shop/repositories?q=artifact_count%3D2'))).toEqual(['shop/api/v2']);
    expect(names(await dev.get(`/projects/shop/repositories?q=${encodeURIComponent('artifact_count=[~1]')}`))).toEqual(['shop/web']);
    expect(names(await dev.get('/projects/shop/repositories?q=description%3D~no-such-text'))).toEqual([]);
    expect(names(await dev.get('/projects/shop/repositories?q=star_count%3D0&sort=name'))).toEqual(['shop/api/v2', 'shop/web']);
    expect((await anonymous.get('/projects/shop/repositories')).status).toBe(401);
    expect((await admin.get('/projects/none/repositories')).status).toBe(404);

    expect(names(await admin.get('/repositories?sort=name'))).toEqual(['library/hello', 'shop/api/v2', 'shop/web']);
    expect(names(await dev.get('/repositories?sort=name'))).toEqual(['library/hello', 'shop/api/v2', 'shop/web']);
    expect(names(await anonymous.get('/repositories'))).toEqual(['library/hello']);
  });

  test('get (names with slashes double- or single-encoded), pull counts, and anyone may open a public project\'s repository', async () => {
    expect(await registry.manifestStatus('shop/api/v2', 'v1')).toBe(200);
    await expect.poll(async () => (await dev.get<RepositoryJson>('/projects/shop/repositories/api%252Fv2')).body.pull_count, { timeout: 5000 }).toBe(1);
    expect((await dev.get<RepositoryJson>('/projects/shop/repositories/api%2Fv2')).body).toMatchObject({ name: 'shop/api/v2', artifact_count: 2 });
    expect((await anonymous.get<RepositoryJson>('/projects/library/repositories/hello')).body).toMatchObject({ name: 'library/hello' });
    expect(errorOf(await dev.get('/projects/shop/repositories/nope'))).toEqual({ code: 'NOT_FOUND', message: 'repository shop/nope not found' });
    expect(errorOf(await dev.get('/projects/shop/repositories/Bad_Name'))!.message).toMatch(/^repository_name Bad_Name is not a repository name/);
    expect((await dev.get('/projects/shop/repositories/a%25zz')).status).toBe(400);
  });

  test('update: only the description changes, audited; guests and outsiders may not', async () => {
    const before = lastAuditId(server);
    expect((await dev.put('/projects/shop/repositories/web', { description: 'The shop front', name: 'ignored' })).status).toBe(200);
    expect((await dev.get<RepositoryJson>('/projects/shop/repositories/web')).body).toMatchObject({ name: 'shop/web', description: 'The shop front' });
    expect(names(await dev.get('/projects/shop/repositories?q=description%3D~FRONT'))).toEqual(['shop/web']);
    expect(names(await dev.get(`/projects/shop/repositories?q=${encodeURIComponent('description="The shop front"')}`))).toEqual(['shop/web']);
    expect(auditRowsSince(server, before)).toMatchObject([{ operation: 'update', resource_type: 'repository', resource: 'shop/web', username: 'dev' }]);
    expect(errorOf(await dev.put('/projects/shop/repositories/web', { description: 7 }))!.message).toBe('description must be a string.');
    expect((await ApiClient.basic(server, 'admin', 'Harbor12345').put('/projects/library/repositories/hello', {})).status).toBe(400);
    expect((await anonymous.put('/projects/library/repositories/hello', { description: 'x' })).status).toBe(401);
  });

  test('projects see their repositories: repo_count, storage with each blob once, search, statistics', async () => {
    const shop = (await mia.get<z.output<typeof Project>>('/projects/shop')).body;
    expect(shop.repo_count).toBe(2);
    const listed = (await mia.get<z.output<typeof Project>[]>('/projects?name=shop')).body;
    expect(listed.map((p) => [p.name, p.repo_count])).toEqual([['shop', 2]]);
    const summary = (await mia.get<z.output<typeof ProjectSummary>>('/projects/shop/summary')).body;
    // shop/web and shop/api/v2 share the blobs of `shared`; each repository holds its manifest.
    expect(summary).toMatchObject({ repo_count: 2, quota: { used: { storage: bytesOf(shared) + shared.manifest.size + bytesOf(other) } } });

    const found = (await dev.get<z.output<typeof SearchResult>>('/search?q=v2')).body;
    expect(found.repository).toEqual([
      { project_id: shop.project_id, project_name: 'shop', project_public: false, repository_name: 'shop/api/v2', pull_count: 1, artifact_count: 2 },
    ]);
    expect((await ApiClient.basic(server, 'admin', 'Harbor12345').get<z.output<typeof SearchResult>>('/search?q=e')).body.repository.map((r) => r.repository_name)).toEqual([
      'shop/web',
      'library/hello',
    ]);
    expect((await anonymous.get<z.output<typeof SearchResult>>('/search?q=e')).body.repository.map((r) => r.repository_name)).toEqual(['library/hello']);

    const stats = (await admin.get<z.output<typeof Statistic>>('/statistics')).body;
    // `other` is in shop and in library: its blobs are stored once.
    const total = bytesOf(shared) + shared.manifest.size + bytesOf(other) + other.manifest.size;
    expect(stats).toMatchObject({ total_repo_count: 3, public_repo_count: 1, private_repo_count: 2, total_storage_consumption: total });
    expect((await dev.get('/statistics')).body).toMatchObject({ private_repo_count: 2, public_repo_count: 1, total_repo_count: 0 });
  });

  test('delete: 412 for a project still holding repositories; the repository, its artifacts and tags go, audited, unpullable at once', async () => {
    const refused = await mia.delete('/projects/shop');
    expect(refused.status).toBe(412);
    expect(errorOf(refused)).toEqual({ code: 'PRECONDITION', message: 'The project shop holds 2 repositories with artifacts; delete them before the project.' });
    expect((await dev.delete('/projects/shop/repositories/web')).status).toBe(403);

    // Cached by the pull: the deletion must drop it, not wait for the cache to expire.
    expect(await registry.manifestStatus('shop/web', 'v1')).toBe(200);
    const before = lastAuditId(server);
    for (const name of ['web', 'api%252Fv2']) expect((await mia.delete(`/projects/shop/repositories/${name}`)).status).toBe(200);
    expect(await registry.manifestStatus('shop/web', 'v1')).toBe(404);
    expect(await registry.manifestStatus('shop/web', shared.manifest.digest)).toBe(404);
    const blob = await registry.fetch(`/v2/shop/web/blobs/${shared.layers[0]!.digest}`, ['repository:shop/web:pull'], { method: 'HEAD' });
    expect(blob.status).toBe(404);
    // One row per artifact that went with its repository, then the repository's own.
    expect(auditRowsSince(server, before).map((r) => [r.operation, r.resource_type, r.resource, r.username])).toEqual([
      ['delete', 'artifact', `shop/web@${shared.manifest.digest}`, 'mia'],
      ['delete', 'repository', 'shop/web', 'mia'],
      ['delete', 'artifact', `shop/api/v2@${shared.manifest.digest}`, 'mia'],
      ['delete', 'artifact', `shop/api/v2@${other.manifest.digest}`, 'mia'],
      ['delete', 'repository', 'shop/api/v2', 'mia'],
    ]);
    expect((await mia.delete('/projects/shop/repositories/web')).status).toBe(404);
    expect((await mia.get<z.output<typeof ProjectSummary>>('/projects/shop/summary')).body).toMatchObject({ repo_count: 0, quota: { used: { storage: 0 } } });

    // A push that sent its layers but never its manifest leaves an empty repository: it does not
    // hold the project back, and goes with it.
    expect((await registry.pushBlob('shop/broken', other.layers[0]!)).status).toBe(201);
    expect((await mia.get<z.output<typeof ProjectSummary>>('/projects/shop/summary')).body).toMatchObject({ repo_count: 1 });
    expect((await mia.get('/projects/shop/_deletable')).body).toEqual({ deletable: true });
    expect((await mia.delete('/projects/shop')).status).toBe(200);
    expect((await admin.get('/repositories?q=name=~broken')).body).toEqual([]);
  });
});
