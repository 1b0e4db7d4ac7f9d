/**
 * Tag-to-tag diffs, proven on images built here with known changes: real layers made by GNU tar
 * (a base, v1's files, then v2's layer changing a file's content at the same size, a mode, a
 * whiteout, an opaque directory, a symlink), configs with changed ENV, CMD, labels and ports,
 * pushed with skopeo from an OCI layout. The diff is checked exactly; the second diff reads no
 * layer (the cache's counts); indexes, other repositories, refusals and the 202 while reading.
 * On SQLite and, when it answers, PostgreSQL.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { ApiClient, createUser, errorOf, type ApiResponse } from '../testing/api-client.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../testing/dialects.js';
import { skopeoFor } from '../testing/gc.js';
import { blobOf, buildArtifact, buildImage, buildIndex, descriptor, imageBlobs, OCI_CONFIG, OCI_LAYER, OCI_MANIFEST, writeOciLayout, type Blob, type Image } from '../testing/oci-images.js';
import { ADMIN, RegistryClient } from '../testing/registry-client.js';
import { startServer, type ServerProcess } from '../testing/server-process.js';

const work = mkdtempSync(path.join(os.tmpdir(), 'berth-diff-'));

/** A gzipped layer of the files `make` writes under a fresh directory, archived by GNU tar. */
function layer(name: string, make: (root: string) => void): Blob {
  const root = path.join(work, name);
  mkdirSync(root, { recursive: true });
  make(root);
  const out = path.join(work, `${name}.tar.gz`);
  execFileSync('tar', ['-czf', out, '-C', root, '.']);
  return blobOf(OCI_LAYER, readFileSync(out));
}

function file(root: string, rel: string, content: string, mode = 0o644) {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), content);
  chmodSync(path.join(root, rel), mode);
}

const base = layer('base', (root) => {
  file(root, 'etc/os-release', 'ID=debian\n');
  file(root, 'bin/tool', 'tool\n', 0o755);
  file(root, 'var/cache/a', 'aaa\n');
  file(root, 'var/cache/b', 'bbbb\n');
});
const appLayer = layer('app', (root) => {
  file(root, 'app/main.js', 'console.log(1)\n');
  file(root, 'app/run.sh', '#!/bin/sh\nnode main.js\n');
  file(root, 'app/old.txt', 'old\n');
});
const changeLayer = layer('change', (root) => {
  file(root, 'app/main.js', 'console.log(2)\n');
  file(root, 'app/run.sh', '#!/bin/sh\nnode main.js\n', 0o755);
  file(root, 'app/.wh.old.txt', '');
  symlinkSync('main.js', path.join(root, 'app/current'));
  file(root, 'var/cache/.wh..wh..opq', '');
  file(root, 'var/cache/c', 'c\n');
});

function image(layers: Blob[], config: object, history: object[]): Image {
  const configBlob = blobOf(OCI_CONFIG, { architecture: 'amd64', os: 'linux', config, rootfs: { type: 'layers', diff_ids: layers.map((l) => l.digest) }, history });
  const manifest = blobOf(OCI_MANIFEST, { schemaVersion: 2, mediaType: OCI_MANIFEST, config: descriptor(configBlob), layers: layers.map((l) => descriptor(l)) });
  return { config: configBlob, layers, manifest };
}

const v1 = image(
  [base, appLayer],
  { Env: ['PATH=/usr/bin', 'MODE=one'], Cmd: ['node', 'app/main.js'], Labels: { version: '1', team: 'core' }, ExposedPorts: { '8080/tcp': {} } },
  [{ created_by: 'ADD base /' }, { created_by: 'COPY app /app' }, { created_by: 'ENV MODE=one', empty_layer: true }],
);
const v2 = image(
  [base, appLayer, changeLayer],
  { Env: ['PATH=/usr/bin', 'MODE=two', 'DEBUG=1'], Cmd: ['node', 'app/main.js', '--serve'], Labels: { version: '2', team: 'core' }, ExposedPorts: { '8080/tcp': {}, '9090/tcp': {} } },
  [{ created_by: 'ADD base /' }, { created_by: 'COPY app /app' }, { created_by: 'RUN change' }, { created_by: 'ENV MODE=two', empty_layer: true }],
);
const amd = buildImage({ seed: 'diff-amd', layers: 2 });
const arm = buildImage({ seed: 'diff-arm', layers: 2, architecture: 'arm64' });
const multi = buildIndex([amd, arm]);
const chart = buildArtifact({ artifactType: 'application/vnd.cncf.helm.config.v1+json', payload: blobOf('application/vnd.cncf.helm.chart.content.v1.tar+gzip', 'chart') });

afterAll(() => rmSync(work, { recursive: true, force: true }));

