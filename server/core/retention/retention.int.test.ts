/**
 * Tag retention end to end on a real server, on SQLite and PostgreSQL: a repository whose push
 * and pull times are set in the database, rules OR-ed over it, an immutable tag the rules would
 * drop, a layer shared with another repository and one with another project. The dry run names exactly the artifacts to go and
 * the bytes of the blobs only they name, and deletes nothing; the real run deletes exactly those.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { ApiClient, errorOf, fieldAndMessage } from '../../testing/api-client.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../testing/dialects.js';
import { blobOf, descriptor, OCI_CONFIG, OCI_LAYER, OCI_MANIFEST, type Blob, type Image } from '../../testing/oci-images.js';
import { ADMIN, RegistryClient, serverDatabase } from '../../testing/registry-client.js';
import { eventually } from '../../testing/replication.js';
import { startServer, type ServerProcess } from '../../testing/server-process.js';

const base = blobOf(OCI_LAYER, Buffer.alloc(3000, 'shared base layer'));
function imageOn(seed: string, bytes: number): Image {
  const own = blobOf(OCI_LAYER, Buffer.alloc(bytes, seed));
  const config = blobOf(OCI_CONFIG, { architecture: 'amd64', os: 'linux', config: { Labels: { seed } }, rootfs: { type: 'layers', diff_ids: [base.digest, own.digest] } });
  const manifest = blobOf(OCI_MANIFEST, { schemaVersion: 2, mediaType: OCI_MANIFEST, config: descriptor(config), layers: [descriptor(base), descriptor(own)] });
  return { config, layers: [base, own], manifest };
}

const images = { v1: imageOn('v1', 1001), v2: imageOn('v2', 1002), v3: imageOn('v3', 1003), v4: imageOn('v4', 1004), v5: imageOn('v5', 1005), untagged: imageOn('untagged', 1006) };
const other = imageOn('other', 1007);
const ownBytes = (i: Image) => i.config.size + i.layers[1]!.size;
const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();

interface TaskJson {
  id: number;
  repository: string;
  status: string;
  total: number;
  retained: number;
  deleted: number;
  bytes_freed: number;
  artifacts: { digest: string; action: string; reasons: string[]; pull_count: number; tags: { name: string; pull_count: number }[]; bytes_freed: number }[];
}
interface ExecutionJson {
  id: number;
  status: string;
  dry_run: boolean;
  deleted: number;
  bytes_freed: number;
}

const rule = (template: string, n: number | undefined, repo: string) => ({
  action: 'retain',
  template,
  params: n === undefined ? {} : { [template]: n },
  tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: '**', extras: '{"untagged":false}' }],
  scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: repo }] },
});

describe.each(DIALECTS)('tag retention on %s', (dialect) => {
  let server: ServerProcess;
  let testDb: TestDatabase | undefined;
  let admin: ApiClient;
  let registry: RegistryClient;
  let projectId: number;
  let policyId: number;

  beforeAll(async () => {
    testDb = dialect === 'postgresql' ? await createTestDatabase('postgresql') : undefined;
    server = await startServer({ preparedDataVolume: inject('preparedDataVolume'), ...(testDb ? { env: { BERTH_DATABASE_URL: testDb.url! } } : {}) });
    admin = ApiClient.basic(server, 'admin', 'Harbor12345');
    registry = new RegistryClient(server.url, ADMIN);
    expect((await admin.post('/projects', { project_name: 'shelf' })).status).toBe(201);
    projectId = ((await admin.get<{ project_id: number }>('/projects/shelf')).body).project_id;
    const push = (repository: string, ref: string, image: Image) => registry.pushImage(repository, ref, [image.config, ...(image.layers as Blob[])], image.manifest);
    for (const tag of ['v1', 'v2', 'v3', 'v4', 'v5'] as const) await push('shelf/app', tag, images[tag]);
    await push('shelf/app', images.untagged.manifest.digest, images.untagged);
    await push('shelf/other', 'x', other);
    await push('shelf/tools', 'old', imageOn('tools', 1008));
    // Another project names the untagged image's own layer: deleting it there frees only its config.
    expect((await admin.post('/projects', { project_name: 'elsewhere' })).status).toBe(201);
    const sharedLayer = images.untagged.layers[1]!;
    const elsewhereConfig = blobOf(OCI_CONFIG, { architecture: 'arm64', os: 'linux', rootfs: { type: 'layers', diff_ids: [sharedLayer.digest] } });
    const elsewhereManifest = blobOf(OCI_MANIFEST, { schemaVersion: 2, mediaType: OCI_MANIFEST, config: descriptor(elsewhereConfig), layers: [descriptor(sharedLayer)] });
    await push('elsewhere/copy', 'x', { config: elsewhereConfig, layers: [sharedLayer], manifest: elsewhereManifest });
    // Known times: v1 pushed long ago but pulled yesterday, v4 and v5 pushed lately.
    const handle = serverDatabase(server, testDb?.url);
    try {
      const times: Record<string, { push: string; pull: string | null; pulls: number }> = {
        v1: { push: ago(50), pull: ago(1), pulls: 3 },
        v2: { push: ago(40), pull: null, pulls: 0 },
        v3: { push: ago(30), pull: ago(20), pulls: 1 },
        v4: { push: ago(2), pull: null, pulls: 0 },
        v5: { push: ago(1), pull: null, pulls: 0 },
        untagged: { push: ago(60), pull: null, pulls: 0 },
      };
      for (const [name, t] of Object.entries(times)) {
        const digest = images[name as keyof typeof images].manifest.digest;
        await handle.db.updateTable('artifacts').set({ push_time: t.push, pull_time: t.pull, pull_count: t.pulls }).where('digest', '=', digest).execute();
        await handle.db.updateTable('tags').set({ push_time: t.push, pull_time: t.pull, pull_count: t.pulls }).where('name', '=', name).execute();
      }
    } finally {
      await handle.close();
    }
    // v3 is protected: retention must keep it although no rule does.
    const immutable = await admin.post('/projects/shelf/immutabletagrules', {
      tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: 'v3' }],
      scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: '**' }] },
    });
    expect(immutable.status, JSON.stringify(immutable.body)).toBe(201);
  });

  afterAll(async () => {
    await server.stop();
    await server.cleanup();
    await testDb?.drop();
  });

  const finished = (id: number) =>
    eventually(`retention execution ${id} to end`, async () => {
      const list = await admin.get<ExecutionJson[]>(`/retentions/${policyId}/executions?page_size=0`);
      const e = list.body.find((x) => x.id === id);
      return e && ['Success', 'Error', 'Stopped'].includes(e.status) ? e : undefined;
    });
  const trigger = async (dryRun: boolean) => {
    const res = await admin.post(`/retentions/${policyId}/executions`, { dry_run: dryRun });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return Number(res.headers.get('location')!.split('/').at(-1));
  };

  test('a policy per project: created with its retention_id, validated, read back in Harbor\'s shape', async () => {
    const metadata = await admin.get<{ templates: { rule_template: string }[] }>('/retentions/metadatas');
    expect(metadata.body.templates.map((t) => t.rule_template)).toEqual(['latestPushedK', 'latestPulledN', 'nDaysSinceLastPush', 'nDaysSinceLastPull', 'always']);
    const bad = await admin.post('/retentions', { algorithm: 'or', rules: [rule('latestPushedK', -2, 'app')], trigger: { kind: 'Schedule', settings: { cron: '' } }, scope: { level: 'project', ref: projectId } });
    expect(bad.status).toBe(400);
    expect(fieldAndMessage(bad)).toBe('rules[0].params.latestPushedK: rules[0].params.latestPushedK must be a whole number from 0.');
    const body = {
      algorithm: 'or',
      rules: [rule('latestPushedK', 2, 'app'), rule('nDaysSinceLastPull', 7, 'app')],
      trigger: { kind: 'Schedule', settings: { cron: '0 0 3 * * *' } },
      scope: { level: 'project', ref: projectId },
    };
    const created = await admin.post('/retentions', body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    policyId = Number(created.headers.get('location')!.split('/').at(-1));
    expect((await admin.get<{ metadata: Record<string, string> }>('/projects/shelf')).body.metadata.retention_id).toBe(String(policyId));
    const again = await admin.post('/retentions', body);
    expect(again.status).toBe(400);
    expect(errorOf(again)!.message).toBe(`Project shelf already has retention policy ${policyId}; change that one instead.`);
    const read = await admin.get<{ rules: unknown[]; scope: unknown; trigger: unknown }>(`/retentions/${policyId}`);
    expect(read.body).toMatchObject({ id: policyId, algorithm: 'or', scope: { level: 'project', ref: projectId }, trigger: { kind: 'Schedule', settings: { cron: '0 0 3 * * *' } } });
    expect(read.body.rules).toHaveLength(2);
    const badCron = await admin.put(`/retentions/${policyId}`, { ...body, trigger: { kind: 'Schedule', settings: { cron: 'every day' } } });
    expect(badCron.status).toBe(400);
  });

  test('a dry run names exactly the artifacts to delete and the bytes of the blobs only they name, and deletes nothing', async () => {
    const id = await trigger(true);
    const execution = await finished(id);
    // v2 (old, never pulled) and the untagged one go; v1 (pulled lately), v3 (immutable), v4, v5 (newest) stay.
    const freed = ownBytes(images.v2) + images.untagged.config.size;
    expect(execution).toMatchObject({ status: 'Success', dry_run: true, deleted: 2, bytes_freed: freed });
    const tasks = (await admin.get<TaskJson[]>(`/retentions/${policyId}/executions/${id}/tasks`)).body;
    // tools and other are not selected by the rules: no task, untouched.
    expect(tasks.map((t) => t.repository)).toEqual(['shelf/app']);
    const [task] = tasks;
    expect(task).toMatchObject({ status: 'Success', total: 6, retained: 4, deleted: 2, bytes_freed: freed });
    const verdict = Object.fromEntries(task!.artifacts.map((a) => [a.tags[0]?.name ?? 'untagged', [a.action, a.reasons.join(','), a.pull_count]]));
    expect(verdict).toEqual({
      v1: ['retain', 'rule 2', 3],
      v2: ['delete', '', 0],
      v3: ['retain', 'immutable', 1],
      v4: ['retain', 'rule 1', 0],
      v5: ['retain', 'rule 1', 0],
      untagged: ['delete', '', 0],
    });
    const log = await admin.get<string>(`/retentions/${policyId}/executions/${id}/tasks/${task!.id}`);
    expect(log.status).toBe(200);
    expect(log.body).toContain(`shelf/app: 2 of 6 artifacts would be deleted, 4 retained, ${freed} bytes would be freed`);
    expect(log.body).toMatch(/v1\(3\).*RETAIN rule 2/);
    expect(log.body).toMatch(/v2\(0\).*DEL/);
    for (const ref of ['v2', images.untagged.manifest.digest]) expect(await registry.manifestStatus('shelf/app', ref, 'HEAD')).toBe(200);
  });

  test('the real run deletes exactly the planned artifacts, as the system, and leaves the rest pullable', async () => {
    const id = await trigger(false);
    expect(await finished(id)).toMatchObject({ status: 'Success', dry_run: false, deleted: 2 });
    const status = async (ref: string) => registry.manifestStatus('shelf/app', ref, 'HEAD');
    expect(await status('v2')).toBe(404);
    expect(await status(images.untagged.manifest.digest)).toBe(404);
    for (const tag of ['v1', 'v3', 'v4', 'v5']) expect(await status(tag)).toBe(200);
    expect(await registry.manifestStatus('shelf/other', 'x', 'HEAD')).toBe(200);
    expect(await registry.manifestStatus('shelf/tools', 'old', 'HEAD')).toBe(200);
    const logs = await admin.get<{ operation: string; resource: string; username: string }[]>('/projects/shelf/logs?q=operation%3Ddelete&page_size=50');
    expect(logs.body.map((l) => `${l.username} ${l.resource}`).sort()).toEqual(
      [`system$ shelf/app@${images.v2.manifest.digest}`, `system$ shelf/app@${images.untagged.manifest.digest}`].sort(),
    );
    const pause = await admin.request('PATCH', `/retentions/${policyId}/executions/${id}`, { body: { action: 'pause' } });
    expect(pause.status).toBe(400);
    expect(fieldAndMessage(pause)).toBe('action: action must be stop.');
    expect((await admin.request('PATCH', `/retentions/${policyId}/executions/999999`, { body: { action: 'stop' } })).status).toBe(404);
    // A second dry run finds nothing more to delete.
    expect(await finished(await trigger(true))).toMatchObject({ deleted: 0, bytes_freed: 0 });
  });

  test('the policy\'s schedule fires a real run on the job service', async () => {
    const handle = serverDatabase(server, testDb?.url);
    try {
      // The cron (03:00 daily) is due now: as if the night had come.
      const due = await handle.db.updateTable('schedules').set({ next_fire_at: ago(0.001) }).where('vendor_type', '=', 'RETENTION').where('vendor_id', '=', policyId).executeTakeFirst();
      expect(Number(due.numUpdatedRows)).toBe(1);
    } finally {
      await handle.close();
    }
    const fired = await eventually('the schedule to fire', async () => {
      const list = await admin.get<(ExecutionJson & { trigger: string })[]>(`/retentions/${policyId}/executions`);
      return list.body.find((e) => e.trigger === 'SCHEDULE');
    });
    expect(await finished(fired.id)).toMatchObject({ dry_run: false, status: 'Success', deleted: 0 });
  });

  test('deleting the policy removes it and the project\'s retention_id', async () => {
    expect((await admin.delete(`/retentions/${policyId}`)).status).toBe(200);
    expect((await admin.get(`/retentions/${policyId}`)).status).toBe(404);
    expect((await admin.get<{ metadata: Record<string, string> }>('/projects/shelf')).body.metadata.retention_id).toBeUndefined();
  });
});
