/**
 * Memory under load, on the real server process: the heap flag is in force, and resident memory
 * returns near its resting figure once a burst of 32-connection blob and manifest reads stops.
 * Event-driven: the test waits for the server's "quiet: garbage collected" lines, not a time.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { blobOf, descriptor, OCI_CONFIG, OCI_LAYER, OCI_MANIFEST } from './testing/oci-images.js';
import { ADMIN, pullScope, RegistryClient } from './testing/registry-client.js';
import { startServer, type ServerProcess } from './testing/server-process.js';

const MiB = 1024 * 1024;
const rss = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;
const collections = (server: ServerProcess) => server.output().split('"msg":"quiet: garbage collected"').length - 1;

/** Resolves once the server has logged `count` collections in all (polls its output). */
async function collected(server: ServerProcess, count: number): Promise<void> {
  while (collections(server) < count) await new Promise((r) => setTimeout(r, 200));
}

async function load(concurrency: number, requests: number, task: () => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next++ < requests) await task();
  }));
}

describe('memory under load', () => {
  let server: ServerProcess;

  beforeAll(async () => {
    server = await startServer({ preparedDataVolume: inject('preparedDataVolume') });
  });

  afterAll(async () => {
    await server.stop();
    await server.cleanup();
  });

  test('the served process runs with --heap-growing-percent=50 and a fixed malloc trim threshold, and returns near its resting memory after a burst', { timeout: 180_000 }, async () => {
    expect(server.output()).toMatch(/"v8Flags":\["--heap-growing-percent=50"\][^\n]*"msg":"Berth is listening"/);
    expect(server.output()).toMatch(/"nodeFlags":\["--max-semi-space-size=8"\][^\n]*"msg":"Berth is listening"/);
    expect(server.output()).toMatch(/"malloc":\{"MALLOC_TRIM_THRESHOLD_":"131072"\}[^\n]*"msg":"Berth is listening"/);
    const client = new RegistryClient(server.url, ADMIN);
    const layer = blobOf(OCI_LAYER, randomBytes(MiB));
    const config = blobOf(OCI_CONFIG, { architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [layer.digest] } });
    const manifest = blobOf(OCI_MANIFEST, { schemaVersion: 2, mediaType: OCI_MANIFEST, config: descriptor(config), layers: [descriptor(layer)] });
    for (const blob of [layer, config]) expect((await client.pushBlob('library/mem', blob)).status).toBe(201);
    expect((await client.pushManifest('library/mem', 'v1', manifest)).status).toBe(201);
    // At rest: after start-up's own collections (a first one and its follow-up).
    await collected(server, 2);
    const pid = server.child.pid!;
    const rest = rss(pid);
    const seen = collections(server);

    const scopes = [pullScope('library/mem')];
    const read = async (path: string) => {
      const res = await client.fetch(path, scopes, { headers: { accept: OCI_MANIFEST } });
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    };
    let peak = rest;
    const sampler = setInterval(() => (peak = Math.max(peak, rss(pid))), 50);
    await load(32, 600, () => read(`/v2/library/mem/blobs/${layer.digest}`));
    await load(32, 3000, () => read('/v2/library/mem/manifests/v1'));
    clearInterval(sampler);

    await collected(server, seen + 2);
    const after = rss(pid);
    // Without the collections the young generation (32 MiB), old-space garbage and freed
    // buffers stay resident: 113 MiB at rest, 144 MiB after, when this test was written.
    expect(after, `rest ${rest >> 20} MiB, peak ${peak >> 20} MiB, after ${after >> 20} MiB`).toBeLessThan(rest + 20 * MiB);
  });
});
