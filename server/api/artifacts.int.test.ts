/** Artifacts, accessories and additions over HTTP against a real server, with content pushed through /v2. */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { z } from 'zod';
import { ApiClient, auditRowsSince, createUser, errorOf, lastAuditId } from '../testing/api-client.js';
import { blobOf, buildArtifact, buildImage, buildIndex, descriptor, OCI_CONFIG, OCI_MANIFEST, type Image } from '../testing/oci-images.js';
import { ADMIN, RegistryClient } from '../testing/registry-client.js';
import { startServer, type ServerProcess } from '../testing/server-process.js';
import { Artifact } from './contracts/artifacts.js';

type ArtifactJson = z.output<typeof Artifact>;

/** The image with a config whose history has steps that made no layer. */
function withHistory(image: Image, history: object[]): Image {
  const config = blobOf(OCI_CONFIG, { architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] }, history });
  const manifest = blobOf(OCI_MANIFEST, { schemaVersion: 2, mediaType: OCI_MANIFEST, config: descriptor(config), layers: image.layers.map((l) => descriptor(l)) });
  return { config, layers: image.layers, manifest };
}

const v1 = buildImage({ seed: 'art-v1', layers: 2 });
const v2 = buildImage({ seed: 'art-v2' });
const loose = buildImage({ seed: 'art-untagged' });
const amd64 = buildImage({ seed: 'art-amd64', architecture: 'amd64' });
const arm64 = buildImage({ seed: 'art-arm64', architecture: 'arm64' });
const index = buildIndex([amd64, arm64]);
const built = withHistory(buildImage({ seed: 'art-built', layers: 2 }), [
  { created: '2026-01-01T00:00:00Z', created_by: '/bin/sh -c #(nop) FROM scratch', empty_layer: true },
  { created_by: 'ADD rootfs.tar /' },
  { created_by: 'ENV A=1', empty_layer: true, comment: 'env' },
  { created_by: 'RUN make install' },
]);
const sbom = buildArtifact({ artifactType: 'application/vnd.goharbor.harbor.sbom.v1', payload: blobOf('application/json', '{"sbom":1}'), subject: v1.manifest });

