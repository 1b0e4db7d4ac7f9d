/**
 * Real registry clients against a real server: skopeo (on each database dialect) and podman
 * (once, with a throwaway storage root and no container runtime) push test images built here,
 * pull them back and find the same digests.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { createProject } from '../core/projects/project.service.js';
import { createLocalUser } from '../core/users/user.service.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../testing/dialects.js';
import { blobOf, buildArtifact, buildImage, buildIndex, imageBlobs, writeOciLayout } from '../testing/oci-images.js';
import { ADMIN, RegistryClient, serverDatabase } from '../testing/registry-client.js';
import { startServer, type ServerProcess } from '../testing/server-process.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, args, { env: { ...process.env, ...env }, timeout: 120_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const image = buildImage({ seed: 'client-app', layers: 3, layerBytes: 200_000 });
const amd64 = buildImage({ seed: 'client-amd64', architecture: 'amd64' });
const arm64 = buildImage({ seed: 'client-arm64', architecture: 'arm64' });
const index = buildIndex([amd64, arm64]);

describe.each(DIALECTS)('real clients against Berth on %s', (dialect) => {
  let server: ServerProcess;
  let testDb: TestDatabase;
  let work: string;
  let host: string;
  const skopeo = (...args: string[]) => run('skopeo', args, { REGISTRY_AUTH_FILE: path.join(work, 'skopeo-auth.json') });
  const copyIn = (ref: string, target: string, creds = 'admin:Harbor12345', all = false) =>
    skopeo('copy', ...(all ? ['--all'] : []), '--dest-tls-verify=false', '--dest-creds', creds, `oci:${work}/layout:${ref}`, `docker://${host}/${target}`);
  const copyOut = async (source: string, all = false) => {
    const dir = await mkdtemp(path.join(work, 'out-'));
    const result = await skopeo('copy', ...(all ? ['--all'] : []), '--src-tls-verify=false', `docker://${host}/${source}`, `oci:${dir}:x`);
    expect(result.stderr).toBe('');
    const layout = JSON.parse(await readFile(path.join(dir, 'index.json'), 'utf8')) as { manifests: { digest: string }[] };
    return { digest: layout.manifests[0]!.digest, dir };
  };

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    const database = testDb.url ? { database: { url: testDb.url } } : {};
    server = await startServer({ preparedDataVolume: inject('preparedDataVolume'), config: database });
    host = server.url.slice('http://'.length);
    work = await mkdtemp(path.join(os.tmpdir(), 'berth-clients-'));
    await writeOciLayout(`${work}/layout`, [...imageBlobs(image), ...imageBlobs(amd64), ...imageBlobs(arm64), index], { app: image.manifest, multi: index });
    const db = serverDatabase(server, testDb.url);
    try {
      await createProject(db.db, { name: 'private', ownerId: 1 });
      await createLocalUser(db.db, { username: 'outsider', password: 'Passw0rdO' });
    } finally {
      await db.close();
    }
  });

  afterAll(async () => {
    await server.stop();
    await server.cleanup();
    await testDb.drop();
    await rm(work, { recursive: true, force: true });
  });

  test('skopeo pushes an image of three layers and copies it back out with the same digests; inspect and list-tags work', async () => {
    expect(await copyIn('app', 'library/app:v1')).toMatchObject({ code: 0 });
    const out = await copyOut('library/app:v1');
    expect(out.digest).toBe(image.manifest.digest);
    for (const layer of image.layers) expect((await readFile(path.join(out.dir, 'blobs', 'sha256', layer.digest.slice(7)))).equals(layer.bytes)).toBe(true);
    const inspect = await skopeo('inspect', '--tls-verify=false', '--creds', 'admin:Harbor12345', `docker://${host}/library/app:v1`);
    expect(JSON.parse(inspect.stdout)).toMatchObject({ Digest: image.manifest.digest, Architecture: 'amd64', Layers: image.layers.map((l) => l.digest) });
    const tags = await skopeo('list-tags', '--tls-verify=false', `docker://${host}/library/app`);
    expect(JSON.parse(tags.stdout)).toEqual({ Repository: `${host}/library/app`, Tags: ['v1'] });
  });

  test('skopeo pushes Docker schema 2 (--format v2s2), served back with its own media type', async () => {
    const pushed = await skopeo('copy', '--format', 'v2s2', '--dest-tls-verify=false', '--dest-creds', 'admin:Harbor12345', `oci:${work}/layout:app`, `docker://${host}/library/docker:v1`);
    expect(pushed).toMatchObject({ code: 0 });
    const raw = JSON.parse((await skopeo('inspect', '--raw', '--tls-verify=false', `docker://${host}/library/docker:v1`)).stdout) as Record<string, unknown>;
    expect(raw).toMatchObject({ mediaType: 'application/vnd.docker.distribution.manifest.v2+json', config: { mediaType: 'application/vnd.docker.container.image.v1+json' } });
    const client = new RegistryClient(server.url, ADMIN);
    const res = await client.fetch('/v2/library/docker/manifests/v1', ['repository:library/docker:pull'], { method: 'HEAD' });
    expect(res.headers.get('content-type')).toBe('application/vnd.docker.distribution.manifest.v2+json');
  });

  test('skopeo pushes a two-platform index (--all) and copies it back out whole', async () => {
    expect(await copyIn('multi', 'library/multi:latest', undefined, true)).toMatchObject({ code: 0 });
    const out = await copyOut('library/multi:latest', true);
    expect(out.digest).toBe(index.digest);
    for (const child of [amd64, arm64]) {
      expect((await readFile(path.join(out.dir, 'blobs', 'sha256', child.manifest.digest.slice(7)))).equals(child.manifest.bytes)).toBe(true);
    }
  });

  test('an artifact with a custom artifactType and its referrer (pushed over HTTP) come back out with their digests', async () => {
    const client = new RegistryClient(server.url, ADMIN);
    const artifact = buildArtifact({ artifactType: 'application/vnd.berth.note', payload: blobOf('text/plain', 'a note') });
    const referrer = buildArtifact({ artifactType: 'application/vnd.berth.review', payload: blobOf('text/plain', 'ok'), subject: artifact.manifest });
    await client.pushImage('library/notes', 'v1', artifact.blobs, artifact.manifest);
    await client.pushImage('library/notes', referrer.manifest.digest, referrer.blobs, referrer.manifest);
    const raw = await skopeo('inspect', '--raw', '--tls-verify=false', `docker://${host}/library/notes:v1`);
    expect(Buffer.from(raw.stdout).equals(artifact.manifest.bytes)).toBe(true);
    const referrers = await client.fetch(`/v2/library/notes/referrers/${artifact.manifest.digest}`, ['repository:library/notes:pull']);
    const listed = ((await referrers.json()) as { manifests: { digest: string; artifactType: string }[] }).manifests;
    expect(listed).toEqual([expect.objectContaining({ digest: referrer.manifest.digest, artifactType: 'application/vnd.berth.review' })]);
  });

  test('anonymous pulls from the public project work; a non-member cannot push into a private project; skopeo delete removes', async () => {
    const anonymous = await skopeo('inspect', '--tls-verify=false', '--no-creds', `docker://${host}/library/app:v1`);
    expect(JSON.parse(anonymous.stdout)).toMatchObject({ Digest: image.manifest.digest });
    expect((await copyOut('library/app:v1')).digest).toBe(image.manifest.digest);
    const refused = await copyIn('app', 'private/app:v1', 'outsider:Passw0rdO');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/authentication required|unauthorized|denied: requested access to the resource is denied/i);
    const hidden = await skopeo('inspect', '--tls-verify=false', '--no-creds', `docker://${host}/private/app:v1`);
    expect(hidden.code).not.toBe(0);
    expect((await skopeo('delete', '--tls-verify=false', '--creds', 'admin:Harbor12345', `docker://${host}/library/app:v1`)).code).toBe(0);
    const after = await skopeo('inspect', '--tls-verify=false', '--no-creds', `docker://${host}/library/app:v1`);
    expect(after.stderr).toMatch(/manifest unknown/i);
  });

  // podman once: what it proves does not depend on the database, and it is the slowest client.
  if (dialect !== DIALECTS[0]) return;
  test('podman pulls an index and an image, pushes under a new name and pulls that back', async () => {
    const root = path.join(work, 'podman');
    const podman = (...args: string[]) =>
      run('podman', [
        '--root', `${root}/storage`, '--runroot', `${root}/run`, '--tmpdir', `${root}/tmp`, '--storage-driver', 'vfs',
        '--runtime', '/bin/false', '--events-backend', 'none', ...args,
      ]);
    const auth = ['--authfile', `${root}/auth.json`, '--tls-verify=false'];
    await mkdir(root, { recursive: true });
    await writeFile(`${root}/auth.json`, JSON.stringify({ auths: {} }));
    const pulled = await podman('pull', '-q', ...auth, `${host}/library/multi:latest`);
    expect(pulled).toMatchObject({ code: 0, stderr: '' });
    expect(pulled.stdout.trim()).toBe(amd64.config.digest.slice(7));
    expect(await copyIn('app', 'library/app:v2')).toMatchObject({ code: 0 });
    expect((await podman('pull', '-q', ...auth, `${host}/library/app:v2`)).stdout.trim()).toBe(image.config.digest.slice(7));
    expect((await podman('login', ...auth, '-u', 'admin', '-p', 'Harbor12345', host)).code).toBe(0);
    expect(await podman('tag', `${host}/library/app:v2`, `${host}/library/podman:copy`)).toMatchObject({ code: 0 });
    expect(await podman('push', '-q', ...auth, `${host}/library/podman:copy`)).toMatchObject({ code: 0 });
    expect((await podman('rmi', '-a', '-f')).code).toBe(0);
    expect((await podman('pull', '-q', ...auth, `${host}/library/podman:copy`)).stdout.trim()).toBe(image.config.digest.slice(7));
  });
});
