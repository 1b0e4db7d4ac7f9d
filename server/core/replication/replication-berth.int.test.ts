/**
 * Replication between two Berth processes with token auth (endpoint type harbor): an index of
 * two platforms and a signed image (the referrer and the cosign tag follow), event-based
 * replication of a push and of a delete, a scheduled rule firing, and one running execution per
 * rule with the triggers that arrive meanwhile folded into one waiting execution.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { ApiClient } from '../../testing/api-client.js';
import { blobOf, buildArtifact, buildImage, buildIndex, descriptor, OCI_CONFIG, OCI_LAYER, OCI_MANIFEST, type Image } from '../../testing/oci-images.js';
import { ADMIN, RegistryClient, pullScope } from '../../testing/registry-client.js';
import {
  createEndpoint,
  createRule,
  eventually,
  executionsOf,
  finishedExecution,
  skopeoDigest,
  startExecution,
  tasksOf,
} from '../../testing/replication.js';
import { startServer, type ServerProcess } from '../../testing/server-process.js';

const amd = buildImage({ seed: 'berth-amd', architecture: 'amd64' });
const arm = buildImage({ seed: 'berth-arm', architecture: 'arm64' });
const index = buildIndex([amd, arm]);
const signedImage = buildImage({ seed: 'berth-signed', layers: 2 });
const signature = buildArtifact({
  artifactType: 'application/vnd.dev.cosign.artifact.sig.v1+json',
  payload: blobOf('application/vnd.dev.cosign.simplesigning.v1+json', { critical: 'berth-signed' }),
  subject: signedImage.manifest,
});
const cosignSig = buildImage({ seed: 'berth-cosign-sig' });
const live = buildImage({ seed: 'berth-live' });
const scheduled = buildImage({ seed: 'berth-scheduled' });

/** An image whose one layer is `bytes` of random data (nothing compresses it). */
function randomImage(seed: string, bytes: number): Image {
  const layer = blobOf(OCI_LAYER, randomBytes(bytes));
  const config = blobOf(OCI_CONFIG, { architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [layer.digest] }, config: { Labels: { seed } } });
  const manifest = blobOf(OCI_MANIFEST, { schemaVersion: 2, mediaType: OCI_MANIFEST, config: descriptor(config), layers: [descriptor(layer)] });
  return { config, layers: [layer], manifest };
}
const slow = randomImage('berth-slow', 1024 * 1024);

const blobsOf = (i: Image) => [i.config, ...i.layers];
const creds = `${ADMIN.user}:${ADMIN.password}`;

