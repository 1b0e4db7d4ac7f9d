/**
 * The webhook events whose features live elsewhere (quotas, tag retention) are emitted on the
 * bus of a real Berth started in this process, as those features will emit them: each reaches a
 * real HTTP receiver as Harbor's QUOTA_EXCEED, QUOTA_WARNING and TAG_RETENTION, in the Default
 * and CloudEvents formats, and a dry-run retention sends nothing (Harbor's rule).
 */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { loadConfig } from './config/load.js';
import { startBerth, type RunningBerth } from './lifecycle.js';
import { ApiClient } from './testing/api-client.js';
import { ADMIN } from './testing/registry-client.js';
import { eventually } from './testing/replication.js';
import type { ServerProcess } from './testing/server-process.js';
import { startReceiver, type WebhookReceiver } from './testing/webhook-receiver.js';

const TYPES = ['QUOTA_EXCEED', 'QUOTA_WARNING', 'TAG_RETENTION'];

describe('quota and retention events reach webhooks', () => {
  let berth: RunningBerth;
  let dir: string;
  let receiver: WebhookReceiver;
  let projectId: number;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'berth-hook-events-'));
    await cp(path.join(inject('preparedDataVolume'), 'secret'), path.join(dir, 'data', 'secret'), { recursive: true });
    const file = path.join(dir, 'harbor.yml');
    await writeFile(file, stringify({ hostname: '127.0.0.1', http: { port: 0, bind_address: '127.0.0.1' }, data_volume: path.join(dir, 'data'), log: { level: 'error' } }));
    berth = await startBerth(loadConfig({ file, env: {}, cwd: dir }));
    receiver = await startReceiver();
    const admin = ApiClient.basic({ url: `http://127.0.0.1:${berth.port}` } as ServerProcess, ADMIN.user, ADMIN.password);
    const created = await admin.post('/projects', { project_name: 'quotas' });
    projectId = Number(created.headers.get('location')!.split('/').at(-1));
    for (const [name, format] of [
      ['plain', 'Default'],
      ['cloud', 'CloudEvents'],
    ]) {
      const res = await admin.post('/projects/quotas/webhook/policies', { name, targets: [{ type: 'http', address: `${receiver.url}/${name}`, payload_format: format }], event_types: TYPES });
      expect(res.status).toBe(201);
    }
  }, 120_000);

  afterAll(async () => {
    await berth?.stop();
    await receiver?.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('QUOTA_EXCEED, QUOTA_WARNING and TAG_RETENTION in Default and CloudEvents', async () => {
    const at = new Date().toISOString();
    const quota = { operator: 'dev', projectId, project: 'quotas', repository: 'quotas/app', digest: 'sha256:' + 'a'.repeat(64), usage: 11 * 1024 * 1024, limit: 10 * 1024 * 1024, at };
    berth.ctx.events.emit({ type: 'quota.exceeded', ...quota });
    berth.ctx.events.emit({ type: 'quota.warning', ...quota, usage: 9 * 1024 * 1024 });
    const retention = { operator: 'admin', executionId: 7, projectId, project: 'quotas', status: 'Success', total: 3, retained: 1, at };
    berth.ctx.events.emit({ type: 'retention.finished', ...retention, dryRun: true, deleted: [{ repository: 'quotas/app', digest: 'sha256:' + 'c'.repeat(64), tags: ['dry'] }] });
    berth.ctx.events.emit({
      type: 'retention.finished',
      ...retention,
      dryRun: false,
      deleted: [
        { repository: 'quotas/app', digest: 'sha256:' + 'b'.repeat(64), tags: ['old'] },
        { repository: 'quotas/app', digest: 'sha256:' + 'd'.repeat(64), tags: [] },
      ],
    });
    await eventually('three deliveries per format', async () => (receiver.to('/plain').length >= 3 && receiver.to('/cloud').length >= 3 ? true : undefined), 30_000);

    const plain = Object.fromEntries(receiver.to('/plain').map((r) => [(r.body as { type: string }).type, r.body]));
    expect(Object.keys(plain).sort()).toEqual(['QUOTA_EXCEED', 'QUOTA_WARNING', 'TAG_RETENTION']);
    expect(plain.QUOTA_EXCEED).toMatchObject({
      operator: 'dev',
      event_data: {
        resources: [{ digest: quota.digest }],
        repository: { name: 'app', namespace: 'quotas', repo_full_name: 'quotas/app', repo_type: 'private' },
        custom_attributes: { Details: expect.stringMatching(/11\.0 MiB would exceed .*10\.0 MiB/) },
      },
    });
    expect(plain.QUOTA_WARNING).toMatchObject({ event_data: { custom_attributes: { Details: expect.stringMatching(/9\.0 MiB is near/) } } });
    expect(plain.TAG_RETENTION).toMatchObject({
      event_data: {
        retention: {
          total: 3,
          retained: 1,
          project_name: 'quotas',
          result: 'Success',
          deleted_artifact: [
            { name_tag: 'quotas/app:old', status: 'Success' },
            { name_tag: `quotas/app@sha256:${'d'.repeat(64)}` },
          ],
        },
      },
    });
    // The dry run sent nothing: one TAG_RETENTION per receiver.
    expect(receiver.to('/plain').filter((r) => (r.body as { type: string }).type === 'TAG_RETENTION')).toHaveLength(1);

    const cloudTypes = receiver.to('/cloud').map((r) => (r.body as { type: string }).type).sort();
    expect(cloudTypes).toEqual(['harbor.quota.exceeded', 'harbor.quota.warned', 'harbor.tag_retention.finished']);
    for (const r of receiver.to('/cloud')) expect(r.headers['content-type']).toBe('application/cloudevents+json');
  });
});
