/**
 * Replication when things go wrong, against real parts: an endpoint nobody listens on, a wrong
 * password (Distribution with htpasswd), a destination that refuses the push (a Berth user
 * without push rights), a source tag deleted while the execution runs, and kill -9 of the Berth
 * running a large copy: the task is retried or ends Error with the reason, and the destination
 * never serves a partial artifact.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { ApiClient, createUser, openServerDatabase } from '../../testing/api-client.js';
import { startDistribution, type Distribution } from '../../testing/distribution.js';
import { freePort } from '../../testing/free-port.js';
import { blobOf, buildImage, descriptor, OCI_CONFIG, OCI_LAYER, OCI_MANIFEST, type Image } from '../../testing/oci-images.js';
import { ADMIN, RegistryClient } from '../../testing/registry-client.js';
import { createEndpoint, createRule, eventually, executionsOf, finishedExecution, skopeoDigest, startExecution, tasksOf } from '../../testing/replication.js';
import { startServer, type ServerProcess } from '../../testing/server-process.js';

function randomImage(seed: string, bytes: number): Image {
  const layer = blobOf(OCI_LAYER, randomBytes(bytes));
  const config = blobOf(OCI_CONFIG, { architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [layer.digest] }, config: { Labels: { seed } } });
  const manifest = blobOf(OCI_MANIFEST, { schemaVersion: 2, mediaType: OCI_MANIFEST, config: descriptor(config), layers: [descriptor(layer)] });
  return { config, layers: [layer], manifest };
}

const small = buildImage({ seed: 'faults-small' });
const other = buildImage({ seed: 'faults-other' });
const big = randomImage('faults-big', 3 * 1024 * 1024);
const large = randomImage('faults-large', 4 * 1024 * 1024);
const blobsOf = (i: Image) => [i.config, ...i.layers];
const chunked = randomImage('faults-chunked', 4 * 1024 * 1024);
const htpasswd = { user: 'mirror', password: 'Mirr0r-pass' };
// One worker: tasks of an execution run one after the other, so a later one can lose its source meanwhile.
const A_CONFIG = { jobservice: { max_job_workers: 1 } };
// copy_by_chunk rules send 1 MiB PATCHes, so a kill lands after some chunks were kept.
const A_ENV = { REPLICATION_CHUNK_SIZE: String(1024 * 1024) };

describe('replication faults', () => {
  let berthA: ServerProcess;
  let berthB: ServerProcess;
  let distribution: Distribution;
  let adminA: ApiClient;
  let pushA: RegistryClient;

  beforeAll(async () => {
    const prepared = inject('preparedDataVolume');
    [berthA, berthB, distribution] = await Promise.all([
      startServer({ preparedDataVolume: prepared, config: A_CONFIG, env: A_ENV }),
      startServer({ preparedDataVolume: prepared }),
      startDistribution({ htpasswd }),
    ]);
    adminA = ApiClient.basic(berthA, ADMIN.user, ADMIN.password);
    expect((await adminA.post('/projects', { project_name: 'src' })).status).toBe(201);
    pushA = new RegistryClient(berthA.url, ADMIN);
    await pushA.pushImage('src/small', 'v1', blobsOf(small), small.manifest);
  }, 120_000);

  /** An endpoint to the htpasswd-protected Distribution, with the right password. */
  const distributionEndpoint = (name: string) =>
    createEndpoint(adminA, { name, type: 'docker-registry', url: distribution.url, credential: { type: 'basic', access_key: htpasswd.user, access_secret: htpasswd.password } });

  afterAll(async () => {
    await Promise.all([berthA?.stop(), berthB?.stop(), distribution?.stop()]);
    await Promise.all([berthA?.cleanup(), berthB?.cleanup()]);
  });

  test('an unreachable endpoint: the pull rule fails, saying so', async () => {
    const port = await freePort();
    const endpointId = await createEndpoint(adminA, { name: 'nobody', type: 'docker-registry', url: `http://127.0.0.1:${port}` });
    const policyId = await createRule(adminA, { name: 'from-nobody', src_registry: { id: endpointId }, dest_namespace: 'src' });
    const execution = await finishedExecution(adminA, await startExecution(adminA, policyId));
    expect(execution.status).toBe('Failed');
    const [task] = await tasksOf(adminA, execution.id);
    expect(task?.status_text).toMatch(/unreachable/);
    // The rule form's preview says the same, in a sentence, instead of failing.
    const preview = await adminA.get<{ problem?: string; total: number }>(`/berth/registries/${endpointId}/repositories?name=**`);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ total: 0, problem: expect.stringMatching(/^The registry could not be listed: .*unreachable/) });
  });

  test('a wrong password: the task fails at once with the remote\'s reason', async () => {
    const endpointId = await createEndpoint(adminA, {
      name: 'dist-wrong-password',
      type: 'docker-registry',
      url: distribution.url,
      credential: { type: 'basic', access_key: htpasswd.user, access_secret: 'not-the-password' },
    });
    const policyId = await createRule(adminA, { name: 'to-dist-wrong', dest_registry: { id: endpointId }, filters: [{ type: 'name', value: 'src/small' }] });
    const execution = await finishedExecution(adminA, await startExecution(adminA, policyId));
    expect(execution).toMatchObject({ status: 'Failed', failed: 1 });
    const [task] = await tasksOf(adminA, execution.id);
    expect(task?.status_text).toMatch(/unauthorized/i);
    expect(await skopeoDigest(distribution.url, 'src/small', 'v1', `${htpasswd.user}:${htpasswd.password}`)).toBeNull();
  });

  test('a destination that refuses the push (a user without push rights there)', async () => {
    const adminB = ApiClient.basic(berthB, ADMIN.user, ADMIN.password);
    await createUser(adminB, 'viewer');
    expect((await adminB.post('/projects', { project_name: 'locked' })).status).toBe(201);
    expect((await adminB.post('/projects/locked/members', { role_id: 3, member_user: { username: 'viewer' } })).status).toBe(201);
    const endpointId = await createEndpoint(adminA, {
      name: 'berth-b-viewer',
      type: 'harbor',
      url: berthB.url,
      credential: { type: 'basic', access_key: 'viewer', access_secret: 'Passw0rdX' },
    });
    const policyId = await createRule(adminA, {
      name: 'to-locked',
      dest_registry: { id: endpointId },
      dest_namespace: 'locked',
      filters: [{ type: 'name', value: 'src/small' }],
    });
    const execution = await finishedExecution(adminA, await startExecution(adminA, policyId));
    expect(execution.status).toBe('Failed');
    const [task] = await tasksOf(adminA, execution.id);
    expect(task?.status_text).toMatch(/forbidden|denied|unauthorized/i);
    expect(await new RegistryClient(berthB.url, ADMIN).manifestStatus('locked/small', small.manifest.digest)).toBe(404);
  });

  test('a source tag deleted while the execution runs: that task fails with the reason, the others succeed', async () => {
    await pushA.pushImage('src/mixed', 'a-big', blobsOf(big), big.manifest);
    await pushA.pushImage('src/mixed', 'b-gone', blobsOf(other), other.manifest);
    const endpointId = await distributionEndpoint('dist');
    // 3 MiB at 512 KB/s: the first task runs for seconds while the second waits for the one worker.
    const policyId = await createRule(adminA, { name: 'mixed-to-dist', dest_registry: { id: endpointId }, speed: 512, filters: [{ type: 'name', value: 'src/mixed' }] });
    const executionId = await startExecution(adminA, policyId);
    await eventually('the first task to run', async () => ((await tasksOf(adminA, executionId)).some((t) => t.status === 'InProgress') ? true : undefined));
    expect((await adminA.delete(`/projects/src/repositories/mixed/artifacts/${other.manifest.digest}`)).status).toBe(200);
    const execution = await finishedExecution(adminA, executionId);
    expect(execution).toMatchObject({ status: 'Failed', succeed: 1, failed: 1 });
    const gone = (await tasksOf(adminA, executionId)).find((t) => t.src_resource === 'src/mixed:[b-gone]');
    expect(gone).toMatchObject({ status: 'Failed' });
    expect(gone?.status_text).toMatch(/not found|unknown/i);
    const creds = `${htpasswd.user}:${htpasswd.password}`;
    expect(await skopeoDigest(distribution.url, 'src/mixed', 'a-big', creds)).toBe(big.manifest.digest);
    expect(await skopeoDigest(distribution.url, 'src/mixed', 'b-gone', creds)).toBeNull();
  });

  test('triggers arriving at once: one execution runs and one waits, never more', async () => {
    const endpointId = await distributionEndpoint('dist-burst');
    const policyId = await createRule(adminA, { name: 'burst', dest_registry: { id: endpointId }, dest_namespace: 'burst', filters: [{ type: 'name', value: 'src/small' }] });
    // A session, not Basic: Basic checks of one account are taken one at a time, which would queue the triggers.
    const session = await ApiClient.session(berthA, ADMIN.user, ADMIN.password);
    const ids = await Promise.all(Array.from({ length: 6 }, () => startExecution(session, policyId)));
    expect(new Set(ids).size).toBeLessThanOrEqual(2);
    expect((await executionsOf(adminA, policyId)).length).toBeLessThanOrEqual(2);
    for (const id of new Set(ids)) expect((await finishedExecution(adminA, id)).status).toBe('Succeed');
    expect(await skopeoDigest(distribution.url, 'burst/small', 'v1', `${htpasswd.user}:${htpasswd.password}`)).toBe(small.manifest.digest);
  });

  test('kill -9 during a chunked copy to a Berth: the retried task resumes at the destination\'s offset', async () => {
    await pushA.pushImage('src/chunked', 'v1', blobsOf(chunked), chunked.manifest);
    const endpointId = await createEndpoint(adminA, {
      name: 'berth-b-admin',
      type: 'harbor',
      url: berthB.url,
      credential: { type: 'basic', access_key: ADMIN.user, access_secret: ADMIN.password },
    });
    // 4 MiB at 512 KB/s in 1 MiB chunks: about eight seconds, killed once a chunk is kept.
    const policyId = await createRule(adminA, {
      name: 'chunked-to-b',
      dest_registry: { id: endpointId },
      dest_namespace: 'resumed',
      copy_by_chunk: true,
      speed: 512,
      filters: [{ type: 'name', value: 'src/chunked' }],
    });
    const executionId = await startExecution(adminA, policyId);
    const db = openServerDatabase(berthA);
    await eventually('a chunk kept at the destination', async () => {
      const row = db.prepare('select extra_attrs from tasks where execution_id = ?').get(executionId) as { extra_attrs: string } | undefined;
      const sessions = (JSON.parse(row?.extra_attrs ?? '{}') as { upload_sessions?: Record<string, { offset: number }> }).upload_sessions ?? {};
      return Object.values(sessions).some((s) => s.offset >= 1024 * 1024) ? true : undefined;
    });
    db.close();
    await berthA.stop('SIGKILL');
    berthA = await startServer({ dir: berthA.dir, config: A_CONFIG, env: A_ENV });
    adminA = ApiClient.basic(berthA, ADMIN.user, ADMIN.password);
    pushA = new RegistryClient(berthA.url, ADMIN);
    expect((await finishedExecution(adminA, executionId, 90_000)).status).toBe('Succeed');
    const [task] = await tasksOf(adminA, executionId);
    const log = await adminA.get<string>(`/replication/executions/${executionId}/tasks/${task!.id}/log`);
    expect(String(log.body)).toMatch(/resuming the upload of sha256:[0-9a-f]+ at byte [1-9]\d*/);
    expect(await skopeoDigest(berthB.url, 'resumed/chunked', 'v1', `${ADMIN.user}:${ADMIN.password}`)).toBe(chunked.manifest.digest);
  }, 150_000);

  test('kill -9 during a large copy, then a restart: retried or Error with the reason, never a partial artifact', async () => {
    await pushA.pushImage('src/large', 'v1', blobsOf(large), large.manifest);
    const endpointId = await distributionEndpoint('dist-large');
    const creds = `${htpasswd.user}:${htpasswd.password}`;
    // 4 MiB at 256 KB/s: about sixteen seconds, killed a few seconds in.
    const policyId = await createRule(adminA, {
      name: 'large-to-dist',
      dest_registry: { id: endpointId },
      dest_namespace: 'killed',
      speed: 256,
      filters: [{ type: 'name', value: 'src/large' }],
    });
    const executionId = await startExecution(adminA, policyId);
    await eventually('the copy to run', async () => ((await tasksOf(adminA, executionId)).some((t) => t.status === 'InProgress') ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(await skopeoDigest(distribution.url, 'killed/large', 'v1', creds)).toBeNull();
    await berthA.stop('SIGKILL');
    expect(await skopeoDigest(distribution.url, 'killed/large', 'v1', creds)).toBeNull();

    berthA = await startServer({ dir: berthA.dir, config: A_CONFIG, env: A_ENV });
    adminA = ApiClient.basic(berthA, ADMIN.user, ADMIN.password);
    const execution = await finishedExecution(adminA, executionId, 90_000);
    const [task] = await tasksOf(adminA, executionId);
    const served = await skopeoDigest(distribution.url, 'killed/large', 'v1', creds);
    if (execution.status === 'Succeed') {
      expect(served).toBe(large.manifest.digest);
    } else {
      expect(execution.status).toBe('Failed');
      expect(task?.status_text).toMatch(/process running it stopped/);
      expect(served).toBeNull();
    }
  }, 150_000);
  test('a planner that died before sealing: its execution ends Failed with the reason, and the rule runs again', async () => {
    const endpointId = await distributionEndpoint('dist-orphan');
    const policyId = await createRule(adminA, { name: 'orphaned', dest_registry: { id: endpointId }, dest_namespace: 'orphaned', filters: [{ type: 'name', value: 'src/small' }] });
    await berthA.stop();
    // What a process killed while listing the source leaves: a claimed, unsealed execution.
    const db = openServerDatabase(berthA);
    const now = new Date().toISOString();
    const inserted = db
      .prepare("insert into executions (vendor_type, vendor_id, status, trigger, extra_attrs, start_time, update_time) values ('REPLICATION', ?, 'Pending', 'MANUAL', ?, ?, ?)")
      .run(policyId, JSON.stringify({ operator: 'admin', planner: 'a-process-that-died' }), now, now);
    db.close();
    berthA = await startServer({ dir: berthA.dir, config: A_CONFIG, env: A_ENV });
    adminA = ApiClient.basic(berthA, ADMIN.user, ADMIN.password);
    const orphanId = Number(inserted.lastInsertRowid);
    expect((await finishedExecution(adminA, orphanId, 30_000)).status).toBe('Failed');
    expect((await tasksOf(adminA, orphanId))[0]?.status_text).toMatch(/process planning this execution stopped/);
    const next = await startExecution(adminA, policyId);
    expect((await finishedExecution(adminA, next)).status).toBe('Succeed');
  }, 90_000);
});
