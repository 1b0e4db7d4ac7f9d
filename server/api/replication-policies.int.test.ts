/** /replication/policies against a real server: Harbor's shapes, validation naming the field, access, audit. */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { z } from 'zod';
import { ApiClient, createUser, errorOf, fieldAndMessage } from '../testing/api-client.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../testing/dialects.js';
import { finishedExecution } from '../testing/replication.js';
import { startServer, type ServerProcess } from '../testing/server-process.js';
import { ReplicationPolicy } from './contracts/replication.js';

type Policy = z.output<typeof ReplicationPolicy>;

const idOf = (res: { headers: Headers }) => Number(res.headers.get('location')!.split('/').at(-1));

describe.each(DIALECTS)('replication policies on %s', (dialect) => {
  let server: ServerProcess;
  let testDb: TestDatabase | undefined;
  let admin: ApiClient;
  let sam: ApiClient;
  let registryId: number;

  const rule = (overrides: Record<string, unknown> = {}) => ({
    name: 'to-dr',
    description: 'disaster recovery',
    dest_registry: { id: registryId },
    dest_namespace: 'mirror',
    dest_namespace_replace_count: 1,
    trigger: { type: 'manual' },
    filters: [
      { type: 'name', value: 'library/**' },
      { type: 'tag', value: 'v*', decoration: 'excludes' },
    ],
    override: true,
    enabled: true,
    speed: 1024,
    ...overrides,
  });
  const refused = async (body: unknown, status: number, pattern: RegExp) => {
    const res = await admin.post('/replication/policies', body);
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    // The field and the sentence together, as the error body carries them.
    expect(fieldAndMessage(res)).toMatch(pattern);
  };

  /** The rule audit rows, newest first, through the API (the same on either database). */
  const ruleAudit = async () => {
    const res = await admin.get<{ operation: string; resource: string; resource_type: string }[]>('/auditlog-exts?q=resource_type%3Dreplication_policy&page_size=100');
    return res.body.map((r) => `${r.operation} ${r.resource_type} ${r.resource}`);
  };

  beforeAll(async () => {
    testDb = dialect === 'postgresql' ? await createTestDatabase('postgresql') : undefined;
    server = await startServer({
      preparedDataVolume: inject('preparedDataVolume'),
      ...(testDb ? { env: { BERTH_DATABASE_URL: testDb.url! } } : {}),
    });
    admin = await ApiClient.session(server, 'admin', 'Harbor12345');
    await createUser(admin, 'sam');
    sam = await ApiClient.session(server, 'sam', 'Passw0rdX');
    const reg = await admin.post('/registries', {
      name: 'dr-site',
      type: 'docker-registry',
      url: 'http://127.0.0.1:9',
      insecure: true,
      credential: { type: 'basic', access_key: 'robot', access_secret: 'S3cret!' },
    });
    expect(reg.status, JSON.stringify(reg.body)).toBe(201);
    registryId = idOf(reg);
  });

  afterAll(async () => {
    await server?.stop();
    await server?.cleanup();
    await testDb?.drop();
  });

  test('create answers 201 with Location; get shows Harbor\'s ReplicationPolicy with both ends', async () => {
    const res = await admin.post('/replication/policies', rule());
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.headers.get('location')).toBe(`/api/v2.0/replication/policies/${idOf(res)}`);
    const got = await admin.get<Policy>(`/replication/policies/${idOf(res)}`);
    expect(got.status).toBe(200);
    const policy = ReplicationPolicy.parse(got.body);
    expect(policy).toMatchObject({
      name: 'to-dr',
      description: 'disaster recovery',
      dest_namespace: 'mirror',
      dest_namespace_replace_count: 1,
      trigger: { type: 'manual' },
      filters: [
        { type: 'name', value: 'library/**' },
        { type: 'tag', value: 'v*', decoration: 'excludes' },
      ],
      override: true,
      enabled: true,
      replicate_deletion: false,
      deletion: false,
      speed: 1024,
      copy_by_chunk: false,
    });
    expect(policy.src_registry).toMatchObject({ id: 0, name: 'Local', type: 'harbor' });
    expect(policy.dest_registry).toMatchObject({ id: registryId, name: 'dr-site', type: 'docker-registry', url: 'http://127.0.0.1:9' });
    expect(policy.dest_registry.credential).toEqual({ type: 'basic', access_key: 'robot', access_secret: '*****' });
    expect(JSON.stringify(got.body)).not.toContain('S3cret!');
    expect(await ruleAudit()).toEqual(['create replication_policy to-dr']);
  });

  test('Harbor\'s defaults: no replace count is -1 (flatten all), no trigger is manual, no enabled is false', async () => {
    const res = await admin.post('/replication/policies', { name: 'pull-base', src_registry: { id: registryId }, deletion: true });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const policy = (await admin.get<Policy>(`/replication/policies/${idOf(res)}`)).body;
    expect(policy).toMatchObject({
      dest_namespace_replace_count: -1,
      trigger: { type: 'manual' },
      enabled: false,
      replicate_deletion: true,
      filters: [],
    });
    expect(policy.dest_registry.id).toBe(0);
    expect(policy.src_registry.id).toBe(registryId);
  });

  test('list: name and q filters, sort, paging with X-Total-Count and Link', async () => {
    for (const name of ['edge-a', 'edge-b', 'edge-c']) {
      expect((await admin.post('/replication/policies', rule({ name }))).status).toBe(201);
    }
    const byName = await admin.get<Policy[]>('/replication/policies?name=edge');
    expect(byName.body.map((p) => p.name).sort()).toEqual(['edge-a', 'edge-b', 'edge-c']);
    const sorted = await admin.get<Policy[]>('/replication/policies?q=name%3D~edge&sort=-name&page=1&page_size=2');
    expect(sorted.body.map((p) => p.name)).toEqual(['edge-c', 'edge-b']);
    expect(sorted.headers.get('x-total-count')).toBe('3');
    expect(sorted.headers.get('link')).toContain('rel="next"');
    const exact = await admin.get<Policy[]>('/replication/policies?q=name%3Dedge-b');
    expect(exact.body.map((p) => p.name)).toEqual(['edge-b']);
  });

  test('update replaces the rule; delete removes it and is audited', async () => {
    const id = idOf(await admin.post('/replication/policies', rule({ name: 'changing' })));
    const put = await admin.put(`/replication/policies/${id}`, rule({ name: 'changed', trigger: { type: 'event_based' }, replicate_deletion: true, filters: [] }));
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const after = (await admin.get<Policy>(`/replication/policies/${id}`)).body;
    expect(after).toMatchObject({ name: 'changed', trigger: { type: 'event_based' }, replicate_deletion: true, filters: [] });
    expect((await admin.delete(`/replication/policies/${id}`)).status).toBe(200);
    expect((await admin.get(`/replication/policies/${id}`)).status).toBe(404);
    expect((await admin.delete(`/replication/policies/${id}`)).status).toBe(404);
    expect((await admin.put(`/replication/policies/${id}`, rule({ name: 'ghost' }))).status).toBe(404);
    expect((await ruleAudit()).slice(0, 2)).toEqual(['delete replication_policy changed', 'update replication_policy changed']);
  });

  test('validation names the field', async () => {
    await refused(rule({ name: '' }), 400, /name/);
    await refused({ ...rule(), name: undefined }, 400, /name is required/);
    await refused(rule({ dest_registry: null }), 400, /src_registry or dest_registry/);
    await refused(rule({ src_registry: { id: registryId } }), 400, /src_registry or dest_registry/);
    await refused(rule({ dest_registry: { id: 99999 } }), 400, /dest_registry.*registry 99999 not found/);
    await refused(rule({ filters: [{ type: 'colour', value: 'red' }] }), 400, /filters\[0\]\.type/);
    await refused(rule({ filters: [{ type: 'tag', value: 'v*', decoration: 'sometimes' }] }), 400, /filters\[0\]\.decoration/);
    await refused(rule({ filters: [{ type: 'resource', value: 'chart' }] }), 400, /filters\[0\]\.value/);
    await refused(rule({ filters: [{ type: 'label', value: 'prod' }] }), 400, /filters\[0\]\.value/);
    await refused(rule({ trigger: { type: 'hourly' } }), 400, /trigger\.type/);
    await refused(rule({ trigger: { type: 'scheduled' } }), 400, /trigger\.trigger_settings\.cron.*cannot be empty/);
    await refused(rule({ trigger: { type: 'scheduled', trigger_settings: { cron: '5 0 * * * *' } } }), 400, /Seconds .* must be 0/);
    await refused(rule({ trigger: { type: 'scheduled', trigger_settings: { cron: '0 * * * * *' } } }), 400, /Minutes/);
    await refused(rule({ trigger: { type: 'scheduled', trigger_settings: { cron: '0 0 * *' } } }), 400, /6 fields/);
    await refused({ ...rule({ trigger: { type: 'event_based' } }), dest_registry: undefined, src_registry: { id: registryId } }, 400, /trigger\.type.*push rule/);
    await refused(rule({ dest_namespace: 'Not/Valid/' }), 400, /dest_namespace/);
    await refused(rule({ dest_namespace_replace_count: -7 }), 400, /dest_namespace_replace_count/);
    await refused(rule({ speed: 'fast' }), 400, /speed/);
    await refused(rule({ override: 'yes' }), 400, /override/);
    await refused(rule({ name: 'to-dr' }), 409, /already exists/);
    const scheduled = await admin.post('/replication/policies', rule({ name: 'nightly', trigger: { type: 'scheduled', trigger_settings: { cron: '0 30 2 * * *' } } }));
    expect(scheduled.status, JSON.stringify(scheduled.body)).toBe(201);
  });

  test('executions: a pull rule from an endpoint nobody answers ends Failed with the reason in its task and log', async () => {
    const policyId = idOf(await admin.post('/replication/policies', { name: 'pull-nowhere', src_registry: { id: registryId }, enabled: true, dest_namespace: 'nowhere' }));
    const start = await admin.post('/replication/executions', { policy_id: policyId });
    expect(start.status, JSON.stringify(start.body)).toBe(201);
    expect(start.headers.get('location')).toBe(`/api/v2.0/replication/executions/${idOf(start)}`);
    const execution = await finishedExecution(admin, idOf(start));
    expect(execution).toMatchObject({ policy_id: policyId, status: 'Failed', trigger: 'manual', total: 1, failed: 1, succeed: 0, in_progress: 0, stopped: 0 });
    expect(execution.end_time).not.toBe('0001-01-01T00:00:00.000Z');
    const tasks = await admin.get<{ id: number; status: string; status_text?: string }[]>(`/replication/executions/${execution.id}/tasks?status=Failed`);
    expect(tasks.headers.get('x-total-count')).toBe('1');
    expect(tasks.body[0]?.status_text).toMatch(/unreachable/);
    expect((await admin.get<unknown[]>(`/replication/executions/${execution.id}/tasks?status=Succeed`)).body).toEqual([]);
    const log = await admin.get<string>(`/replication/executions/${execution.id}/tasks/${tasks.body[0]!.id}/log`);
    expect(log.body).toMatch(/unreachable/);
    expect((await admin.get(`/replication/executions/${execution.id}/tasks/999999/log`)).status).toBe(404);
    expect((await admin.get<unknown[]>(`/replication/executions?policy_id=${policyId}&status=Failed`)).body).toHaveLength(1);
    expect((await admin.get<unknown[]>(`/replication/executions?policy_id=${policyId}&status=Succeed`)).body).toHaveLength(0);
    expect((await admin.put(`/replication/executions/${execution.id}`)).status).toBe(200);
    expect((await admin.get('/replication/executions/999999')).status).toBe(404);
    expect((await admin.post('/replication/executions', { policy_id: 999999 })).status).toBe(404);
    const disabled = idOf(await admin.post('/replication/policies', { name: 'off', src_registry: { id: registryId }, enabled: false }));
    const refusedStart = await admin.post('/replication/executions', { policy_id: disabled });
    expect(refusedStart.status).toBe(412);
    expect(errorOf(refusedStart)?.message).toMatch(/disabled/);
    expect((await sam.get('/replication/executions')).status).toBe(403);
    expect((await sam.post('/replication/executions', { policy_id: policyId })).status).toBe(403);
    expect((await admin.delete(`/replication/policies/${policyId}`)).status).toBe(200);
    expect((await admin.get(`/replication/executions/${execution.id}`)).status).toBe(404);
    // The registry the other rules still name cannot go.
    const inUse = await admin.delete(`/registries/${registryId}`);
    expect(inUse.status).toBe(412);
    expect(errorOf(inUse)?.message).toMatch(/to-dr/);
  });

  test('only system admins: 401 anonymous, 403 for other users', async () => {
    const anonymous = ApiClient.anonymous(server);
    expect((await anonymous.get('/replication/policies')).status).toBe(401);
    expect((await sam.get('/replication/policies')).status).toBe(403);
    expect((await sam.post('/replication/policies', rule({ name: 'sneaky' }))).status).toBe(403);
    expect((await sam.get('/replication/policies/1')).status).toBe(403);
    expect((await sam.delete('/replication/policies/1')).status).toBe(403);
    const perms = await admin.get<{ resource: string; action: string }[]>('/users/current/permissions?scope=/system&relative=true');
    expect(perms.body).toEqual(expect.arrayContaining([{ resource: 'replication-policy', action: 'create' }]));
  });
});
