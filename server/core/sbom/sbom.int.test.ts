/**
 * SBOMs from real files: an image built here from this machine's dpkg status file, os-release,
 * Python dist-info/egg-info metadata, real npm packages copied from node_modules and the skopeo
 * binary (a Go program), pushed with skopeo. The expected lists are read independently: dpkg-query,
 * Python's importlib.metadata, the package.json files, and the build-info strings in the binary.
 * A later layer whites out one npm package, which must not be listed.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { create as createTar } from 'tar';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { ApiClient, createUser } from '../../testing/api-client.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../testing/dialects.js';
import { blobOf, descriptor, OCI_CONFIG, OCI_LAYER, OCI_MANIFEST, writeOciLayout, type Blob } from '../../testing/oci-images.js';
import { ADMIN, RegistryClient } from '../../testing/registry-client.js';
import { startServer, type ServerProcess } from '../../testing/server-process.js';

const exec = promisify(execFile);
const NODE_MODULES = path.resolve('node_modules');
const PYTHON_PACKAGES = '/usr/lib/python3/dist-packages';
const GO_BINARY = '/usr/bin/skopeo';
const NPM_PACKAGES = ['semver', 'tar', 'minipass'];
const WHITED_OUT = 'yallist';

async function layerOf(dir: string): Promise<Blob> {
  const out = `${dir}.tgz`;
  await createTar({ gzip: true, cwd: dir, file: out, portable: true }, await readdir(dir));
  return blobOf(OCI_LAYER, await readFile(out));
}

/** Every package.json directly under a node_modules directory, recursively (scoped packages included). */
async function npmManifests(nodeModules: string): Promise<{ name: string; version: string }[]> {
  if (!existsSync(nodeModules)) return [];
  const out: { name: string; version: string }[] = [];
  for (const entry of await readdir(nodeModules)) {
    if (entry.startsWith('.')) continue;
    const dirs = entry.startsWith('@') ? (await readdir(path.join(nodeModules, entry))).map((e) => path.join(nodeModules, entry, e)) : [path.join(nodeModules, entry)];
    for (const dir of dirs) {
      const manifest = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as { name: string; version: string };
      out.push({ name: manifest.name, version: manifest.version });
      out.push(...(await npmManifests(path.join(dir, 'node_modules'))));
    }
  }
  return out;
}

interface PackageJson {
  name: string;
  version: string;
  type: string;
  purl: string;
  license: string;
}

const key = (p: { name: string; version: string }) => `${p.name} ${p.version}`;
const sorted = (items: string[]) => [...new Set(items)].sort();