const diffUrl = (repository: string, reference: string, query: Record<string, string>) =>
  `/berth/projects/diffs/repositories/${repository}/artifacts/${encodeURIComponent(reference)}/diff?${new URLSearchParams(query).toString()}`;

interface DiffBody {
  from: { digest: string; index_digest: string | null; platform: string | null; repository_name: string };
  to: { digest: string; index_digest: string | null; platform: string | null; repository_name: string };
  config: unknown[];
  history: { shared: number; from: { created_by?: string }[]; to: { created_by?: string }[] };
  layers: Record<'added' | 'removed' | 'shared', { digest: string; size: number; created_by: string | null }[]>;
  files: {
    added: { path: string; type: string; size: number; mode: string; link_target?: string }[];
    removed: { path: string }[];
    changed: { path: string; changes: string[]; before: { mode: string; size: number }; after: { mode: string; size: number } }[];
    totals: { added: number; removed: number; changed: number };
    truncated: boolean;
  };
  listings: { read: number; cached: number };
}

describe.each(DIALECTS)('diffs between images on %s', (dialect) => {
  let server: ServerProcess;
  let testDb: TestDatabase | undefined;
  let admin: ApiClient;

  beforeAll(async () => {
    testDb = dialect === 'postgresql' ? await createTestDatabase('postgresql') : undefined;
    server = await startServer({ preparedDataVolume: inject('preparedDataVolume'), env: testDb ? { BERTH_DATABASE_URL: testDb.url! } : {} });
    admin = ApiClient.basic(server, 'admin', 'Harbor12345');
    for (const name of ['diffs', 'secret']) expect((await admin.post('/projects', { project_name: name, metadata: { public: 'false' } })).status).toBe(201);
    const layout = path.join(work, `layout-${dialect}`);
    await writeOciLayout(layout, [...imageBlobs(v1), ...imageBlobs(v2)], { v1: v1.manifest, v2: v2.manifest });
    const skopeo = skopeoFor(server.url.slice('http://'.length), work);
    for (const [ref, target] of [['v1', 'diffs/app:v1'], ['v2', 'diffs/app:v2'], ['v2', 'secret/app:v2']] as const) {
      const pushed = await skopeo.push(layout, ref, target);
      expect(pushed.code, pushed.stderr).toBe(0);
    }
    const registry = new RegistryClient(server.url, ADMIN);
    await registry.pushIndex('diffs/multi', 'v1', [amd, arm], multi);
    await registry.pushImage('diffs/chart', 'v1', chart.blobs, chart.manifest);
  }, 180_000);

  afterAll(async () => {
    await server.stop();
    await server.cleanup();
    await testDb?.drop();
  });

  const ok = async (pending: Promise<ApiResponse>) => {
    const res = await pending;
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as DiffBody;
  };

  test('v1 to v2: settings, history, layers and files exactly; the second diff reads no layer', async () => {
    const diff = await ok(admin.get(diffUrl('app', 'v1', { with: 'v2' })));
    expect(diff.from).toEqual({ repository_name: 'diffs/app', digest: v1.manifest.digest, index_digest: null, platform: 'linux/amd64' });
    expect(diff.to.digest).toBe(v2.manifest.digest);
    expect(diff.config).toEqual([
      { field: 'Env', key: 'DEBUG', change: 'added', after: '1' },
      { field: 'Env', key: 'MODE', change: 'changed', before: 'one', after: 'two' },
      { field: 'Cmd', change: 'changed', before: '["node","app/main.js"]', after: '["node","app/main.js","--serve"]' },
      { field: 'Labels', key: 'version', change: 'changed', before: '1', after: '2' },
      { field: 'ExposedPorts', key: '9090/tcp', change: 'added' },
    ]);
    expect(diff.history).toEqual({ shared: 2, from: [{ created_by: 'ENV MODE=one', empty_layer: true }], to: [{ created_by: 'RUN change' }, { created_by: 'ENV MODE=two', empty_layer: true }] });
    expect(diff.layers.added).toEqual([{ digest: changeLayer.digest, size: changeLayer.size, media_type: OCI_LAYER, created_by: 'RUN change' }]);
    expect(diff.layers.removed).toEqual([]);
    expect(diff.layers.shared.map((l) => [l.digest, l.size])).toEqual([[base.digest, base.size], [appLayer.digest, appLayer.size]]);

    expect(diff.files.added).toEqual([
      expect.objectContaining({ path: 'app/current', type: 'symlink', link_target: 'main.js' }),
      { path: 'var/cache/c', type: 'file', size: 2, mode: '0644', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
    ]);
    expect(diff.files.removed.map((f) => f.path)).toEqual(['app/old.txt', 'var/cache/a', 'var/cache/b']);
    expect(diff.files.changed.map((c) => [c.path, c.changes, c.before.size, c.after.size, c.before.mode, c.after.mode])).toEqual([
      ['app/main.js', ['content'], 15, 15, '0644', '0644'],
      ['app/run.sh', ['mode'], 23, 23, '0644', '0755'],
    ]);
    expect(diff.files.totals).toEqual({ added: 2, removed: 3, changed: 2 });
    expect(diff.files.truncated).toBe(false);
    expect(diff.listings).toEqual({ read: 3, cached: 0 });

    const again = await ok(admin.get(diffUrl('app', 'v2', { with: 'v1' })));
    expect(again.listings).toEqual({ read: 0, cached: 3 });
    // The other way round: what v2 added, v1 lacks.
    expect(again.files.removed.map((f) => f.path)).toEqual(['app/current', 'var/cache/c']);
    expect(again.layers.removed.map((l) => l.digest)).toEqual([changeLayer.digest]);
  });

  test('a path narrows the files; a limit cuts each list and says so', async () => {
    const narrowed = await ok(admin.get(diffUrl('app', 'v1', { with: 'v2', path: '/var/cache/' })));
    expect(narrowed.files.added.map((f) => f.path)).toEqual(['var/cache/c']);
    expect(narrowed.files.totals).toEqual({ added: 1, removed: 2, changed: 0 });
    const cut = await ok(admin.get(diffUrl('app', 'v1', { with: 'v2', limit: '1' })));
    expect(cut.files.removed.map((f) => f.path)).toEqual(['app/old.txt']);
    expect(cut.files.totals.removed).toBe(3);
    expect(cut.files.truncated).toBe(true);
  });

  test('another repository, by tag or digest; an index by platform, with progress while its layers are read', async () => {
    const across = await ok(admin.get(diffUrl('app', 'v1', { with: `secret/app@${v2.manifest.digest}` })));
    expect(across.to).toMatchObject({ repository_name: 'secret/app', digest: v2.manifest.digest });
    expect(across.files.totals).toEqual({ added: 2, removed: 3, changed: 2 });

    const reading = await admin.get(diffUrl('multi', 'v1', { with: 'diffs/app:v1', wait: '0' }));
    expect(reading.status).toBe(202);
    expect(reading.body).toMatchObject({ status: 'reading', layers_total: 2, message: expect.stringMatching(/^Reading layers \(\d of 2\)$/) });
    let answered: ApiResponse = reading;
    for (let i = 0; i < 100 && answered.status === 202; i++) answered = await admin.get(diffUrl('multi', 'v1', { with: 'diffs/app:v1', wait: '1' }));
    const byDefault = answered.body as DiffBody;
    expect(byDefault.from).toEqual({ repository_name: 'diffs/multi', digest: amd.manifest.digest, index_digest: multi.digest, platform: 'linux/amd64' });
    const arm64 = await ok(admin.get(diffUrl('multi', 'v1', { with: 'v1', platform: 'linux/arm64' })));
    expect(arm64.from.digest).toBe(arm.manifest.digest);
    expect(arm64.files.totals).toEqual({ added: 0, removed: 0, changed: 0 });
  });

  test('refusals: not an image, a platform the index lacks, a bad with, a project the caller cannot read', async () => {
    const chartDiff = await admin.get(diffUrl('app', 'v1', { with: 'diffs/chart:v1' }));
    expect(chartDiff.status).toBe(400);
    expect(errorOf(chartDiff)).toMatchObject({ field: 'with', message: expect.stringContaining('not a container image') });
    const platform = await admin.get(diffUrl('multi', 'v1', { with: 'v1', platform: 'linux/s390x' }));
    expect(platform.status).toBe(400);
    expect(errorOf(platform)).toMatchObject({ field: 'platform', message: expect.stringContaining('linux/amd64, linux/arm64') });
    const badWith = await admin.get(diffUrl('app', 'v1', { with: 'diffs/app' }));
    expect(badWith.status).toBe(400);
    expect(errorOf(badWith)?.field).toBe('with');
    // Against the operation's schema: Harbor's 422, naming the parameter.
    const missing = await admin.get(diffUrl('app', 'v1', {}));
    expect(missing.status).toBe(422);
    expect(errorOf(missing)?.field).toBe('with');

    await createUser(admin, 'differ');
    expect((await admin.post('/projects/diffs/members', { role_id: 3, member_user: { username: 'differ' } })).status).toBe(201);
    const guest = ApiClient.basic(server, 'differ', 'Passw0rdX');
    expect((await guest.get(diffUrl('app', 'v1', { with: 'v2' }))).status).toBe(200);
    const hidden = await guest.get(diffUrl('app', 'v1', { with: 'secret/app:v2' }));
    expect([403, 404]).toContain(hidden.status);
  });
});