describe('replication between two Berth processes', () => {
  let berthA: ServerProcess;
  let berthB: ServerProcess;
  let adminA: ApiClient;
  let adminB: ApiClient;
  let pushA: RegistryClient;
  let pullB: RegistryClient;
  let endpointId: number;

  beforeAll(async () => {
    const prepared = inject('preparedDataVolume');
    [berthA, berthB] = await Promise.all([startServer({ preparedDataVolume: prepared }), startServer({ preparedDataVolume: prepared })]);
    adminA = ApiClient.basic(berthA, ADMIN.user, ADMIN.password);
    adminB = ApiClient.basic(berthB, ADMIN.user, ADMIN.password);
    expect((await adminA.post('/projects', { project_name: 'src' })).status).toBe(201);
    expect((await adminB.post('/projects', { project_name: 'dst' })).status).toBe(201);
    pushA = new RegistryClient(berthA.url, ADMIN);
    pullB = new RegistryClient(berthB.url, ADMIN);
    await pushA.pushIndex('src/multi', 'v1', [amd, arm], index);
    await pushA.pushImage('src/signed', 'v1', blobsOf(signedImage), signedImage.manifest);
    await pushA.pushImage('src/signed', signature.manifest.digest, signature.blobs, signature.manifest);
    await pushA.pushImage('src/signed', `${signedImage.manifest.digest.replace(':', '-')}.sig`, blobsOf(cosignSig), cosignSig.manifest);
    endpointId = await createEndpoint(adminA, {
      name: 'berth-b',
      type: 'harbor',
      url: berthB.url,
      credential: { type: 'basic', access_key: ADMIN.user, access_secret: ADMIN.password },
    });
  }, 120_000);

  afterAll(async () => {
    await Promise.all([berthA?.stop(), berthB?.stop()]);
    await Promise.all([berthA?.cleanup(), berthB?.cleanup()]);
  });

  test('an index with two platforms and a signed image: children and accessories follow', async () => {
    const policyId = await createRule(adminA, {
      name: 'to-b',
      dest_registry: { id: endpointId },
      dest_namespace: 'dst',
      dest_namespace_replace_count: 1,
      filters: [{ type: 'name', value: 'src/{multi,signed}' }],
    });
    const execution = await finishedExecution(adminA, await startExecution(adminA, policyId));
    expect(execution).toMatchObject({ status: 'Succeed', total: 2, succeed: 2 });
    // The signature and the .sig image are no tasks of their own: they travel with their subject.
    expect((await tasksOf(adminA, execution.id)).map((t) => t.src_resource).sort()).toEqual(['src/multi:[v1]', 'src/signed:[v1]']);

    expect(await skopeoDigest(berthB.url, 'dst/multi', 'v1', creds)).toBe(index.digest);
    for (const child of [amd, arm]) expect(await pullB.manifestStatus('dst/multi', child.manifest.digest)).toBe(200);
    expect(await skopeoDigest(berthB.url, 'dst/signed', 'v1', creds)).toBe(signedImage.manifest.digest);
    const referrers = await pullB.fetch(`/v2/dst/signed/referrers/${signedImage.manifest.digest}`, [pullScope('dst/signed')]);
    const listed = (await referrers.json()) as { manifests: { digest: string }[] };
    expect(listed.manifests.map((m) => m.digest)).toEqual([signature.manifest.digest]);
    expect(await skopeoDigest(berthB.url, 'dst/signed', `${signedImage.manifest.digest.replace(':', '-')}.sig`, creds)).toBe(cosignSig.manifest.digest);
  });

  test("a destination project that does not exist is made, private, as Harbor's replication makes it", async () => {
    const policyId = await createRule(adminA, {
      name: 'to-new-project',
      dest_registry: { id: endpointId },
      dest_namespace: 'fresh',
      dest_namespace_replace_count: 1,
      filters: [{ type: 'name', value: 'src/signed' }, { type: 'tag', value: 'v1' }],
    });
    expect((await adminB.request('HEAD', '/projects?project_name=fresh')).status).toBe(404);
    const execution = await finishedExecution(adminA, await startExecution(adminA, policyId));
    expect(execution).toMatchObject({ status: 'Succeed', total: 1, succeed: 1 });
    const made = await adminB.get<{ metadata: { public: string } }>('/projects/fresh');
    expect([made.status, made.body.metadata.public]).toEqual([200, 'false']);
    expect(await skopeoDigest(berthB.url, 'fresh/signed', 'v1', creds)).toBe(signedImage.manifest.digest);
  });

  test('event-based: a push replicates within seconds, and so does its delete', async () => {
    const policyId = await createRule(adminA, {
      name: 'live-to-b',
      dest_registry: { id: endpointId },
      dest_namespace: 'dst',
      dest_namespace_replace_count: 1,
      trigger: { type: 'event_based' },
      replicate_deletion: true,
      filters: [{ type: 'name', value: 'src/live' }],
    });
    await pushA.pushImage('src/live', 'v1', blobsOf(live), live.manifest);
    await eventually('the push to reach Berth B', async () => ((await skopeoDigest(berthB.url, 'dst/live', 'v1', creds)) === live.manifest.digest ? true : undefined));
    const [first] = await executionsOf(adminA, policyId);
    expect(first).toMatchObject({ trigger: 'event_based' });
    await finishedExecution(adminA, first!.id);

    expect((await adminA.delete('/projects/src/repositories/live/artifacts/v1')).status).toBe(200);
    await eventually('the delete to reach Berth B', async () => ((await pullB.manifestStatus('dst/live', live.manifest.digest)) === 404 ? true : undefined));
    const executions = await executionsOf(adminA, policyId);
    expect(executions).toHaveLength(2);
    const deletion = await finishedExecution(adminA, executions[0]!.id);
    expect(deletion).toMatchObject({ status: 'Succeed', trigger: 'event_based' });
    expect((await tasksOf(adminA, deletion.id)).map((t) => t.operation)).toEqual(['deletion']);
  });

  test('one execution of a rule runs at a time; triggers meanwhile fold into one waiting execution', async () => {
    await pushA.pushImage('src/slow', 'v1', blobsOf(slow), slow.manifest);
    // 1 MiB at 256 KB/s: about four seconds to copy.
    const policyId = await createRule(adminA, {
      name: 'slow-to-b',
      dest_registry: { id: endpointId },
      dest_namespace: 'dst',
      dest_namespace_replace_count: 1,
      override: true,
      speed: 256,
      filters: [{ type: 'name', value: 'src/slow' }],
    });
    const running = await startExecution(adminA, policyId);
    const waiting = await startExecution(adminA, policyId);
    const again = await startExecution(adminA, policyId);
    expect(waiting).not.toBe(running);
    expect(again).toBe(waiting);
    const listed = await executionsOf(adminA, policyId);
    expect(listed.map((e) => e.id).sort()).toEqual([running, waiting].sort());
    const busy = await adminA.delete(`/replication/policies/${policyId}`);
    expect(busy.status).toBe(412);
    expect((await finishedExecution(adminA, running)).status).toBe('Succeed');
    expect((await finishedExecution(adminA, waiting)).status).toBe('Succeed');
    expect(await executionsOf(adminA, policyId)).toHaveLength(2);
    expect(await skopeoDigest(berthB.url, 'dst/slow', 'v1', creds)).toBe(slow.manifest.digest);
  });

  test('a scheduled rule fires from its cron (every minute, at second 0)', async () => {
    await pushA.pushImage('src/scheduled', 'v1', blobsOf(scheduled), scheduled.manifest);
    const policyId = await createRule(adminA, {
      name: 'scheduled-to-b',
      dest_registry: { id: endpointId },
      dest_namespace: 'dst',
      dest_namespace_replace_count: 1,
      trigger: { type: 'scheduled', trigger_settings: { cron: '0 */1 * * * *' } },
      filters: [{ type: 'name', value: 'src/scheduled' }],
    });
    const fired = await eventually('the schedule to fire', async () => (await executionsOf(adminA, policyId))[0], 75_000);
    expect(fired.trigger).toBe('scheduled');
    expect((await finishedExecution(adminA, fired.id)).status).toBe('Succeed');
    expect(await skopeoDigest(berthB.url, 'dst/scheduled', 'v1', creds)).toBe(scheduled.manifest.digest);
  }, 120_000);
});
