/**
 * Replication between Berth and a real CNCF Distribution (Debian's docker-registry), once
 * without auth and once with htpasswd: a push rule and a pull rule with name and tag filters,
 * flattening and override off. Digests at the destination are read with skopeo.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { ApiClient, auditRowsSince } from '../../testing/api-client.js';
import { startDistribution, type Distribution } from '../../testing/distribution.js';
import { buildImage, imageBlobs, type Image } from '../../testing/oci-images.js';
import { ADMIN, RegistryClient } from '../../testing/registry-client.js';
import { createEndpoint, createRule, finishedExecution, skopeoDigest, skopeoPush, skopeoTags, startExecution, tasksOf } from '../../testing/replication.js';
import { startServer, type ServerProcess } from '../../testing/server-process.js';

const img = (seed: string): Image => buildImage({ seed, layers: 2 });
const appV1 = img('dist-app-v1');
const appV2 = img('dist-app-v2');
const appDev = img('dist-app-dev');
const other = img('dist-other');
const tool = img('dist-tool');
const squatter = img('dist-squatter');
const base10 = img('dist-base-1.0');
const base11 = img('dist-base-1.1');
const baseLatest = img('dist-base-latest');

const blobsOf = (i: Image) => imageBlobs(i).slice(0, -1);

describe.each([
  { label: 'without auth', htpasswd: undefined },
  { label: 'with htpasswd', htpasswd: { user: 'mirror', password: 'Mirr0r-pass' } },
])('replication with CNCF Distribution $label', ({ htpasswd }) => {
  let berth: ServerProcess;
  let distribution: Distribution;
  let admin: ApiClient;
  let endpointId: number;
  const distCreds = htpasswd ? `${htpasswd.user}:${htpasswd.password}` : undefined;
  const berthCreds = `${ADMIN.user}:${ADMIN.password}`;

  beforeAll(async () => {
    [berth, distribution] = await Promise.all([startServer({ preparedDataVolume: inject('preparedDataVolume') }), startDistribution(htpasswd ? { htpasswd } : {})]);
    admin = ApiClient.basic(berth, ADMIN.user, ADMIN.password);
    for (const project of ['library', 'team']) await admin.post('/projects', { project_name: project });
    const push = new RegistryClient(berth.url, ADMIN);
    await push.pushImage('library/app', 'v1', blobsOf(appV1), appV1.manifest);
    await push.pushImage('library/app', 'v2', blobsOf(appV2), appV2.manifest);
    await push.pushImage('library/app', 'dev', blobsOf(appDev), appDev.manifest);
    await push.pushImage('library/other', 'v1', blobsOf(other), other.manifest);
    await push.pushImage('team/deep/tool', 'v1', blobsOf(tool), tool.manifest);
    // Already at the destination under v2, another image: override off must leave it.
    await skopeoPush(distribution.url, squatter, 'mirror/app', 'v2', distCreds);
    await skopeoPush(distribution.url, base10, 'upstream/base', '1.0', distCreds);
    await skopeoPush(distribution.url, base11, 'upstream/base', '1.1', distCreds);
    await skopeoPush(distribution.url, baseLatest, 'upstream/base', 'latest', distCreds);
    await skopeoPush(distribution.url, base10, 'upstream/skip', '1.0', distCreds);
    endpointId = await createEndpoint(admin, {
      name: 'distribution',
      type: 'docker-registry',
      url: distribution.url,
      ...(htpasswd ? { credential: { type: 'basic', access_key: htpasswd.user, access_secret: htpasswd.password } } : {}),
    });
  }, 120_000);

  afterAll(async () => {
    await Promise.all([berth?.stop(), distribution?.stop()]);
    await berth?.cleanup();
  });

  test('the rule form\'s preview: the remote repositories a name filter selects, before any rule exists', async () => {
    const preview = async (name: string) => (await admin.get<{ repositories: string[]; total: number; catalog: boolean }>(`/berth/registries/${endpointId}/repositories?name=${encodeURIComponent(name)}`)).body;
    expect(await preview('upstream/**')).toEqual({ repositories: ['upstream/base', 'upstream/skip'], total: 2, catalog: true });
    expect(await preview('upstream/b*')).toEqual({ repositories: ['upstream/base'], total: 1, catalog: true });
    expect((await preview('nothing/**')).total).toBe(0);
    expect((await admin.get('/berth/registries/99999/repositories')).status).toBe(404);
  });

  test('push rule: name and tag filters, flattened one level, override off; digests equal at Distribution', async () => {
    const auditFrom = auditRowsSince(berth).at(-1)?.id ?? 0;
    const policyId = await createRule(admin, {
      name: 'push-to-dist',
      dest_registry: { id: endpointId },
      dest_namespace: 'mirror',
      dest_namespace_replace_count: 1,
      filters: [
        { type: 'name', value: '{library/app,team/**}' },
        { type: 'tag', value: 'v*' },
      ],
    });
    const executionId = await startExecution(admin, policyId);
    const execution = await finishedExecution(admin, executionId);
    expect(execution).toMatchObject({ policy_id: policyId, status: 'Succeed', trigger: 'manual', total: 3, succeed: 3, failed: 0, in_progress: 0 });

    const tasks = await tasksOf(admin, executionId);
    expect(tasks.map((t) => `${t.operation} ${t.src_resource} -> ${t.dst_resource} ${t.status}`).sort()).toEqual([
      'copy library/app:[v1] -> mirror/app:[v1] Succeed',
      'copy library/app:[v2] -> mirror/app:[v2] Succeed',
      'copy team/deep/tool:[v1] -> mirror/deep/tool:[v1] Succeed',
    ]);
    expect(tasks.find((t) => t.src_resource === 'library/app:[v1]')?.bytes).toBeGreaterThan(0);

    expect(await skopeoDigest(distribution.url, 'mirror/app', 'v1', distCreds)).toBe(appV1.manifest.digest);
    expect(await skopeoDigest(distribution.url, 'mirror/deep/tool', 'v1', distCreds)).toBe(tool.manifest.digest);
    expect(await skopeoDigest(distribution.url, 'mirror/app', 'v2', distCreds)).toBe(squatter.manifest.digest);
    expect((await skopeoTags(distribution.url, 'mirror/app', distCreds)).sort()).toEqual(['v1', 'v2']);
    expect(await skopeoTags(distribution.url, 'mirror/other', distCreds)).toEqual([]);

    const log = await admin.get<string>(`/replication/executions/${executionId}/tasks/${tasks[0]!.id}/log`);
    expect(log.status).toBe(200);
    expect(log.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(log.body).toContain('copying');
    const audit = auditRowsSince(berth, auditFrom).map((r) => r.operation_description);
    expect(audit).toContain(`start replication: push-to-dist (execution ${executionId}, manual)`);
  });

  test('pull rule into Berth: the project is made, tags filtered, digests equal in Berth', async () => {
    const policyId = await createRule(admin, {
      name: 'pull-from-dist',
      src_registry: { id: endpointId },
      dest_namespace: 'pulled',
      dest_namespace_replace_count: 0,
      filters: [
        { type: 'name', value: 'upstream/base' },
        { type: 'tag', value: '1.*' },
      ],
    });
    const execution = await finishedExecution(admin, await startExecution(admin, policyId));
    expect(execution).toMatchObject({ status: 'Succeed', total: 2, succeed: 2 });
    expect(await skopeoDigest(berth.url, 'pulled/upstream/base', '1.0', berthCreds)).toBe(base10.manifest.digest);
    expect(await skopeoDigest(berth.url, 'pulled/upstream/base', '1.1', berthCreds)).toBe(base11.manifest.digest);
    expect(await skopeoDigest(berth.url, 'pulled/upstream/base', 'latest', berthCreds)).toBeNull();
    expect(await skopeoTags(berth.url, 'pulled/upstream/skip', berthCreds)).toEqual([]);
    const project = await admin.get<{ name: string; metadata: { public: string } }>('/projects/pulled');
    expect(project.body).toMatchObject({ name: 'pulled', metadata: { public: 'false' } });
  });

  test('executions list filters by policy, status and trigger, with Harbor\'s words', async () => {
    const all = await admin.get<{ policy_id: number; status: string; trigger: string }[]>('/replication/executions');
    expect(all.status).toBe(200);
    expect(all.headers.get('x-total-count')).toBe('2');
    expect(all.body.every((e) => e.status === 'Succeed' && e.trigger === 'manual')).toBe(true);
    expect((await admin.get<unknown[]>('/replication/executions?status=Failed')).body).toEqual([]);
    expect((await admin.get<unknown[]>('/replication/executions?trigger=scheduled')).body).toEqual([]);
    expect((await admin.get<unknown[]>('/replication/executions?status=Succeed&trigger=manual')).body).toHaveLength(2);
  });
});
