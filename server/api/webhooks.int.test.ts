/**
 * Webhooks against a real server and a real HTTP receiver, on SQLite and PostgreSQL: Harbor's
 * policy shapes and checks, the auth header sealed at rest and never returned, one delivery per
 * event type (push with skopeo, pull with skopeo, delete, a real replication) in each format
 * (Default, CloudEvents, Slack), retries after a 500 with both attempts in the history, the
 * deprecated jobs and last-trigger views, and the console's Test.
 */
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { ApiClient, createUser, errorOf } from '../testing/api-client.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../testing/dialects.js';
import { freePort } from '../testing/free-port.js';
import { buildImage } from '../testing/oci-images.js';
import { ADMIN, serverDatabase } from '../testing/registry-client.js';
import { createEndpoint, createRule, eventually, finishedExecution, skopeoDigest, skopeoPush, startExecution } from '../testing/replication.js';
import { startServer, type ServerProcess } from '../testing/server-process.js';
import { testCertificate } from '../testing/tls.js';
import { startReceiver, type Received, type WebhookReceiver } from '../testing/webhook-receiver.js';

const AUTH = 'Bearer hook-S3cret';
const ARTIFACT_EVENTS = ['PUSH_ARTIFACT', 'PULL_ARTIFACT', 'DELETE_ARTIFACT'];
const idFrom = (res: { headers: Headers }) => Number(res.headers.get('location')!.split('/').at(-1));
const creds = `${ADMIN.user}:${ADMIN.password}`;

interface Payload {
  type: string;
  occur_at: number;
  operator: string;
  event_data: { resources?: { digest: string; tag: string; resource_url: string }[]; repository?: { repo_full_name: string; namespace: string; name: string }; replication?: Record<string, unknown>; custom_attributes?: Record<string, string> };
}

