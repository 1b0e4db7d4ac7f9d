/**
 * The API on PostgreSQL, end to end: the other API tests run their servers on SQLite, and the
 * data tests cover both dialects query by query; this walks the paths whose SQL only the API
 * composes (joins, transfers, cascades) on PostgreSQL once.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { ApiClient, createUser, type ApiResponse } from '../testing/api-client.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../testing/dialects.js';
import { blobOf, buildArtifact, buildImage, buildIndex } from '../testing/oci-images.js';
import { ADMIN, RegistryClient } from '../testing/registry-client.js';
import { startServer, type ServerProcess } from '../testing/server-process.js';

describe.runIf(DIALECTS.includes('postgresql'))('the API on PostgreSQL', () => {
  let server: ServerProcess;
  let testDb: TestDatabase;

  beforeAll(async () => {
    testDb = await createTestDatabase('postgresql');
    // The only trusted proxy is elsewhere: X-Forwarded-For from this test's loopback is not believed.
    const env = { BERTH_DATABASE_URL: testDb.url!, BERTH_HTTP_TRUSTED_PROXIES: '203.0.113.7' };
    server = await startServer({ preparedDataVolume: inject('preparedDataVolume'), env });
  });

  afterAll(async () => {
    await server.stop();
    await server.cleanup();
    await testDb.drop();
  });

  const ok = async <T>(pending: Promise<ApiResponse>, status = 200): Promise<T> => {
    const res = await pending;
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    return res.body as T;
  };
  const names = (list: { name?: string; username?: string; entity_name?: string }[]) => list.map((x) => x.name ?? x.username ?? x.entity_name);

  test('projects, members, users, audit, search, statistics, sign-in limits and deletions', async () => {
    const admin = await ApiClient.session(server, 'admin', 'Harbor12345');
    const bobId = await createUser(admin, 'Bob');
    await createUser(admin, 'carl');
    const bob = await ApiClient.session(server, 'Bob', 'Passw0rdX');

    await ok(bob.post('/projects', { project_name: 'pg-one', metadata: { public: 'true' } }), 201);
    await ok(bob.post('/projects', { project_name: 'pg-two', cve_allowlist: { items: [{ cve_id: 'CVE-2021-44228' }], expires_at: 1_900_000_000 } }), 201);
    expect(await ok(bob.get('/projects/pg-two'))).toMatchObject({ cve_allowlist: { items: [{ cve_id: 'CVE-2021-44228' }], expires_at: 1_900_000_000 } });
    expect(names(await ok(admin.get('/users?page=0&page_size=0&q=username%3DBob')))).toEqual(['Bob']);
    await ok(bob.post('/projects/pg-two/members', { role_id: 3, member_user: { username: 'carl' } }), 201);
    expect(names(await ok(bob.get('/projects/pg-two/members?entityname=CAR&sort=-role_id')))).toEqual(['carl']);
    expect(names(await ok(admin.get('/users?username=bo&sort=-creation_time')))).toEqual(['Bob']);
    expect(names(await ok(bob.get('/projects?q=name%3D~PG-&sort=-update_time')))).toEqual(['pg-two', 'pg-one']);

    await ok(bob.put(`/users/${bobId}`, { realname: 'Bobby', email: 'bob@new.example.com' }));
    expect(await ok(bob.get('/projects/pg-two/summary'))).toMatchObject({ project_admin_count: 1, guest_count: 1 });
    expect(await ok<unknown[]>(bob.get('/auditlog-exts?q=operation=create'))).toHaveLength(3);
    expect((await ok<{ project: unknown[] }>(bob.get('/search?q=PG'))).project).toHaveLength(2);
    expect(await ok(bob.get('/statistics'))).toMatchObject({ private_project_count: 1, public_project_count: 2 });

    await ok(bob.put(`/users/${bobId}/password`, { old_password: 'Passw0rdX', new_password: 'Passw0rdQ' }));
    // A client that is not a trusted proxy cannot pick the address its failures count against.
    for (let i = 0; i < 5; i++) {
      expect((await ApiClient.anonymous(server).login('carl', 'bad', { 'x-forwarded-for': i % 2 ? '10.1.1.1' : 'x'.repeat(100) })).status).toBe(401);
    }
    expect((await ApiClient.anonymous(server).login('carl', 'Passw0rdX')).status).toBe(429);
    const handle = testDb.open();
    try {
      const rows = await handle.db.selectFrom('audit_logs').select('client_ip').where('username', '=', 'carl').where('operation_result', '=', 0).execute();
      expect(rows.map((r) => r.client_ip?.replace(/^::ffff:/, ''))).toEqual(Array(5).fill('127.0.0.1'));
    } finally {
      await handle.close();
    }
    // PostgreSQL refuses NUL in text: a client sending one gets a 400 or a failed sign-in, never a 500.
    expect((await bob.post('/projects', { project_name: 'nul\u0000' })).status).toBe(400);
    expect((await ApiClient.basic(server, 'x\u0000y', 'z').get('/users/current')).status).toBe(401);

    // Ids past PostgreSQL's 32-bit columns: a project name-or-id names no project (404); an id
    // field says its range (422 in a path, 400 in q or a body); a permission scope grants nothing. Never a 500.
    const huge = 3_000_000_000;
    expect((await admin.get(`/projects/${huge}`)).status).toBe(404);
    expect((await ApiClient.anonymous(server).get(`/projects/${huge}`)).status).toBe(404);
    expect((await admin.get(`/users/${huge}`)).body).toEqual({ errors: [{ code: 'UNPROCESSABLE_ENTITY', message: 'user_id must be at most 2147483647.', field: 'user_id' }] });
    for (const [path, status] of [[`/projects/pg-two/members/${huge}`, 422], [`/projects?q=project_id=${huge}`, 400], [`/audit-logs?q=id=[1~${huge}]`, 400]] as const) {
      expect((await admin.get(path)).status, path).toBe(status);
    }
    expect(await ok(admin.get(`/users/current/permissions?scope=/project/${huge}`))).toEqual([]);
    expect((await admin.post('/projects/pg-two/members', { role_id: 2, member_user: { user_id: huge } })).status).toBe(400);
    expect((await admin.delete(`/users/${huge}`)).status).toBe(422);

    await ok(admin.delete(`/users/${bobId}`));
    expect(names(await ok(admin.get('/projects?owner=admin')))).toEqual(['library', 'pg-one', 'pg-two']);
    await ok(admin.delete('/projects/pg-two'));
    expect(await ok<unknown[]>(admin.get('/auditlog-exts?q=resource_type=project,operation=delete'))).toHaveLength(1);
    // A quota past 32 bits, stored as given.
    await ok(admin.post('/projects', { project_name: 'pg-capped', storage_limit: 5_000_000_000 }), 201);
    expect(await ok(admin.get('/projects/pg-capped/summary'))).toMatchObject({ quota: { hard: { storage: 5_000_000_000 } } });
  });

  test('repositories, artifacts, tags, copies and their deletion', async () => {
    const admin = ApiClient.basic(server, 'admin', 'Harbor12345');
    const registry = new RegistryClient(server.url, ADMIN);
    const image = buildImage({ seed: 'pg-image' });
    const [amd64, arm64] = [buildImage({ seed: 'pg-amd64' }), buildImage({ seed: 'pg-arm64', architecture: 'arm64' })];
    const index = buildIndex([amd64, arm64]);
    const note = buildArtifact({ artifactType: 'application/vnd.berth.note', payload: blobOf('text/plain', 'n'), subject: image.manifest });
    await registry.pushImage('library/pg/app', 'v1', [image.config, ...image.layers], image.manifest);
    await registry.pushImage('library/pg/app', note.manifest.digest, note.blobs, note.manifest);
    await registry.pushIndex('library/pg/app', 'multi', [amd64, arm64], index);
    expect(await registry.manifestStatus('library/pg/app', 'v1')).toBe(200);
    const base = '/projects/library/repositories/pg%252Fapp/artifacts';
    const digests = (list: { digest: string }[]) => list.map((a) => a.digest);

    expect(digests(await ok(admin.get(base)))).toEqual([index.digest, image.manifest.digest]);
    await expect.poll(async () => digests(await ok(admin.get(`${base}?sort=-pull_time`))), { timeout: 5000 }).toEqual([image.manifest.digest, index.digest]);
    expect(digests(await ok(admin.get(`${base}?sort=pull_time&q=tags%3D~ULT`)))).toEqual([index.digest]);
    // Harbor's artifact columns, and a repository's artifact_count, in q and sort.
    expect(digests(await ok(admin.get(`${base}?q=repository_name%3Dlibrary/pg/app,nonsense%3D1&sort=-size`)))).toHaveLength(2);
    expect(digests(await ok(admin.get(`${base}?q=manifest_media_type%3D~index&sort=digest`)))).toEqual([index.digest]);
    expect(names(await ok(admin.get('/projects/library/repositories?q=artifact_count%3D%5B2~%5D')))).toEqual(['library/pg/app']);
    expect(await ok(admin.get(`${base}/v1?with_accessory=true`))).toMatchObject({ accessory_count: 1, accessories: [{ digest: note.manifest.digest }] });
    await ok(admin.post(`${base}/v1/tags`, { name: 'stable' }), 201);
    expect((await admin.post(`${base}/multi/tags`, { name: 'stable' })).status).toBe(409);
    expect(names(await ok(admin.get(`${base}/v1/tags?sort=-name`)))).toEqual(['v1', 'stable']);
    await ok(admin.delete(`${base}/v1/tags/stable`));

    await ok(admin.post('/projects/library/repositories/copy/artifacts?from=library/pg/app:multi'), 201);
    expect(await ok(admin.get('/projects/library/repositories/copy/artifacts/multi'))).toMatchObject({ references: [{}, {}] });
    expect(await ok(admin.get('/projects/library/summary'))).toMatchObject({ repo_count: 2, quota: { used: { storage: expect.any(Number) } } });
    expect(names(await ok(admin.get('/repositories?sort=-name')))).toEqual(['library/pg/app', 'library/copy']);
    await ok(admin.delete('/projects/library/repositories/copy'));
    await ok(admin.delete('/projects/library/repositories/pg%2Fapp'));
    expect(await registry.manifestStatus('library/pg/app', 'v1')).toBe(404);
    expect(await ok(admin.get('/projects/library/summary'))).toMatchObject({ repo_count: 0, quota: { used: { storage: 0 } } });
    // The blobs stay in the store until garbage collection, and count in the total until then.
    expect(await ok(admin.get('/statistics'))).toMatchObject({ total_repo_count: 0, total_storage_consumption: expect.any(Number) });

    // Deleting a project: a repository with an artifact holds it back; an empty one goes with it.
    await ok(admin.post('/projects', { project_name: 'pg-gone' }), 201);
    expect((await registry.pushBlob('pg-gone/partial', image.layers[0]!)).status).toBe(201);
    await registry.pushImage('pg-gone/app', 'v1', [image.config, ...image.layers], image.manifest);
    expect(await ok(admin.get('/projects/pg-gone/_deletable'))).toMatchObject({ deletable: false, message: expect.stringContaining('a repository with artifacts') });
    await ok(admin.delete('/projects/pg-gone/repositories/app'));
    await ok(admin.delete('/projects/pg-gone'));
    expect(await ok(admin.get('/repositories?q=name%3D~pg-gone'))).toEqual([]);
  });
});
