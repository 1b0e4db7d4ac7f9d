/**
 * /metrics on its own port of a real server, parsed as Prometheus text: Harbor's names, process
 * metrics, and counters that move with a skopeo push and pull (requests by route, pushes, pulls
 * and bytes by project, the project summary). The public port does not serve them, and a bad
 * metric block stops start-up naming its key.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { ConfigError, loadConfig } from '../config/load.js';
import { ApiClient } from '../testing/api-client.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../testing/dialects.js';
import { buildImage } from '../testing/oci-images.js';
import { ADMIN } from '../testing/registry-client.js';
import { eventually, skopeo, skopeoPush } from '../testing/replication.js';
import { startServer, type ServerProcess } from '../testing/server-process.js';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The text exposition format (0.0.4): `# HELP`/`# TYPE` lines, then `name{k="v",...} value`. */
function parsePrometheus(text: string): { samples: Sample[]; types: Map<string, string> } {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) types.set(type[1]!, type[2]!);
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, k, v] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[k!] = v!;
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return { samples, types };
}

describe.each(DIALECTS)('metrics on %s', (dialect) => {
  let server: ServerProcess;
  let testDb: TestDatabase;
  let metricsUrl: string;
  const creds = `${ADMIN.user}:${ADMIN.password}`;

  const scrape = async () => {
    const res = await fetch(metricsUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return parsePrometheus(await res.text());
  };
  const value = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
    samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((sum, s) => sum + s.value, 0);

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    server = await startServer({
      preparedDataVolume: inject('preparedDataVolume'),
      config: { metric: { enabled: true, port: 0, bind_address: '127.0.0.1', path: '/metrics' }, ...(testDb.url ? { database: { url: testDb.url } } : {}) },
    });
    const port = /"metricsPort":(\d+)/.exec(server.output())![1];
    metricsUrl = `http://127.0.0.1:${port}/metrics`;
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await server?.cleanup();
    await testDb?.drop();
  });

  test('Harbor names and process metrics, and counters that move with a push and a pull', async () => {
    const before = await scrape();
    for (const [name, type] of [
      ['harbor_core_http_request_total', 'counter'],
      ['harbor_core_http_request_duration_seconds', 'histogram'],
      ['harbor_project_total', 'gauge'],
      ['harbor_project_repo_total', 'gauge'],
      ['harbor_project_member_total', 'gauge'],
      ['harbor_project_quota_usage_byte', 'gauge'],
      ['harbor_project_artifact_total', 'gauge'],
      ['harbor_task_queue_size', 'gauge'],
      ['harbor_jobservice_task_total', 'gauge'],
      ['harbor_jobservice_task_process_time_seconds', 'histogram'],
      ['berth_registry_pushes_total', 'counter'],
      ['berth_registry_bytes_total', 'counter'],
      ['berth_database_connections', 'gauge'],
      ['process_cpu_user_seconds_total', 'counter'],
      ['nodejs_heap_size_used_bytes', 'gauge'],
    ]) {
      expect(before.types.get(name!), name).toBe(type);
    }
    expect(value(before.samples, 'harbor_project_total')).toBe(1);
    expect(value(before.samples, 'berth_database_connections', { state: 'open' })).toBeGreaterThanOrEqual(1);

    const admin = ApiClient.basic(server, ADMIN.user, ADMIN.password);
    expect((await admin.post('/projects', { project_name: 'metered' })).status).toBe(201);
    const image = buildImage({ seed: 'metrics' });
    await skopeoPush(server.url, image, 'metered/app', 'v1', creds);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'berth-metrics-pull-'));
    try {
      const pulled = await skopeo('copy', '--src-tls-verify=false', '--src-creds', creds, `docker://${new URL(server.url).host}/metered/app:v1`, `oci:${dir}:x`);
      expect(pulled.code, pulled.stderr).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }

    // The summary is cached for 10 s: wait for the next one.
    const after = await eventually('the project summary to show the push', async () => {
      const now = await scrape();
      return value(now.samples, 'harbor_project_repo_total', { project_name: 'metered' }) === 1 ? now : undefined;
    }, 30_000);
    const s = after.samples;
    const layerBytes = image.layers.reduce((sum, l) => sum + l.size, 0) + image.config.size;
    expect(value(s, 'harbor_project_total')).toBe(2);
    expect(value(s, 'harbor_project_member_total', { project_name: 'metered' })).toBe(1);
    expect(value(s, 'harbor_project_artifact_total', { project_name: 'metered' })).toBe(1);
    expect(value(s, 'harbor_project_quota_usage_byte', { project_name: 'metered' })).toBe(layerBytes + image.manifest.size);
    expect(value(s, 'berth_registry_pushes_total', { project_name: 'metered' })).toBe(1);
    expect(value(s, 'berth_registry_pulls_total', { project_name: 'metered' })).toBeGreaterThanOrEqual(1);
    expect(value(s, 'berth_registry_bytes_total', { project_name: 'metered', direction: 'push' })).toBeGreaterThanOrEqual(layerBytes);
    expect(value(s, 'berth_registry_bytes_total', { project_name: 'metered', direction: 'pull' })).toBeGreaterThanOrEqual(layerBytes);
    expect(value(s, 'harbor_core_http_request_total', { surface: 'registry', method: 'PUT', operation: '/v2/manifest', code: '201' })).toBe(1);
    expect(value(s, 'harbor_core_http_request_total', { surface: 'registry', method: 'GET', operation: '/v2/manifest', code: '200' })).toBeGreaterThanOrEqual(1);
    expect(value(s, 'harbor_core_http_request_total', { surface: 'api', method: 'POST', operation: '/api/v2.0/projects', code: '201' })).toBe(1);
    expect(value(s, 'harbor_core_http_request_total', { surface: 'token' })).toBeGreaterThanOrEqual(1);
    expect(value(s, 'harbor_core_http_request_duration_seconds_count', { surface: 'registry', method: 'PUT', operation: '/v2/manifest' })).toBe(1);
    // Paths never become labels: a repository name appears in no operation.
    expect(s.filter((x) => x.name === 'harbor_core_http_request_total' && x.labels.operation!.includes('metered'))).toEqual([]);
  });

  test('the public port does not serve the metrics', async () => {
    const res = await fetch(`${server.url}/metrics`);
    expect(await res.text()).not.toContain('harbor_core_http_request_total');
  });

  test('a bad metric block stops start-up naming the key', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'berth-metric-config-'));
    try {
      const file = path.join(dir, 'harbor.yml');
      await writeFile(file, 'metric:\n  enabled: true\n  port: 70000\n  path: metrics\n');
      let problems: string[] = [];
      try {
        loadConfig({ file, env: {}, cwd: dir });
      } catch (err) {
        if (err instanceof ConfigError) problems = err.problems;
      }
      expect(problems.join('\n')).toMatch(/metric\.port/);
      expect(problems.join('\n')).toMatch(/metric\.path/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