describe('artifacts', () => {
  let server: ServerProcess;
  let admin: ApiClient;
  let dora: ApiClient;
  let anonymous: ApiClient;
  let registry: RegistryClient;
  const base = '/projects/team/repositories/app/artifacts';
  const list = async (query = '', client = admin) => {
    const res = await client.get<ArtifactJson[]>(`${base}${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res;
  };
  const digests = (res: { body: ArtifactJson[] }) => res.body.map((a) => a.digest);

  beforeAll(async () => {
    server = await startServer({ preparedDataVolume: inject('preparedDataVolume') });
    admin = ApiClient.basic(server, 'admin', 'Harbor12345');
    anonymous = ApiClient.anonymous(server);
    await createUser(admin, 'dora');
    dora = ApiClient.basic(server, 'dora', 'Passw0rdX');
    expect((await admin.post('/projects', { project_name: 'team' })).status).toBe(201);
    expect((await admin.post('/projects/team/members', { role_id: 2, member_user: { username: 'dora' } })).status).toBe(201);
    registry = new RegistryClient(server.url, ADMIN);
    // Oldest first: the list shows newest first.
    await registry.pushImage('team/app', 'v1', [v1.config, ...v1.layers], v1.manifest);
    await registry.pushManifest('team/app', 'latest', v1.manifest);
    await registry.pushImage('team/app', loose.manifest.digest, [loose.config, ...loose.layers], loose.manifest);
    await registry.pushIndex('team/app', 'multi', [amd64, arm64], index);
    await registry.pushImage('team/app', sbom.manifest.digest, sbom.blobs, sbom.manifest);
    await registry.pushImage('team/app', 'v2', [v2.config, ...v2.layers], v2.manifest);
    await registry.pushImage('team/app/built', 'x', [built.config, ...built.layers], built.manifest);
  });

  afterAll(async () => {
    await server.stop();
    await server.cleanup();
  });

  test('the list hides untagged index children and accessories, newest first, with tags, references, counts and links', async () => {
    const res = await list();
    expect(res.headers.get('x-total-count')).toBe('4');
    expect(digests(res)).toEqual([v2.manifest.digest, index.digest, loose.manifest.digest, v1.manifest.digest]);
    const [first, multi, untagged, tagged] = res.body.map((a) => Artifact.parse(a));
    expect(tagged).toMatchObject({
      type: 'IMAGE',
      media_type: OCI_CONFIG,
      manifest_media_type: OCI_MANIFEST,
      repository_name: 'team/app',
      pull_time: '0001-01-01T00:00:00.000Z',
      labels: [],
      accessory_count: 1,
      extra_attrs: { architecture: 'amd64', os: 'linux' },
      annotations: { 'org.opencontainers.image.title': 'art-v1' },
      addition_links: {
        build_history: { href: `/api/v2.0${base}/${v1.manifest.digest}/additions/build_history`, absolute: false },
        layers: { href: `/api/v2.0${base}/${v1.manifest.digest}/additions/layers`, absolute: false },
      },
    });
    expect(tagged!.tags!.map((t) => t.name).sort()).toEqual(['latest', 'v1']);
    expect(untagged!.tags).toEqual([]);
    expect(first!.accessory_count).toBe(0);
    expect(multi).toMatchObject({ addition_links: {}, references: [
      { child_digest: amd64.manifest.digest, platform: { architecture: 'amd64', os: 'linux' } },
      { child_digest: arm64.manifest.digest, platform: { architecture: 'arm64', os: 'linux' } },
    ] });
    expect((await list('?with_tag=false')).body.every((a) => a.tags === undefined)).toBe(true);
  });

  test('q on tags (*, nil, exact, ~, {}), digest, type and media_type; sort by pull time; paging in the database', async () => {
    expect(digests(await list('?q=tags%3D*'))).toEqual([v2.manifest.digest, index.digest, v1.manifest.digest]);
    expect(digests(await list('?q=tags%3Dnil'))).toEqual([loose.manifest.digest]);
    expect(digests(await list('?q=tags%3Dlatest'))).toEqual([v1.manifest.digest]);
    expect(digests(await list('?q=tags%3D~V'))).toEqual([v2.manifest.digest, v1.manifest.digest]);
    expect(digests(await list(`?q=${encodeURIComponent('tags={multi v2}')}`))).toEqual([v2.manifest.digest, index.digest]);
    expect(digests(await list(`?q=${encodeURIComponent('tags=(v1 latest)')}`))).toEqual([v1.manifest.digest]);
    expect(digests(await list(`?q=digest%3D${v2.manifest.digest}`))).toEqual([v2.manifest.digest]);
    expect(digests(await list(`?q=${encodeURIComponent('media_type=application/vnd.oci.image.index.v1+json')}`))).toEqual([index.digest]);
    expect((await list('?q=type%3DCHART')).body).toEqual([]);

    expect(await registry.manifestStatus('team/app', 'v1')).toBe(200);
    await expect.poll(async () => (await list('?sort=-pull_time')).body[0]?.digest, { timeout: 5000 }).toBe(v1.manifest.digest);
    expect((await list('?sort=pull_time')).body.at(-1)!.digest).toBe(v1.manifest.digest);

    const page = await list('?page=2&page_size=1&sort=-push_time');
    expect(digests(page)).toEqual([index.digest]);
    const self = `/api/v2.0${base}`;
    expect(page.headers.get('link')).toBe(
      `<${self}?page=1&page_size=1&sort=-push_time>; rel="prev" , <${self}?page=3&page_size=1&sort=-push_time>; rel="next"`,
    );
    // q is parsed in the handler (400); a parameter against its schema is Harbor's 422.
    for (const [query, field, status] of [
      ['?q=size%3D~1', 'q', 400],
      ['?q=id%3Done', 'q', 400],
      ['?q=tags%3D%5B1~2%5D', 'q', 400],
      ['?with_tag=maybe', 'with_tag', 422],
      ['?page_size=101', 'page_size', 422],
    ] as const) {
      const res = await admin.get(`${base}${query}`);
      expect(res.status, query).toBe(status);
      expect(errorOf(res)!.message).toContain(field);
    }
  });

  test('lists as Harbor answers them: page_size=0, Harbor\'s artifact columns in q and sort, unknown keys and labels, Link with q decoded', async () => {
    // harbor-cli's page=0&page_size=0: everything, unpaged, with no Link.
    const all = await list('?page=0&page_size=0');
    expect(digests(all)).toEqual([v2.manifest.digest, index.digest, loose.manifest.digest, v1.manifest.digest]);
    expect(all.headers.get('x-total-count')).toBe('4');
    expect(all.headers.get('link')).toBeNull();
    expect(digests(await list('?page=0&page_size=1'))).toEqual([v2.manifest.digest]);

    const byDigest = Object.fromEntries(all.body.map((a) => [a.digest, a]));
    const one = byDigest[v1.manifest.digest]!;
    const q = (text: string) => list(`?q=${encodeURIComponent(text)}`);
    expect(digests(await q(`id=${one.id}`))).toEqual([v1.manifest.digest]);
    expect(await q(`project_id=${one.project_id}`)).toMatchObject({ body: { length: 4 } });
    expect(await q(`repository_id=${one.repository_id}`)).toMatchObject({ body: { length: 4 } });
    expect((await q(`repository_id=${one.repository_id + 1000}`)).body).toEqual([]);
    expect(await q('repository_name=team/app')).toMatchObject({ body: { length: 4 } });
    expect((await q('repository_name=~built')).body).toEqual([]);
    expect(digests(await q('manifest_media_type=application/vnd.oci.image.index.v1+json'))).toEqual([index.digest]);
    expect((await q('artifact_type=application/vnd.goharbor.harbor.sbom.v1')).body).toEqual([]);

    const sizes = all.body.map((a) => ({ digest: a.digest, size: a.size, id: a.id }));
    const sorted = (by: (a: (typeof sizes)[number], b: (typeof sizes)[number]) => number) => [...sizes].sort(by).map((a) => a.digest);
    expect(digests(await list('?sort=size,id'))).toEqual(sorted((a, b) => a.size - b.size || a.id - b.id));
    expect(digests(await list('?sort=-id'))).toEqual(sorted((a, b) => b.id - a.id));
    expect(digests(await list('?sort=digest'))).toEqual(sorted((a, b) => (a.digest < b.digest ? -1 : 1)));
    const smallest = Math.min(...sizes.map((a) => a.size));
    expect(digests(await q(`size=[~${smallest}]`))).toHaveLength(sizes.filter((a) => a.size === smallest).length);

    // Keys this list does not have are ignored, as Harbor ignores them; a sort of none is the default.
    expect(digests(await list('?q=scan_overview%3Dx&sort=nonsense'))).toEqual(digests(all));
    expect(digests(await list('?sort=nonsense,size'))).toEqual(digests(await list('?sort=size')));

    // labels=(ids): the artifacts carrying every label; none here carries one.
    const labelled = await q('labels=(1 2)');
    expect(labelled.body).toEqual([]);
    expect(labelled.headers.get('x-total-count')).toBe('0');
    expect(errorOf(await admin.get(`${base}?q=${encodeURIComponent('labels=~x')}`))!.message).toContain('labels must be a list of label ids');

    // Harbor writes the Link's query decoded, its parameters in name order.
    const page = await list(`?sort=-push_time&q=${encodeURIComponent('tags=~v')}&page_size=1`);
    expect(page.headers.get('link')).toBe(`</api/v2.0${base}?page=2&page_size=1&q=tags=~v&sort=-push_time>; rel="next"`);
  });

  test('get by tag or digest; an index with its children; accessories with with_accessory and on their own list', async () => {
    const byTag = await admin.get<ArtifactJson>(`${base}/latest?with_accessory=true`);
    expect(byTag.status).toBe(200);
    expect(byTag.body).toMatchObject({ digest: v1.manifest.digest, accessory_count: 1 });
    expect(byTag.body.accessories).toEqual([
      expect.objectContaining({ digest: sbom.manifest.digest, type: 'harbor.sbom', subject_artifact_digest: v1.manifest.digest, subject_artifact_repo: 'team/app' }),
    ]);
    const child = await admin.get<ArtifactJson>(`${base}/${arm64.manifest.digest}`);
    expect(child.body).toMatchObject({ digest: arm64.manifest.digest, tags: [], extra_attrs: { architecture: 'arm64' } });
    const accessories = await admin.get<{ digest: string }[]>(`${base}/v1/accessories`);
    expect(accessories.headers.get('x-total-count')).toBe('1');
    expect(accessories.body.map((a) => a.digest)).toEqual([sbom.manifest.digest]);
    expect((await anonymous.get(`${base}/v1`)).status).toBe(401);
    expect(errorOf(await admin.get(`${base}/nope`))).toEqual({ code: 'NOT_FOUND', message: 'artifact team/app:nope not found' });
    expect(errorOf(await admin.get(`${base}/sha256:abc`))!.message).toContain('reference sha256:abc is not a valid digest');
    expect((await admin.get(`${base}/bad%20tag`)).status).toBe(400);
    expect((await admin.get('/projects/team/repositories/none/artifacts/v1')).status).toBe(404);
    expect((await admin.get('/projects/none/repositories/app/artifacts')).status).toBe(404);
  });

  test('a repository name with slashes, double-encoded as Harbor clients send it or single-encoded', async () => {
    for (const name of ['app%252Fbuilt', 'app%2Fbuilt']) {
      const res = await admin.get<ArtifactJson>(`/projects/team/repositories/${name}/artifacts/x`);
      expect(res.status, name).toBe(200);
      expect(res.body.addition_links.build_history!.href).toBe(`/api/v2.0/projects/team/repositories/app%252Fbuilt/artifacts/${built.manifest.digest}/additions/build_history`);
    }
  });

  test('build_history is the config\'s history; layers pair with the steps that made them', async () => {
    const history = await admin.get(`/projects/team/repositories/app%252Fbuilt/artifacts/x/additions/build_history`);
    expect(history.status).toBe(200);
    expect(history.body).toEqual([
      { created: '2026-01-01T00:00:00Z', created_by: '/bin/sh -c #(nop) FROM scratch', empty_layer: true },
      { created_by: 'ADD rootfs.tar /' },
      { created_by: 'ENV A=1', empty_layer: true, comment: 'env' },
      { created_by: 'RUN make install' },
    ]);
    const layers = await admin.get<{ digest: string; created_by: string | null; size: number }[]>(`/projects/team/repositories/app%2Fbuilt/artifacts/x/additions/layers`);
    expect(layers.body).toEqual(built.layers.map((l, i) => expect.objectContaining({ digest: l.digest, size: l.size, media_type: l.mediaType, created_by: ['ADD rootfs.tar /', 'RUN make install'][i] })));
    expect((await admin.get(`${base}/multi/additions/build_history`)).status).toBe(404);
    expect((await admin.get(`${base}/v1/additions/values.yaml`)).status).toBe(404);
    expect(errorOf(await admin.get(`${base}/v1/additions/nonsense`))!.message).toContain('addition must be one of');
  });

  test('delete: 412 while an index lists the artifact, a developer may not, a maintainer path works and is audited', async () => {
    const refused = await admin.delete(`${base}/${amd64.manifest.digest}`);
    expect(refused.status).toBe(412);
    expect(errorOf(refused)!.message).toBe(`${amd64.manifest.digest} is listed by an index in team/app; delete the index first`);
    expect((await dora.delete(`${base}/v2`)).status).toBe(403);
    const before = lastAuditId(server);
    expect(await registry.manifestStatus('team/app', 'multi')).toBe(200);
    expect((await admin.delete(`${base}/multi`)).status).toBe(200);
    expect(await registry.manifestStatus('team/app', 'multi')).toBe(404);
    // As in Harbor, the index's untagged children went with it, each with its own audit row.
    expect((await admin.delete(`${base}/${amd64.manifest.digest}`)).status).toBe(404);
    expect(auditRowsSince(server, before).filter((r) => r.operation === 'delete').map((r) => [r.resource_type, r.resource, r.username])).toEqual([
      ['artifact', `team/app@${index.digest}`, 'admin'],
      ['artifact', `team/app@${amd64.manifest.digest}`, 'admin'],
      ['artifact', `team/app@${arm64.manifest.digest}`, 'admin'],
    ]);
    expect(digests(await list('?q=tags%3Dnil'))).not.toContain(arm64.manifest.digest);
  });

  test('copy: tags and children come along, blobs are shared, the caller needs push on the target and pull on the source', async () => {
    expect((await admin.post('/projects', { project_name: 'other' })).status).toBe(201);
    const before = lastAuditId(server);
    const copied = await admin.post(`/projects/other/repositories/copies%252Fapp/artifacts?from=team/app:v1`);
    expect(copied.status, JSON.stringify(copied.body)).toBe(201);
    expect(copied.headers.get('location')).toBe('/api/v2.0/projects/other/repositories/copies%252Fapp/artifacts/v1');
    const copy = await admin.get<ArtifactJson>('/projects/other/repositories/copies%252Fapp/artifacts/v1');
    expect(copy.body).toMatchObject({ digest: v1.manifest.digest, repository_name: 'other/copies/app', size: expect.any(Number) });
    expect(copy.body.tags!.map((t) => t.name).sort()).toEqual(['latest', 'v1']);
    expect(await registry.manifestStatus('other/copies/app', 'latest')).toBe(200);
    const layer = await registry.fetch(`/v2/other/copies/app/blobs/${v1.layers[0]!.digest}`, ['repository:other/copies/app:pull']);
    expect(Buffer.from(await layer.arrayBuffer()).equals(v1.layers[0]!.bytes)).toBe(true);
    const created = auditRowsSince(server, before).filter((r) => r.operation === 'create');
    expect(created.map((r) => [r.resource_type, r.resource, r.operation_description])).toEqual([
      ['artifact', `other/copies/app@${v1.manifest.digest}`, `copy artifact: team/app@${v1.manifest.digest} to other/copies/app`],
    ]);

    await registry.pushIndex('team/app', 'multi2', [amd64, arm64], index);
    expect((await admin.post(`/projects/other/repositories/multi/artifacts?from=team/app@${index.digest}`)).status).toBe(201);
    const multi = await admin.get<ArtifactJson>(`/projects/other/repositories/multi/artifacts/multi2`);
    expect(multi.body.references.map((r) => r.child_digest)).toEqual([amd64.manifest.digest, arm64.manifest.digest]);
    expect(await registry.manifestStatus('other/multi', amd64.manifest.digest)).toBe(200);

    expect((await dora.post('/projects/other/repositories/x/artifacts?from=team/app:v1')).status).toBe(403);
    expect((await dora.post('/projects/team/repositories/x/artifacts?from=other/multi:multi2')).status).toBe(403);
    expect(errorOf(await admin.post('/projects/other/repositories/x/artifacts?from=nonsense'))!.message).toContain('from must be');
    expect((await admin.post('/projects/other/repositories/x/artifacts?from=team/app:gone')).status).toBe(404);
    expect((await admin.post('/projects/other/repositories/x/artifacts')).status).toBe(422);
  });
  test('cosign signatures, tag-based or by subject, are accessories: listed under their image, copied with it, deleted with it', async () => {
    const image = buildImage({ seed: 'art-signed' });
    await registry.pushImage('team/signed', 'v1', [image.config, ...image.layers], image.manifest);
    const hex = image.manifest.digest.slice('sha256:'.length);
    // cosign's tag-based form: no subject, a simple-signing payload, tagged sha256-<hex>.sig.
    const payload = blobOf('application/vnd.dev.cosign.simplesigning.v1+json', { critical: { image: { 'docker-manifest-digest': image.manifest.digest } } });
    const config = blobOf(OCI_CONFIG, { architecture: '', os: '', rootfs: { type: 'layers', diff_ids: [] } });
    const tagged = blobOf(OCI_MANIFEST, { schemaVersion: 2, mediaType: OCI_MANIFEST, config: descriptor(config), layers: [descriptor(payload)] });
    await registry.pushImage('team/signed', `sha256-${hex}.sig`, [config, payload], tagged);
    // The OCI 1.1 form, which cosign also tags sha256-<hex> for registries without referrers.
    const bySubject = buildArtifact({ artifactType: 'application/vnd.dev.cosign.artifact.sig.v1+json', payload: blobOf('application/json', '{"sig":1}'), subject: image.manifest });
    await registry.pushImage('team/signed', `sha256-${hex}`, bySubject.blobs, bySubject.manifest);

    const listed = await admin.get<ArtifactJson[]>('/projects/team/repositories/signed/artifacts?with_accessory=true');
    expect(listed.body.map((a) => a.digest)).toEqual([image.manifest.digest]);
    expect(listed.body[0]!.accessories!.map((a) => [a.digest, a.type]).sort()).toEqual(
      [[tagged.digest, 'signature.cosign'], [bySubject.manifest.digest, 'signature.cosign']].sort(),
    );

    expect((await admin.post('/projects/team/repositories/resigned/artifacts?from=team/signed:v1')).status).toBe(201);
    const copy = await admin.get<ArtifactJson>('/projects/team/repositories/resigned/artifacts/v1?with_accessory=true');
    expect(copy.body.accessory_count).toBe(2);
    expect(await registry.manifestStatus('team/resigned', `sha256-${hex}.sig`)).toBe(200);

    expect((await admin.delete('/projects/team/repositories/signed/artifacts/v1')).status).toBe(200);
    for (const tag of [`sha256-${hex}.sig`, `sha256-${hex}`]) expect(await registry.manifestStatus('team/signed', tag), tag).toBe(404);
    expect((await admin.get<ArtifactJson[]>('/projects/team/repositories/signed/artifacts')).body).toEqual([]);
    expect(await registry.manifestStatus('team/resigned', `sha256-${hex}.sig`)).toBe(200);
  });
});
