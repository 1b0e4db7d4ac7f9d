/**
 * A push rule's label filter between two Berth processes: only the artifacts carrying every
 * label the filter names are copied (matches), or only those without them (excludes).
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { ApiClient } from '../../testing/api-client.js';
import { buildImage, type Image } from '../../testing/oci-images.js';
import { ADMIN, RegistryClient } from '../../testing/registry-client.js';
import { createEndpoint, createRule, finishedExecution, skopeoDigest, startExecution, tasksOf } from '../../testing/replication.js';
import { startServer, type ServerProcess } from '../../testing/server-process.js';

const released = buildImage({ seed: 'labels-released' });
const draft = buildImage({ seed: 'labels-draft' });
const blobsOf = (i: Image) => [i.config, ...i.layers];
const creds = `${ADMIN.user}:${ADMIN.password}`;

describe('replication label filters', () => {
  let source: ServerProcess;
  let target: ServerProcess;
  let adminA: ApiClient;
  let endpointId: number;

  beforeAll(async () => {
    const prepared = inject('preparedDataVolume');
    [source, target] = await Promise.all([startServer({ preparedDataVolume: prepared }), startServer({ preparedDataVolume: prepared })]);
    adminA = ApiClient.basic(source, ADMIN.user, ADMIN.password);
    const adminB = ApiClient.basic(target, ADMIN.user, ADMIN.password);
    expect((await adminA.post('/projects', { project_name: 'src' })).status).toBe(201);
    expect((await adminB.post('/projects', { project_name: 'kept' })).status).toBe(201);
    expect((await adminB.post('/projects', { project_name: 'rest' })).status).toBe(201);
    const push = new RegistryClient(source.url, ADMIN);
    await push.pushImage('src/app', 'released', blobsOf(released), released.manifest);
    await push.pushImage('src/app', 'draft', blobsOf(draft), draft.manifest);
    const label = await adminA.post('/labels', { name: 'release', scope: 'g', color: '#0a0' });
    const labelId = Number(label.headers.get('location')!.split('/').at(-1));
    expect((await adminA.post('/projects/src/repositories/app/artifacts/released/labels', { id: labelId })).status).toBe(200);
    endpointId = await createEndpoint(adminA, {
      name: 'target',
      type: 'harbor',
      url: target.url,
      credential: { type: 'basic', access_key: ADMIN.user, access_secret: ADMIN.password },
    });
  }, 120_000);

  afterAll(async () => {
    await Promise.all([source?.stop(), target?.stop()]);
    await Promise.all([source?.cleanup(), target?.cleanup()]);
  });

  test('a label filter copies the labelled artifact only; excludes copies the rest', async () => {
    for (const [namespace, decoration, copied] of [['kept', 'matches', 'released'], ['rest', 'excludes', 'draft']] as const) {
      const policyId = await createRule(adminA, {
        name: `labels-${decoration}`,
        dest_registry: { id: endpointId },
        dest_namespace: namespace,
        dest_namespace_replace_count: 1,
        filters: [{ type: 'name', value: 'src/app' }, { type: 'label', value: ['release'], decoration }],
      });
      const execution = await finishedExecution(adminA, await startExecution(adminA, policyId));
      expect(execution).toMatchObject({ status: 'Succeed', total: 1, succeed: 1 });
      expect((await tasksOf(adminA, execution.id)).map((t) => t.src_resource)).toEqual([`src/app:[${copied}]`]);
      const other = copied === 'released' ? 'draft' : 'released';
      expect(await skopeoDigest(target.url, `${namespace}/app`, copied, creds)).toBe((copied === 'released' ? released : draft).manifest.digest);
      expect(await skopeoDigest(target.url, `${namespace}/app`, other, creds)).toBeNull();
    }
  });
});
