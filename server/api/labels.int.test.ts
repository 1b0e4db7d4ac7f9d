/**
 * Labels against a real server (Harbor's `label` tag): global labels for system admins, a
 * project's for its maintainers, labels on artifacts (with_label, q=labels=(...)), and the
 * checks Harbor makes (scope, project, duplicates); then /projects/{p}/metadatas and
 * /system/CVEAllowlist with Harbor's shapes.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { ApiClient, createUser, errorOf } from '../testing/api-client.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../testing/dialects.js';
import { buildImage, imageBlobs } from '../testing/oci-images.js';
import { ADMIN, RegistryClient } from '../testing/registry-client.js';
import { startServer, type ServerProcess } from '../testing/server-process.js';
import { Label } from './contracts/labels.js';
import { CveAllowlist } from './contracts/projects.js';

const v1 = buildImage({ seed: 'labels-v1' });
const v2 = buildImage({ seed: 'labels-v2' });

interface ArtifactJson {
  digest: string;
  labels: { id: number; name: string }[];
}

describe.each(DIALECTS)('labels on %s', (dialect) => {
  let server: ServerProcess;
  let testDb: TestDatabase;
  let admin: ApiClient;
  let mia: ApiClient;
  let dev: ApiClient;
  let projectId: number;

  const idOf = (res: { headers: Headers }) => Number(res.headers.get('location')!.split('/').at(-1));
  const artifacts = (q = '') =>
    admin.get<ArtifactJson[]>(`/projects/shop/repositories/app/artifacts?with_label=true${q ? `&q=${encodeURIComponent(q)}` : ''}`);

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    server = await startServer({ preparedDataVolume: inject('preparedDataVolume'), config: testDb.url ? { database: { url: testDb.url } } : {} });
    admin = ApiClient.basic(server, 'admin', 'Harbor12345');
    await createUser(admin, 'mia');
    await createUser(admin, 'dev');
    mia = ApiClient.basic(server, 'mia', 'Passw0rdX');
    dev = ApiClient.basic(server, 'dev', 'Passw0rdX');
    expect((await admin.post('/projects', { project_name: 'shop' })).status).toBe(201);
    expect((await admin.post('/projects', { project_name: 'other' })).status).toBe(201);
    projectId = (await admin.get<{ project_id: number }>('/projects/shop')).body.project_id;
    expect((await admin.post('/projects/shop/members', { role_id: 4, member_user: { username: 'mia' } })).status).toBe(201);
    expect((await admin.post('/projects/shop/members', { role_id: 2, member_user: { username: 'dev' } })).status).toBe(201);
    const registry = new RegistryClient(server.url, ADMIN);
    await registry.pushImage('shop/app', 'v1', imageBlobs(v1).slice(0, -1), v1.manifest);
    await registry.pushImage('shop/app', 'v2', imageBlobs(v2).slice(0, -1), v2.manifest);
  });

  afterAll(async () => {
    await server.stop();
    await server.cleanup();
    await testDb.drop();
  });

  test('global labels are made by system admins; project labels by the project\'s maintainers; Harbor\'s shape and checks', async () => {
    const made = await admin.post('/labels', { name: 'prod', description: 'In production', color: '#2f6fdf', scope: 'g' });
    expect(made.status).toBe(201);
    expect(made.headers.get('location')).toMatch(/^\/api\/v2\.0\/labels\/\d+$/);
    const prod = Label.parse((await mia.get(`/labels/${idOf(made)}`)).body);
    expect(prod).toMatchObject({ name: 'prod', description: 'In production', color: '#2f6fdf', scope: 'g', project_id: 0 });

    expect((await mia.post('/labels', { name: 'nope', scope: 'g' })).status).toBe(403);
    expect((await dev.post('/labels', { name: 'nope', scope: 'p', project_id: projectId })).status).toBe(403);
    const team = await mia.post('/labels', { name: 'team-a', color: '#0a0', scope: 'p', project_id: projectId });
    expect(team.status).toBe(201);
    expect((await mia.post('/labels', { name: 'prod', scope: 'p', project_id: projectId })).status).toBe(201);

    const duplicate = await admin.post('/labels', { name: 'prod', scope: 'g' });
    expect(duplicate.status).toBe(409);
    expect(errorOf(duplicate)?.message).toBe('A global label named prod already exists.');
    expect(errorOf(await admin.post('/labels', { name: '', scope: 'g' }))).toMatchObject({ code: 'BAD_REQUEST', field: 'name' });
    expect(errorOf(await admin.post('/labels', { name: 'x', scope: 'q' }))?.field).toBe('scope');
    expect(errorOf(await admin.post('/labels', { name: 'x', scope: 'p' }))?.field).toBe('project_id');
    expect(errorOf(await admin.post('/labels', { name: 'x', scope: 'g', color: 'red;}' }))?.field).toBe('color');

    const globals = await dev.get<unknown[]>('/labels?scope=g');
    expect(globals.status).toBe(200);
    expect(globals.headers.get('x-total-count')).toBe('1');
    const own = await dev.get<{ name: string }[]>(`/labels?scope=p&project_id=${projectId}&name=team`);
    expect(own.body.map((l) => l.name)).toEqual(['team-a']);
    expect((await dev.get('/labels?scope=p')).status).toBe(400);
    expect((await ApiClient.anonymous(server).get(`/labels?scope=p&project_id=${projectId}`)).status).toBe(401);

    expect((await mia.put(`/labels/${idOf(team)}`, { name: 'team-b', description: 'B', color: '#00f' })).status).toBe(200);
    expect((await dev.get(`/labels/${idOf(team)}`)).body).toMatchObject({ name: 'team-b', description: 'B', color: '#00f', scope: 'p', project_id: projectId });
    expect((await mia.put(`/labels/${idOf(made)}`, { name: 'production' })).status).toBe(403);
    expect((await admin.get('/labels/999999')).status).toBe(404);
  });

  test('labels go on and off artifacts, show with with_label, and q=labels=(a b) lists the artifacts carrying all', async () => {
    const labels = (await admin.get<{ id: number; name: string }[]>('/labels?scope=g')).body;
    const prod = labels.find((l) => l.name === 'prod')!;
    const team = (await admin.get<{ id: number }[]>(`/labels?scope=p&project_id=${projectId}&name=team`)).body[0]!;
    const other = await admin.post('/labels', { name: 'elsewhere', scope: 'p', project_id: (await admin.get<{ project_id: number }>('/projects/other')).body.project_id });

    expect((await dev.post('/projects/shop/repositories/app/artifacts/v1/labels', { id: prod.id })).status).toBe(200);
    expect((await dev.post('/projects/shop/repositories/app/artifacts/v1/labels', { id: team.id })).status).toBe(200);
    expect((await dev.post(`/projects/shop/repositories/app/artifacts/${v2.manifest.digest}/labels`, { id: prod.id })).status).toBe(200);
    expect((await dev.post('/projects/shop/repositories/app/artifacts/v1/labels', { id: prod.id })).status).toBe(409);
    const foreign = await dev.post('/projects/shop/repositories/app/artifacts/v1/labels', { id: idOf(other) });
    expect(foreign.status).toBe(400);
    expect(errorOf(foreign)?.message).toContain('belongs to another project');
    expect((await dev.post('/projects/shop/repositories/app/artifacts/v1/labels', { id: 999999 })).status).toBe(404);
    expect((await ApiClient.anonymous(server).post('/projects/shop/repositories/app/artifacts/v1/labels', { id: prod.id })).status).toBe(401);

    const one = (await admin.get<ArtifactJson>('/projects/shop/repositories/app/artifacts/v1?with_label=true')).body;
    expect(one.labels.map((l) => l.name)).toEqual(['prod', 'team-b']);
    expect(Label.array().parse(one.labels)).toHaveLength(2);
    expect((await admin.get<ArtifactJson>('/projects/shop/repositories/app/artifacts/v1')).body.labels).toEqual([]);

    expect((await artifacts(`labels=(${prod.id})`)).body.map((a) => a.digest).sort()).toEqual([v1.manifest.digest, v2.manifest.digest].sort());
    const both = await artifacts(`labels=(${prod.id} ${team.id})`);
    expect(both.body.map((a) => a.digest)).toEqual([v1.manifest.digest]);
    expect(both.headers.get('x-total-count')).toBe('1');
    expect((await artifacts('labels=(x)')).status).toBe(400);

    expect((await dev.delete(`/projects/shop/repositories/app/artifacts/v1/labels/${team.id}`)).status).toBe(200);
    expect((await dev.delete(`/projects/shop/repositories/app/artifacts/v1/labels/${team.id}`)).status).toBe(404);
    expect((await artifacts(`labels=(${prod.id} ${team.id})`)).body).toEqual([]);

    // Deleting a label takes it off every artifact.
    expect((await mia.delete(`/labels/${prod.id}`)).status).toBe(403);
    expect((await admin.delete(`/labels/${prod.id}`)).status).toBe(200);
    expect((await artifacts()).body.flatMap((a) => a.labels)).toEqual([]);

    // A labelled artifact and a project with labels delete as before; their labels go with them.
    expect((await dev.post('/projects/shop/repositories/app/artifacts/v1/labels', { id: team.id })).status).toBe(200);
    expect((await admin.delete('/projects/shop/repositories/app/artifacts/v1')).status).toBe(200);
    expect((await admin.get(`/labels/${team.id}`)).status).toBe(200);
    expect((await admin.delete('/projects/other')).status).toBe(200);
    expect((await admin.get(`/labels/${idOf(other)}`)).status).toBe(404);
  });
});

describe('project metadata and CVE allowlists', () => {
  let server: ServerProcess;
  let admin: ApiClient;
  let mia: ApiClient;

  beforeAll(async () => {
    server = await startServer({ preparedDataVolume: inject('preparedDataVolume') });
    admin = ApiClient.basic(server, 'admin', 'Harbor12345');
    await createUser(admin, 'mia');
    mia = ApiClient.basic(server, 'mia', 'Passw0rdX');
    const metadata = { auto_scan: 'true', severity: 'high', enable_content_trust_cosign: 'false' };
    expect((await admin.post('/projects', { project_name: 'meta', metadata })).status).toBe(201);
    expect((await admin.post('/projects/meta/members', { role_id: 4, member_user: { username: 'mia' } })).status).toBe(201);
  });

  afterAll(async () => {
    await server.stop();
    await server.cleanup();
  });

  test('/metadatas lists, adds (409 when there), gets, updates and deletes one key with Harbor\'s string values', async () => {
    expect((await admin.get('/projects/meta/metadatas/')).body).toEqual({
      public: 'false',
      auto_scan: 'true',
      severity: 'high',
      enable_content_trust_cosign: 'false',
    });
    expect((await admin.post('/projects/meta/metadatas/', { prevent_vul: 'TRUE' })).status).toBe(200);
    expect((await admin.post('/projects/meta/metadatas/', { reuse_sys_cve_allowlist: '1' })).status).toBe(200);
    expect((await admin.post('/projects/meta/metadatas/', { prevent_vul: 'false' })).status).toBe(409);
    expect((await admin.get('/projects/meta/metadatas/prevent_vul')).body).toEqual({ prevent_vul: 'true' });
    expect((await admin.get('/projects/meta/metadatas/reuse_sys_cve_allowlist')).body).toEqual({ reuse_sys_cve_allowlist: 'true' });
    expect((await admin.get('/projects/meta/metadatas/absent')).body).toEqual({});

    expect((await admin.put('/projects/meta/metadatas/enable_content_trust_cosign', { enable_content_trust_cosign: 'true' })).status).toBe(200);
    expect((await admin.put('/projects/meta/metadatas/severity', { severity: 'Critical' })).status).toBe(200);
    expect((await admin.put('/projects/meta/metadatas/public', { public: 'true' })).status).toBe(200);
    const project = (await admin.get<{ metadata: Record<string, string> }>('/projects/meta')).body;
    expect(project.metadata).toEqual({
      public: 'true',
      auto_scan: 'true',
      severity: 'critical',
      enable_content_trust_cosign: 'true',
      prevent_vul: 'true',
      reuse_sys_cve_allowlist: 'true',
    });

    const bad = await admin.put('/projects/meta/metadatas/auto_scan', { auto_scan: 'yes' });
    expect(bad.status).toBe(400);
    expect(errorOf(bad)).toMatchObject({ field: 'auto_scan', message: 'auto_scan must be true or false, not "yes".' });
    expect(errorOf(await admin.put('/projects/meta/metadatas/severity', { severity: 'urgent' }))?.field).toBe('severity');
    expect((await admin.post('/projects/meta/metadatas/', { auto_scan: 'true', prevent_vul: 'true' })).status).toBe(400);

    // Maintainers read metadata; only project admins change it.
    expect((await mia.get('/projects/meta/metadatas/')).status).toBe(200);
    expect((await mia.put('/projects/meta/metadatas/auto_scan', { auto_scan: 'false' })).status).toBe(403);
    expect((await mia.delete('/projects/meta/metadatas/auto_scan')).status).toBe(403);

    expect((await admin.delete('/projects/meta/metadatas/auto_scan')).status).toBe(200);
    expect((await admin.delete('/projects/meta/metadatas/public')).status).toBe(200);
    const after = (await admin.get<Record<string, string>>('/projects/meta/metadatas/')).body;
    expect(after.auto_scan).toBeUndefined();
    expect(after.public).toBe('false');
    expect((await admin.get('/projects/nothing/metadatas/')).status).toBe(404);
  });

  test('the system CVE allowlist keeps its items and expiry with Harbor\'s shape; only admins change it', async () => {
    const empty = CveAllowlist.parse((await mia.get('/system/CVEAllowlist')).body);
    expect(empty).toMatchObject({ id: 0, project_id: 0, items: [], expires_at: null });
    const items = [{ cve_id: 'CVE-2021-44228' }, { cve_id: 'CVE-2024-3094' }];
    expect((await mia.put('/system/CVEAllowlist', { items })).status).toBe(403);
    expect((await ApiClient.anonymous(server).get('/system/CVEAllowlist')).status).toBe(401);
    expect((await admin.put('/system/CVEAllowlist', { items, expires_at: 1_900_000_000 })).status).toBe(200);
    const saved = CveAllowlist.parse((await mia.get('/system/CVEAllowlist')).body);
    expect(saved).toMatchObject({ project_id: 0, items, expires_at: 1_900_000_000 });
    expect(saved.id).toBeGreaterThan(0);
    expect(saved.creation_time).toBe(saved.update_time);

    expect((await admin.put('/system/CVEAllowlist', { items: [{ cve_id: 'CVE-2024-3094' }] })).status).toBe(200);
    const replaced = CveAllowlist.parse((await admin.get('/system/CVEAllowlist')).body);
    expect(replaced).toMatchObject({ id: saved.id, items: [{ cve_id: 'CVE-2024-3094' }], expires_at: null, creation_time: saved.creation_time });
    expect(errorOf(await admin.put('/system/CVEAllowlist', { items: [{ cve_id: 'A' }, { cve_id: 'A' }] }))).toMatchObject({ field: 'items' });

    // A project's allowlist keeps its items through a metadata change too.
    expect((await admin.put('/projects/meta', { cve_allowlist: { items } })).status).toBe(200);
    expect((await admin.put('/projects/meta/metadatas/severity', { severity: 'low' })).status).toBe(200);
    expect((await admin.get<{ cve_allowlist: unknown }>('/projects/meta')).body.cve_allowlist).toMatchObject({ items });
  });
});
