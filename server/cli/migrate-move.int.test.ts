/**
 * `berth migrate move`: a populated instance on the embedded database moves into PostgreSQL and,
 * started on it with the same data volume, answers the API the same and serves the same digests.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, inject, test } from 'vitest';
import { ApiClient, createUser } from '../testing/api-client.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../testing/dialects.js';
import { blobOf, buildArtifact, buildImage, digestOf } from '../testing/oci-images.js';
import { ADMIN, pushScope, RegistryClient } from '../testing/registry-client.js';
import { runCli, startServer, type ServerProcess } from '../testing/server-process.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** API answers that must survive the move, without the parts that change on every call. */
async function snapshot(server: ServerProcess) {
  const admin = ApiClient.basic(server, 'admin', 'Harbor12345');
  const body = async (path: string) => {
    const res = await admin.get(path);
    expect(res.status, path).toBe(200);
    return { total: res.headers.get('x-total-count'), body: res.body };
  };
  return {
    projects: await body('/projects?sort=name'),
    repositories: await body('/projects/moving/repositories'),
    artifacts: await body('/projects/moving/repositories/app/artifacts?with_tag=true&sort=push_time'),
    members: await body('/projects/moving/members'),
    users: await body('/users?sort=username'),
    audit: await body('/audit-logs?page_size=100'),
    email: ((await admin.get('/configurations')).body as Record<string, { value: unknown }>).email_host,
  };
}

describe.runIf(DIALECTS.includes('postgresql'))('berth migrate move', () => {
  test('a populated SQLite instance moves into an empty PostgreSQL database and serves the same answers and digests', async () => {
    const target: TestDatabase = await createTestDatabase('postgresql');
    cleanups.push(() => target.drop());
    const first = await startServer({ preparedDataVolume: inject('preparedDataVolume') });
    cleanups.push(() => first.cleanup());
    const admin = ApiClient.basic(first, 'admin', 'Harbor12345');
    expect((await admin.request('POST', '/projects', { body: { project_name: 'moving', metadata: { public: 'false' } } })).status).toBe(201);
    await createUser(admin, 'dora');
    expect((await admin.request('POST', '/projects/moving/members', { body: { role_id: 2, member_user: { username: 'dora' } } })).status).toBe(201);
    expect((await admin.request('PUT', '/configurations', { body: { email_host: 'smtp.example.com', email_password: 'kept-secret' } })).status).toBe(200);
    const registry = new RegistryClient(first.url, ADMIN);
    const image = buildImage({ seed: 'moved' });
    await registry.pushImage('moving/app', 'v1', [image.config, ...image.layers], image.manifest);
    await registry.pushManifest('moving/app', 'stable', image.manifest);
    const sbom = buildArtifact({ artifactType: 'application/spdx+json', payload: blobOf('application/spdx+json', { name: 'moved' }), subject: image.manifest });
    await registry.pushImage('moving/app', sbom.manifest.digest, sbom.blobs, sbom.manifest);
    // An upload left half done: it continues after the move.
    const data = randomBytes(200_000);
    const opened = await registry.fetch('/v2/moving/app/blobs/uploads/', [pushScope('moving/app')], { method: 'POST' });
    const half = await registry.fetch(opened.headers.get('location')!, [pushScope('moving/app')], {
      method: 'PATCH',
      body: new Uint8Array(data.subarray(0, 100_000)),
      headers: { 'content-range': '0-99999' },
    });
    expect(half.status).toBe(202);
    const before = await snapshot(first);

    const refused = await runCli(['migrate', 'move', '--to', target.url!, '--config', first.configFile]);
    expect([refused.status, refused.stderr]).toEqual([1, expect.stringMatching(/^berth: a Berth server \(pid \d+\) is using .*; stop it first, then move$/m)]);
    expect(await first.stop()).toBe(0);

    const moved = await runCli(['migrate', 'move', '--to', target.url!, '--config', first.configFile]);
    expect(moved.status, moved.stderr).toBe(0);
    expect(moved.stdout).toMatch(/^artifacts: 2 rows, checksum [0-9a-f]{12}$/m);
    expect(moved.stdout).toMatch(/^Moved \d+ tables \(\d+ rows\) into PostgreSQL; every table's row count and checksum match\.$/m);
    expect(moved.stdout).toContain(`database:\n  url: ${target.url}\n`);
    const again = await runCli(['migrate', 'move', '--to', target.url!, '--config', first.configFile]);
    expect([again.status, again.stderr]).toEqual([1, expect.stringMatching(/^berth: the PostgreSQL database is not empty \(table \w+ has rows\); move into a new, empty database$/m)]);

    const second = await startServer({ dir: first.dir, env: { BERTH_DATABASE_URL: target.url! } });
    cleanups.push(() => second.stop());
    expect(second.output()).not.toMatch(/applied a migration/);
    expect(await snapshot(second)).toEqual(before);
    const pulled = await new RegistryClient(second.url, ADMIN).fetch('/v2/moving/app/manifests/stable', [pushScope('moving/app')]);
    expect(digestOf(Buffer.from(await pulled.arrayBuffer()))).toBe(image.manifest.digest);
    const referrers = await new RegistryClient(second.url, ADMIN).fetch(`/v2/moving/app/referrers/${image.manifest.digest}`, [pushScope('moving/app')]);
    expect(((await referrers.json()) as { manifests: { digest: string }[] }).manifests.map((m) => m.digest)).toEqual([sbom.manifest.digest]);
    const rest = await new RegistryClient(second.url, ADMIN).fetch(half.headers.get('location')!, [pushScope('moving/app')], {
      method: 'PATCH',
      body: new Uint8Array(data.subarray(100_000)),
      headers: { 'content-range': '100000-199999' },
    });
    expect(rest.status).toBe(202);
    const done = await new RegistryClient(second.url, ADMIN).fetch(`${rest.headers.get('location')!}?digest=${digestOf(data)}`, [pushScope('moving/app')], { method: 'PUT' });
    expect(done.status).toBe(201);
    // New rows get new ids after the copied ones.
    expect((await ApiClient.basic(second, 'admin', 'Harbor12345').request('POST', '/projects', { body: { project_name: 'after-move' } })).status).toBe(201);
  });
});