describe.each(DIALECTS)('webhooks on %s', (dialect) => {
  let server: ServerProcess;
  let receiver: WebhookReceiver;
  let admin: ApiClient;
  let testDb: TestDatabase;
  let projectId: number;
  const base = '/projects/hooks/webhook/policies';

  const createPolicy = async (body: Record<string, unknown>) => {
    const res = await admin.post(base, body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return idFrom(res);
  };
  const target = (path: string, extra: Record<string, unknown> = {}) => ({ type: 'http', address: `${receiver.url}${path}`, ...extra });
  const bodies = (path: string) => receiver.to(path).map((r) => r.body as Payload);
  const waitFor = (what: string, check: () => Received[] | undefined) => eventually(what, async () => check(), 30_000);

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    receiver = await startReceiver();
    server = await startServer({
      preparedDataVolume: inject('preparedDataVolume'),
      config: { notification: { webhook_job_retry_delay: '300ms' }, ...(testDb.url ? { database: { url: testDb.url } } : {}) },
    });
    admin = ApiClient.basic(server, ADMIN.user, ADMIN.password);
    const res = await admin.post('/projects', { project_name: 'hooks' });
    expect(res.status).toBe(201);
    projectId = idFrom(res);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await server?.cleanup();
    await receiver?.close();
    await testDb?.drop();
  });

  test('policies: Harbor shapes, checks naming the field, the auth header sealed and never returned', async () => {
    const id = await createPolicy({ name: 'crud', description: 'd', targets: [target('/crud', { auth_header: AUTH })], event_types: ['PUSH_ARTIFACT'] });
    const got = await admin.get<Record<string, unknown>>(`${base}/${id}`);
    expect(got.body).toMatchObject({
      id,
      name: 'crud',
      description: 'd',
      project_id: projectId,
      targets: [{ type: 'http', address: `${receiver.url}/crud`, auth_header: '*****', skip_cert_verify: false, payload_format: 'Default' }],
      event_types: ['PUSH_ARTIFACT'],
      creator: 'admin',
      enabled: true,
    });
    const db = serverDatabase(server, testDb.url);
    try {
      const row = await db.db.selectFrom('webhook_policies').select('targets').where('id', '=', id).executeTakeFirstOrThrow();
      expect(row.targets).not.toContain('hook-S3cret');
      expect(row.targets).toContain('enc:v1:');
    } finally {
      await db.close();
    }
    // Sending the mask back keeps the stored header; the list shows the policy.
    const put = await admin.put(`${base}/${id}`, { ...got.body, event_types: ['PUSH_ARTIFACT', 'PULL_ARTIFACT'] });
    expect(put.status).toBe(200);
    const list = await admin.get<{ name: string; event_types: string[] }[]>(`${base}?q=name=crud`);
    expect(list.headers.get('x-total-count')).toBe('1');
    expect(list.body[0]!.event_types).toEqual(['PUSH_ARTIFACT', 'PULL_ARTIFACT']);

    const bad = async (body: Record<string, unknown>, field: string, message: RegExp) => {
      const res = await admin.post(base, body);
      expect(res.status).toBe(400);
      expect(errorOf(res)).toMatchObject({ field });
      expect(errorOf(res)!.message).toMatch(message);
    };
    await bad({ name: 'x', targets: [], event_types: ['PUSH_ARTIFACT'] }, 'targets', /Endpoint URL is required/);
    await bad({ name: 'x', targets: [target('/x')], event_types: [] }, 'event_types', /at least one Event Type/);
    await bad({ name: 'x', targets: [target('/x')], event_types: ['SCAN_FAILED_NOPE'] }, 'event_types', /not supported/);
    await bad({ name: 'x', targets: [{ type: 'http', address: 'ftp://h/x' }], event_types: ['PUSH_ARTIFACT'] }, 'targets[0].address', /http:\/\/ or https:\/\//);
    await bad({ name: 'x', targets: [{ type: 'slack', address: `${receiver.url}/s`, payload_format: 'CloudEvents' }], event_types: ['PUSH_ARTIFACT'] }, 'targets[0].payload_format', /slack/);
    await bad({ name: '', targets: [target('/x')], event_types: ['PUSH_ARTIFACT'] }, 'name', /Name is required/);
    const dup = await admin.post(base, { name: 'crud', targets: [target('/x')], event_types: ['PUSH_ARTIFACT'] });
    expect(dup.status).toBe(409);

    const events = await admin.get('/projects/hooks/webhook/events');
    expect(events.body).toEqual({
      event_type: ['PUSH_ARTIFACT', 'PULL_ARTIFACT', 'DELETE_ARTIFACT', 'REPLICATION', 'TAG_RETENTION', 'QUOTA_EXCEED', 'QUOTA_WARNING'],
      notify_type: ['http', 'slack'],
      payload_formats: [{ notify_type: 'http', formats: ['Default', 'CloudEvents'] }],
    });

    // Developers may not see or change webhooks (Harbor's notification-policy rows).
    await createUser(admin, 'hookdev');
    expect((await admin.post('/projects/hooks/members', { role_id: 2, member_user: { username: 'hookdev' } })).status).toBe(201);
    const dev = ApiClient.basic(server, 'hookdev', 'Passw0rdX');
    expect((await dev.get(base)).status).toBe(403);
    expect((await dev.post(base, { name: 'y', targets: [target('/y')], event_types: ['PUSH_ARTIFACT'] })).status).toBe(403);

    expect((await admin.delete(`${base}/${id}`)).status).toBe(200);
    expect((await admin.get(`${base}/${id}`)).status).toBe(404);
  });

  test('push, pull and delete are delivered in each format: Default, CloudEvents and Slack', async () => {
    const defaultId = await createPolicy({ name: 'default', targets: [target('/default', { auth_header: AUTH })], event_types: ARTIFACT_EVENTS });
    const cloudId = await createPolicy({ name: 'cloud', targets: [target('/cloud', { payload_format: 'CloudEvents' })], event_types: ARTIFACT_EVENTS });
    await createPolicy({ name: 'slack', targets: [{ type: 'slack', address: `${receiver.url}/slack` }], event_types: ARTIFACT_EVENTS });
    await createPolicy({ name: 'off', enabled: false, targets: [target('/off')], event_types: ARTIFACT_EVENTS });

    const image = buildImage({ seed: `hooks-${dialect}` });
    await skopeoPush(server.url, image, 'hooks/app', 'v1', creds);
    const digest = image.manifest.digest;
    expect(await skopeoDigest(server.url, 'hooks/app', 'v1', creds)).toBe(digest);
    await waitFor('push and pull at /default', () => (bodies('/default').length >= 2 ? receiver.to('/default') : undefined));
    expect((await admin.delete(`/projects/hooks/repositories/app/artifacts/${digest}`)).status).toBe(200);
    await waitFor('all three at each receiver', () =>
      ['/default', '/cloud', '/slack'].every((p) => receiver.to(p).length >= 3) ? receiver.received : undefined,
    );

    const byType = Object.fromEntries(bodies('/default').map((b) => [b.type, b]));
    expect(Object.keys(byType).sort()).toEqual(['DELETE_ARTIFACT', 'PULL_ARTIFACT', 'PUSH_ARTIFACT']);
    expect(byType.PUSH_ARTIFACT).toMatchObject({
      operator: 'admin',
      event_data: {
        resources: [{ digest, tag: 'v1', resource_url: `127.0.0.1:${server.port}/hooks/app:v1` }],
        repository: { name: 'app', namespace: 'hooks', repo_full_name: 'hooks/app', repo_type: 'private' },
      },
    });
    expect(byType.PUSH_ARTIFACT!.occur_at).toBeGreaterThan(Date.now() / 1000 - 600);
    expect(byType.DELETE_ARTIFACT!.event_data.resources![0]!.digest).toBe(digest);
    for (const r of receiver.to('/default')) {
      expect(r.headers.authorization).toBe(AUTH);
      expect(r.headers['content-type']).toBe('application/json');
    }

    const cloud = receiver.to('/cloud');
    expect(cloud.map((r) => (r.body as { type: string }).type).sort()).toEqual(['harbor.artifact.deleted', 'harbor.artifact.pulled', 'harbor.artifact.pushed']);
    for (const r of cloud) {
      expect(r.headers['content-type']).toBe('application/cloudevents+json');
      expect(r.headers.authorization).toBeUndefined();
      expect(r.body).toMatchObject({
        specversion: '1.0',
        source: `/projects/${projectId}/webhook/policies/${cloudId}`,
        datacontenttype: 'application/json',
        operator: 'admin',
        data: { repository: { repo_full_name: 'hooks/app' } },
      });
      expect((r.body as { id: string }).id).toMatch(/^[0-9a-f-]{36}$/);
    }

    const slackTexts = receiver.to('/slack').map((r) => JSON.stringify(r.body));
    for (const type of ARTIFACT_EVENTS) expect(slackTexts.some((t) => t.includes(`*event_type:* ${type}`))).toBe(true);
    expect((receiver.to('/slack')[0]!.body as { blocks: unknown[] }).blocks).toHaveLength(6);
    expect(receiver.to('/off')).toHaveLength(0);

    // The history: three executions of the default policy, each Success with one 200 attempt.
    const executions = await admin.get<{ status: string; vendor_type: string; trigger: string; metrics: { task_count: number; success_task_count: number } }[]>(
      `${base}/${defaultId}/executions`,
    );
    expect(executions.headers.get('x-total-count')).toBe('3');
    for (const e of executions.body) expect(e).toMatchObject({ status: 'Success', vendor_type: 'WEBHOOK', trigger: 'EVENT', metrics: { task_count: 1, success_task_count: 1 } });
  });

  test('a receiver answering 500 then 200: retried, and the history shows both attempts', async () => {
    const id = await createPolicy({ name: 'flaky', targets: [target('/flaky')], event_types: ['PUSH_ARTIFACT'] });
    receiver.answer('/flaky', 500);
    await skopeoPush(server.url, buildImage({ seed: `flaky-${dialect}` }), 'hooks/flaky', 'v1', creds);
    await waitFor('two attempts at /flaky', () => (receiver.to('/flaky').length >= 2 ? receiver.to('/flaky') : undefined));
    const [first, second] = receiver.to('/flaky');
    expect(first!.status).toBe(500);
    expect(second!.status).toBe(200);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(250);
    expect(second!.body).toEqual(first!.body);

    const execution = await eventually('the execution to end', async () => {
      const res = await admin.get<{ id: number; status: string }[]>(`${base}/${id}/executions`);
      return res.body[0]?.status === 'Success' ? res.body[0] : undefined;
    });
    const tasks = await admin.get<{ id: number; status: string; run_count: number; extra_attrs: { attempts: { attempt: number; status_code: number; time: string }[] } }[]>(
      `${base}/${id}/executions/${execution.id}/tasks`,
    );
    expect(tasks.body).toHaveLength(1);
    const task = tasks.body[0]!;
    expect(task).toMatchObject({ status: 'Success', run_count: 2 });
    expect(task.extra_attrs.attempts.map((a) => [a.attempt, a.status_code])).toEqual([
      [1, 500],
      [2, 200],
    ]);
    for (const a of task.extra_attrs.attempts) expect(Date.parse(a.time)).not.toBeNaN();
    const log = await admin.get<string>(`${base}/${id}/executions/${execution.id}/tasks/${task.id}/log`);
    expect(log.body).toMatch(/the receiver answered 500[\s\S]*delivered to .*\/flaky: 200/);

    const jobs = await admin.get<{ id: number; policy_id: number; event_type: string; notify_type: string; status: string; job_detail: string }[]>(
      `/projects/hooks/webhook/jobs?policy_id=${id}&status=Success`,
    );
    expect(jobs.body).toEqual([expect.objectContaining({ id: execution.id, policy_id: id, event_type: 'PUSH_ARTIFACT', notify_type: 'http', status: 'Success' })]);
    expect(JSON.parse(jobs.body[0]!.job_detail)).toMatchObject({ type: 'PUSH_ARTIFACT' });
    const last = await admin.get<{ policy_name: string; event_type: string; last_trigger_time?: string }[]>('/projects/hooks/webhook/lasttrigger');
    expect(last.body.find((t) => t.policy_name === 'flaky')).toMatchObject({ event_type: 'PUSH_ARTIFACT', enabled: true, last_trigger_time: expect.any(String) });
  });

  test('a replication into another project is told to the source project (REPLICATION)', async () => {
    await createPolicy({ name: 'repl', targets: [target('/repl')], event_types: ['REPLICATION'] });
    expect((await admin.post('/projects', { project_name: 'mirror' })).status).toBe(201);
    await skopeoPush(server.url, buildImage({ seed: `repl-${dialect}` }), 'hooks/app', 'v2', creds);
    const endpoint = await createEndpoint(admin, { name: 'self', type: 'harbor', url: server.url, credential: { type: 'basic', access_key: ADMIN.user, access_secret: ADMIN.password } });
    const rule = await createRule(admin, { name: 'to-mirror', dest_registry: { id: endpoint }, dest_namespace: 'mirror', filters: [{ type: 'name', value: 'hooks/app' }, { type: 'tag', value: 'v2' }] });
    const executionId = await startExecution(admin, rule);
    expect((await finishedExecution(admin, executionId)).status).toBe('Succeed');
    await waitFor('the replication event', () => (receiver.to('/repl').length ? receiver.to('/repl') : undefined));
    expect(receiver.to('/repl')[0]!.body).toMatchObject({
      type: 'REPLICATION',
      operator: 'admin',
      event_data: {
        replication: {
          job_status: 'Success',
          execution_id: executionId,
          trigger_type: 'manual',
          src_resource: { registry_type: 'harbor', namespace: 'hooks' },
          dest_resource: { registry_name: 'self' },
          // Harbor's task resource notation, as its payload carries it.
          successful_artifact: [{ name_tag: 'app:[v2]', status: 'Success' }],
        },
      },
    });
  });

  test('Test sends a sample event at once and says what each receiver answered', async () => {
    const closed = `http://127.0.0.1:${await freePort()}/nobody`;
    const res = await admin.post<{ address: string; status_code: number; success: boolean; error?: string }[]>(`${base}/test`, {
      name: 'trial',
      targets: [target('/trial', { auth_header: AUTH, payload_format: 'CloudEvents' }), { type: 'http', address: closed }],
      event_types: ['PULL_ARTIFACT'],
    });
    expect(res.status).toBe(200);
    expect(res.body[0]).toMatchObject({ address: `${receiver.url}/trial`, status_code: 200, success: true });
    expect(res.body[1]).toMatchObject({ address: closed, status_code: 0, success: false, error: expect.stringMatching(/ECONNREFUSED/) });
    const got = receiver.to('/trial')[0]!;
    expect(got.headers.authorization).toBe(AUTH);
    expect(got.body).toMatchObject({ type: 'harbor.artifact.pulled', data: { repository: { namespace: 'hooks' } } });
  });

  test('skip_cert_verify: a receiver with a self-signed certificate is refused unless the target says to skip the check', async () => {
    const { cert, key } = testCertificate();
    const secure = https.createServer({ cert, key }, (_req, res) => res.writeHead(200).end('ok'));
    await new Promise<void>((resolve) => secure.listen(0, '127.0.0.1', resolve));
    try {
      const address = `https://127.0.0.1:${(secure.address() as AddressInfo).port}/hook`;
      const trial = (skip: boolean) =>
        admin.post<{ status_code: number; success: boolean; error?: string }[]>(`${base}/test`, {
          name: 'tls',
          targets: [{ type: 'http', address, skip_cert_verify: skip }],
          event_types: ['PUSH_ARTIFACT'],
        });
      const checked = await trial(false);
      expect(checked.body[0]).toMatchObject({ status_code: 0, success: false, error: expect.stringMatching(/certificate/i) });
      expect((await trial(true)).body[0]).toMatchObject({ status_code: 200, success: true });
    } finally {
      await new Promise((resolve) => secure.close(resolve));
    }
  });
});