describe.each(DIALECTS)('SBOM generation on %s', (dialect) => {
  let server: ServerProcess;
  let testDb: TestDatabase;
  let work: string;
  let admin: ApiClient;
  let outsider: ApiClient;
  let registry: RegistryClient;
  let image: Blob;
  let small: Blob;
  const base = '/projects/sbom/repositories/app/artifacts';

  const skopeoPush = async (ref: string, target: string) => {
    const host = server.url.slice('http://'.length);
    await exec('skopeo', ['copy', '--dest-tls-verify=false', '--dest-creds', 'admin:Harbor12345', `oci:${work}/layout:${ref}`, `docker://${host}/${target}`], {
      env: { ...process.env, REGISTRY_AUTH_FILE: path.join(work, 'auth.json') },
    });
  };
  const overviewOf = async (reference: string, repository = 'app') => {
    const res = await admin.get<{ sbom_overview?: { scan_status: string; sbom_digest?: string; report_id: string; error?: string } }>(
      `/projects/sbom/repositories/${repository}/artifacts/${reference}?with_sbom_overview=true`,
    );
    return res.body.sbom_overview;
  };
  const finished = async (reference: string, repository = 'app') => {
    for (let i = 0; i < 240; i++) {
      const overview = await overviewOf(reference, repository);
      if (overview && ['Success', 'Error'].includes(overview.scan_status)) return overview;
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error('the SBOM job did not finish');
  };
  const allPackages = async (reference: string) => {
    const out: PackageJson[] = [];
    for (let page = 1; ; page++) {
      const res = await admin.get<PackageJson[]>(`/berth${base}/${reference}/sbom/packages?page=${page}&page_size=100`);
      expect(res.status).toBe(200);
      out.push(...res.body);
      if (res.body.length < 100) return out;
    }
  };

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    server = await startServer({ preparedDataVolume: inject('preparedDataVolume'), config: testDb.url ? { database: { url: testDb.url } } : {} });
    admin = ApiClient.basic(server, 'admin', 'Harbor12345');
    await createUser(admin, 'outsider');
    outsider = ApiClient.basic(server, 'outsider', 'Passw0rdX');
    registry = new RegistryClient(server.url, ADMIN);
    expect((await admin.post('/projects', { project_name: 'sbom' })).status).toBe(201);

    work = await mkdtemp(path.join(os.tmpdir(), 'berth-sbom-'));
    // Layer 1: the OS and Python packages, and a Go binary.
    const os1 = path.join(work, 'l1');
    await mkdir(path.join(os1, 'var/lib/dpkg'), { recursive: true });
    await cp('/var/lib/dpkg/status', path.join(os1, 'var/lib/dpkg/status'));
    await mkdir(path.join(os1, 'etc'), { recursive: true });
    await cp('/etc/os-release', path.join(os1, 'etc/os-release'), { dereference: true });
    await mkdir(path.join(os1, 'usr/bin'), { recursive: true });
    await cp(GO_BINARY, path.join(os1, 'usr/bin/skopeo'), { preserveTimestamps: true });
    const site = path.join(os1, 'usr/lib/python3/dist-packages');
    await mkdir(site, { recursive: true });
    for (const entry of await readdir(PYTHON_PACKAGES)) {
      if (entry.endsWith('.dist-info') || entry.endsWith('.egg-info')) await cp(path.join(PYTHON_PACKAGES, entry), path.join(site, entry), { recursive: true });
    }
    // Layer 2: the app's npm packages, one of them deleted again by layer 3.
    const app = path.join(work, 'l2');
    for (const name of [...NPM_PACKAGES, WHITED_OUT]) await cp(path.join(NODE_MODULES, name), path.join(app, 'app/node_modules', name), { recursive: true, dereference: true });
    const wh = path.join(work, 'l3');
    await mkdir(path.join(wh, 'app/node_modules'), { recursive: true });
    await writeFile(path.join(wh, `app/node_modules/.wh.${WHITED_OUT}`), '');
    const layers = [await layerOf(os1), await layerOf(app), await layerOf(wh)];
    const config = blobOf(OCI_CONFIG, { architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] }, history: [] });
    image = blobOf(OCI_MANIFEST, { schemaVersion: 2, mediaType: OCI_MANIFEST, config: descriptor(config), layers: layers.map((l) => descriptor(l)) });
    const smallConfig = blobOf(OCI_CONFIG, { architecture: 'arm64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] }, history: [] });
    small = blobOf(OCI_MANIFEST, { schemaVersion: 2, mediaType: OCI_MANIFEST, config: descriptor(smallConfig), layers: [descriptor(layers[1]!)] });
    await writeOciLayout(`${work}/layout`, [config, smallConfig, ...layers, image, small], { app: image, small });
    await skopeoPush('app', 'sbom/app:v1');
  }, 300_000);

  afterAll(async () => {
    await server.stop();
    await server.cleanup();
    await testDb.drop();
    await rm(work, { recursive: true, force: true });
  });

  test('generated on demand: exactly the real dpkg, Python, npm and Go packages, stored as a CycloneDX referrer', async () => {
    expect((await overviewOf('v1'))).toBeUndefined();
    const asked = await admin.post<{ report_id: string }>(`/berth${base}/v1/sbom`, {});
    expect(asked.status, JSON.stringify(asked.body)).toBe(202);
    const overview = await finished('v1');
    expect(overview, JSON.stringify(overview)).toMatchObject({ scan_status: 'Success', report_id: asked.body.report_id });
    const packages = await allPackages('v1');
    const ofType = (type: string) => sorted(packages.filter((p) => p.type === type).map(key));

    const dpkg = await exec('dpkg-query', ['--admindir=/var/lib/dpkg', '-W', '-f', '${Package} ${Version}\\n']);
    expect(ofType('deb')).toEqual(sorted(dpkg.stdout.trim().split('\n')));
    expect(ofType('deb').length).toBeGreaterThan(100);

    const python = await exec('python3', [
      '-c',
      'import importlib.metadata as m, json, sys; print(json.dumps([[d.metadata["Name"], d.version] for d in m.distributions(path=[sys.argv[1]])]))',
      path.join(work, 'l1/usr/lib/python3/dist-packages'),
    ]);
    const pythonExpected = (JSON.parse(python.stdout) as [string, string][]).map(([name, version]) => `${name} ${version}`);
    expect(ofType('pypi')).toEqual(sorted(pythonExpected));

    const npmExpected = (await npmManifests(path.join(work, 'l2/app/node_modules'))).filter((p) => p.name !== WHITED_OUT);
    expect(ofType('npm')).toEqual(sorted(npmExpected.map(key)));
    expect(ofType('npm').some((k) => k.startsWith(`${WHITED_OUT} `))).toBe(false);
    const semverVersion = (JSON.parse(await readFile(path.join(NODE_MODULES, 'semver/package.json'), 'utf8')) as { version: string }).version;
    expect(packages).toContainEqual({ name: 'semver', version: semverVersion, type: 'npm', purl: `pkg:npm/semver@${semverVersion}`, license: 'ISC' });

    // The Go build information, as the binary spells it: the Go version after the 32-byte header and its length byte, the main package's path.
    const binary = (await readFile(GO_BINARY)).toString('latin1');
    const goVersion = /\xff Go buildinf:[\s\S]{19}go([0-9][0-9.]*)/.exec(binary)![1]!;
    const mainPath = /path\t([^\n]+)\n/.exec(binary.slice(binary.indexOf('\xff Go buildinf:')))![1]!;
    const goExpected = [`stdlib ${goVersion}`, `${mainPath} (devel)`];
    expect(ofType('golang')).toEqual(sorted(goExpected));

    // The referrers API lists the SBOM; its layer is the CycloneDX document listing the same packages.
    const referrers = await registry.fetch(`/v2/sbom/app/referrers/${image.digest}`, ['repository:sbom/app:pull']);
    const index = (await referrers.json()) as { manifests: { digest: string; artifactType: string }[] };
    expect(index.manifests).toEqual([expect.objectContaining({ digest: overview.sbom_digest, artifactType: 'application/vnd.goharbor.harbor.sbom.v1' })]);
    const manifest = (await (await registry.fetch(`/v2/sbom/app/manifests/${overview.sbom_digest}`, ['repository:sbom/app:pull'], { headers: { accept: OCI_MANIFEST } })).json()) as {
      subject: { digest: string };
      layers: { mediaType: string; digest: string }[];
    };
    expect(manifest.subject.digest).toBe(image.digest);
    expect(manifest.layers[0]!.mediaType).toBe('application/vnd.cyclonedx+json');
    const bom = (await (await registry.fetch(`/v2/sbom/app/blobs/${manifest.layers[0]!.digest}`, ['repository:sbom/app:pull'])).json()) as {
      bomFormat: string;
      specVersion: string;
      components: { purl: string }[];
    };
    expect(bom).toMatchObject({ bomFormat: 'CycloneDX', specVersion: '1.5' });
    expect(bom.components.map((c) => c.purl).sort()).toEqual(packages.map((p) => p.purl).sort());

    // Harbor's accessory view of it.
    const artifact = await admin.get<{ accessories: { type: string; digest: string }[] }>(`${base}/v1?with_accessory=true`);
    expect(artifact.body.accessories).toEqual([expect.objectContaining({ type: 'harbor.sbom', digest: overview.sbom_digest })]);
  }, 300_000);

  test('package search: by name and version range, across the registry, only where the caller may read SBOMs', async () => {
    const packages = await allPackages('v1');
    const deb = packages.find((p) => p.type === 'deb' && p.name === 'dpkg')!;
    const search = async (query: string, client = admin) => {
      const res = await client.get<{ repository_name: string; digest: string; version: string }[]>(`/berth/packages?${query}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body;
    };
    expect(await search(`name=dpkg&version=${encodeURIComponent(`>=${deb.version}`)}`)).toEqual([
      expect.objectContaining({ repository_name: 'sbom/app', digest: image.digest, version: deb.version }),
    ]);
    expect(await search(`name=dpkg&version=${encodeURIComponent(`<${deb.version}`)}`)).toEqual([]);
    const semverVersion = packages.find((p) => p.name === 'semver')!.version;
    const major = semverVersion.split('.')[0]!;
    expect(await search(`name=semver&version=${encodeURIComponent(`>=${major}.0.0 <${Number(major) + 1}.0.0`)}`)).toHaveLength(1);
    expect(await search(`name=semver&version=${encodeURIComponent(`^${Number(major) + 1}.0.0`)}`)).toEqual([]);
    expect(await search(`name=${WHITED_OUT}`)).toEqual([]);
    // Not a member of the private project: nothing.
    expect(await search('name=dpkg', outsider)).toEqual([]);
    const bad = await admin.get<{ errors: { message: string }[] }>(`/berth/packages?name=dpkg&version=${encodeURIComponent('>=1 $2')}`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]!.message).toMatch(/version/);
  }, 120_000);

  test('auto_sbom_generation: a push into the project queues the SBOM; a guest may not ask for one', async () => {
    expect((await admin.put('/projects/sbom', { metadata: { auto_sbom_generation: 'true' } })).status).toBe(200);
    await skopeoPush('small', 'sbom/small:v1');
    const overview = await finished('v1', 'small');
    expect(overview.scan_status).toBe('Success');
    const res = await admin.get<PackageJson[]>(`/berth/projects/sbom/repositories/small/artifacts/v1/sbom/packages?q=semver`);
    expect(res.body.map((p) => p.name)).toEqual(['semver']);
    expect((await admin.post('/projects/sbom/members', { role_id: 3, member_user: { username: 'outsider' } })).status).toBe(201);
    expect((await outsider.post(`/berth${base}/v1/sbom`, {})).status).toBe(403);
    expect((await outsider.get(`/berth${base}/v1/sbom/packages`)).status).toBe(200);
  }, 300_000);
});
