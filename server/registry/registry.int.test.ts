/**
 * The /v2 protocol over HTTP against a real server: the challenge, every OCI error code from the
 * input that causes it, manifests (413, referrers, OCI-Subject), tag and catalog paging, and the
 * audit rows that pushes, pulls and deletes leave.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { createProject } from '../core/projects/project.service.js';
import { createLocalUser } from '../core/users/user.service.js';
import { blobOf, buildArtifact, buildImage, descriptor, digestOf, imageBlobs, OCI_INDEX, OCI_MANIFEST } from '../testing/oci-images.js';
import { ADMIN, errorCode, pullScope, RegistryClient, serverDatabase } from '../testing/registry-client.js';
import { basic, startServer, type ServerProcess } from '../testing/server-process.js';

const ADMIN_BASIC = { authorization: basic(ADMIN.user, ADMIN.password) };
const NO_SUCH_DIGEST = digestOf(Buffer.from('nothing here'));

describe('the /v2 protocol', () => {
  let server: ServerProcess;
  let admin: RegistryClient;
  const v2 = (p: string, init: RequestInit = {}, auth: Record<string, string> = ADMIN_BASIC) =>
    fetch(`${server.url}/v2/${p}`, { ...init, headers: { ...auth, ...init.headers } });
  const refusal = async (res: Response) => [res.status, await errorCode(res)];
  const image = buildImage({ seed: 'protocol', layers: 2 });

  beforeAll(async () => {
    server = await startServer({ preparedDataVolume: inject('preparedDataVolume') });
    admin = new RegistryClient(server.url, ADMIN);
    const database = serverDatabase(server);
    try {
      await createLocalUser(database.db, { username: 'carol', password: 'Passw0rdC' });
      await createProject(database.db, { name: 'secret', ownerId: 1 });
    } finally {
      await database.close();
    }
    await admin.pushImage('library/app', 'v1', [image.config, ...image.layers], image.manifest);
  });

  afterAll(async () => {
    await server.stop();
    await server.cleanup();
  });

  test('without credentials: 401 with a Bearer challenge whose realm follows X-Forwarded-*; every answer names the API version', async () => {
    const base = await fetch(`${server.url}/v2/`);
    expect(base.status).toBe(401);
    expect(base.headers.get('docker-distribution-api-version')).toBe('registry/2.0');
    expect(base.headers.get('www-authenticate')).toBe(`Bearer realm="${server.url}/service/token",service="harbor-registry"`);
    const proxied = await fetch(`${server.url}/v2/library/app/manifests/v1`, {
      headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'registry.example.com' },
    });
    expect(proxied.headers.get('www-authenticate')).toBe(
      'Bearer realm="https://registry.example.com/service/token",service="harbor-registry",scope="repository:library/app:pull"',
    );
    expect((await v2('')).status).toBe(200);
    expect((await admin.fetch('/v2/', [])).status).toBe(200);
    expect((await v2('nothing/here/at/all')).headers.get('docker-distribution-api-version')).toBe('registry/2.0');
  });

  test('NAME_INVALID, NAME_UNKNOWN, MANIFEST_UNKNOWN, BLOB_UNKNOWN, DIGEST_INVALID, BLOB_UPLOAD_UNKNOWN, UNSUPPORTED', async () => {
    expect(await refusal(await v2('Library/App/manifests/v1'))).toEqual([400, 'NAME_INVALID']);
    expect(await refusal(await v2('library/a..b/manifests/v1'))).toEqual([400, 'NAME_INVALID']);
    // One component has no project: Berth's names are <project>/<repository>.
    expect(await refusal(await v2('alpine/manifests/latest'))).toEqual([400, 'NAME_INVALID']);
    expect(await refusal(await v2('library/nothing/tags/list'))).toEqual([404, 'NAME_UNKNOWN']);
    expect(await refusal(await v2('library/app/manifests/v2'))).toEqual([404, 'MANIFEST_UNKNOWN']);
    expect(await refusal(await v2(`library/app/blobs/${NO_SUCH_DIGEST}`))).toEqual([404, 'BLOB_UNKNOWN']);
    expect(await refusal(await v2('library/app/blobs/sha256:xyz'))).toEqual([400, 'DIGEST_INVALID']);
    expect(await refusal(await v2(`library/app/blobs/uploads/${randomUUID()}`, { method: 'PATCH', body: 'x' }))).toEqual([404, 'BLOB_UPLOAD_UNKNOWN']);
    // HEAD /v2/ is the version check too (some clients probe with it).
    expect((await v2('', { method: 'HEAD' })).status).toBe(200);
    expect((await v2('', { method: 'HEAD' }, {})).status).toBe(401);
    const wrongVerb = await v2('library/app/manifests/v1', { method: 'PATCH', body: '{}' });
    expect([...(await refusal(wrongVerb)), wrongVerb.headers.get('allow')]).toEqual([405, 'UNSUPPORTED', 'GET, HEAD, PUT, DELETE']);
  });

  test('DIGEST_INVALID for content that does not match, SIZE_INVALID for a chunk that is not what it says, BLOB_UPLOAD_INVALID for a lost upload', async () => {
    const bytes = randomBytes(100);
    expect(await refusal(await v2(`library/app/blobs/uploads/?digest=${digestOf(Buffer.from('other'))}`, { method: 'POST', body: bytes }))).toEqual([
      400,
      'DIGEST_INVALID',
    ]);
    expect(await refusal(await v2('library/app/blobs/uploads/?digest=md5:abc', { method: 'POST', body: bytes }))).toEqual([400, 'DIGEST_INVALID']);
    const session = (await v2('library/app/blobs/uploads/', { method: 'POST' })).headers.get('location')!;
    const short = await fetch(`${server.url}${session}`, { method: 'PATCH', body: bytes, headers: { ...ADMIN_BASIC, 'content-range': '0-199' } });
    expect(await refusal(short)).toEqual([400, 'SIZE_INVALID']);
    await rm(path.join(server.dataVolume, 'registry', 'uploads', session.split('/').at(-1)!));
    const lost = await fetch(`${server.url}${session}`, { method: 'PATCH', body: bytes, headers: ADMIN_BASIC });
    expect(await refusal(lost)).toEqual([400, 'BLOB_UPLOAD_INVALID']);

    // The same when the file is gone at the final PUT; a Content-Range that is no range is a 400, not a 416.
    const another = (await v2('library/app/blobs/uploads/', { method: 'POST' })).headers.get('location')!;
    const garbled = await fetch(`${server.url}${another}`, { method: 'PATCH', body: bytes, headers: { ...ADMIN_BASIC, 'content-range': 'garbage' } });
    expect(await refusal(garbled)).toEqual([400, 'BLOB_UPLOAD_INVALID']);
    expect((await fetch(`${server.url}${another}`, { method: 'PATCH', body: bytes, headers: ADMIN_BASIC })).status).toBe(202);
    await rm(path.join(server.dataVolume, 'registry', 'uploads', another.split('/').at(-1)!));
    const close = await fetch(`${server.url}${another}${another.includes('?') ? '&' : '?'}digest=${digestOf(bytes)}`, { method: 'PUT', headers: ADMIN_BASIC });
    expect(await refusal(close)).toEqual([400, 'BLOB_UPLOAD_INVALID']);
  });

  test('MANIFEST_INVALID, MANIFEST_BLOB_UNKNOWN, 413 above 4 MiB, and DIGEST_INVALID for a manifest pushed under another digest', async () => {
    const put = (ref: string, body: string | Buffer, type = OCI_MANIFEST) =>
      v2(`library/app/manifests/${ref}`, { method: 'PUT', body, headers: { 'content-type': type } });
    expect(await refusal(await put('bad', 'not json'))).toEqual([400, 'MANIFEST_INVALID']);
    expect(await refusal(await put('bad', image.manifest.bytes, 'application/vnd.docker.distribution.manifest.v2+json'))).toEqual([
      400,
      'MANIFEST_INVALID',
    ]);
    expect(await refusal(await put('bad', JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: {}, layers: [] })))).toEqual([
      400,
      'MANIFEST_INVALID',
    ]);
    const missing = buildImage({ seed: 'missing-layers' });
    const res = await put('missing', missing.manifest.bytes);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ errors: [{ code: 'MANIFEST_BLOB_UNKNOWN', detail: { digests: [missing.config.digest, missing.layers[0]!.digest] } }] });
    const index = blobOf(OCI_INDEX, { schemaVersion: 2, mediaType: OCI_INDEX, manifests: [descriptor(missing.manifest)] });
    expect(await refusal(await put('idx', index.bytes, OCI_INDEX))).toEqual([400, 'MANIFEST_BLOB_UNKNOWN']);
    expect(await refusal(await put('huge', Buffer.alloc(4 * 1024 * 1024 + 1, 32)))).toEqual([413, 'MANIFEST_INVALID']);
    // Under 4 MiB but naming more blobs than any image has: refused whole, never a 500.
    const layer = descriptor(image.layers[0]!);
    const crowded = await put('crowded', JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: descriptor(image.config), layers: Array(5001).fill(layer) }));
    expect(crowded.status).toBe(400);
    expect(await crowded.json()).toMatchObject({ errors: [{ code: 'MANIFEST_INVALID', message: expect.stringContaining('at most 5000 layers') }] });
    expect(await refusal(await put(NO_SUCH_DIGEST, image.manifest.bytes))).toEqual([400, 'DIGEST_INVALID']);
  });

  test('UNAUTHORIZED for missing or wrong credentials, DENIED for a signed-in caller without the permission, TOOMANYREQUESTS once the account is locked (five wrong passwords)', async () => {
    expect(await refusal(await fetch(`${server.url}/v2/library/app/tags/list`))).toEqual([401, 'UNAUTHORIZED']);
    expect(await refusal(await v2('library/app/tags/list', {}, { authorization: basic('admin', 'wrong') }))).toEqual([401, 'UNAUTHORIZED']);
    const carol = { authorization: basic('carol', 'Passw0rdC') };
    expect(await refusal(await v2('secret/app/blobs/uploads/', { method: 'POST' }, carol))).toEqual([403, 'DENIED']);
    expect(await refusal(await v2('nowhere/app/blobs/uploads/', { method: 'POST' }))).toEqual([403, 'DENIED']);
    // Guessed from an address of its own (loopback is a trusted proxy here): the lock holds
    // carol there only, and the tests below still use her from 127.0.0.1.
    const guesser = { authorization: basic('carol', 'guess'), 'x-forwarded-for': '198.51.100.5' };
    for (let i = 0; i < 5; i++) {
      expect((await v2('library/app/tags/list', {}, guesser)).status).toBe(401);
    }
    const locked = await v2('library/app/tags/list', {}, { ...guesser, authorization: basic('carol', 'Passw0rdC') });
    expect([...(await refusal(locked)), Number(locked.headers.get('retry-after')) > 0]).toEqual([429, 'TOOMANYREQUESTS', true]);
  });

  test('manifests are served byte for byte with their type, digest and length; HEAD sends no body', async () => {
    const get = await v2('library/app/manifests/v1');
    expect(Buffer.from(await get.arrayBuffer()).equals(image.manifest.bytes)).toBe(true);
    expect([get.headers.get('content-type'), get.headers.get('docker-content-digest'), get.headers.get('content-length')]).toEqual([
      OCI_MANIFEST,
      image.manifest.digest,
      String(image.manifest.size),
    ]);
    const head = await v2(`library/app/manifests/${image.manifest.digest}`, { method: 'HEAD' });
    expect([head.status, head.headers.get('content-length'), (await head.arrayBuffer()).byteLength]).toEqual([200, String(image.manifest.size), 0]);
    const asBlob = await v2(`library/app/blobs/${image.manifest.digest}`);
    expect(Buffer.from(await asBlob.arrayBuffer()).equals(image.manifest.bytes)).toBe(true);
  });

  test('referrers: OCI-Subject on the push, the referrer listed with its artifactType, the filter, an empty index for an unknown subject', async () => {
    const referrer = buildArtifact({
      artifactType: 'application/vnd.example.sbom',
      payload: blobOf('application/spdx+json', '{"spdx":true}'),
      subject: image.manifest,
      annotations: { 'org.example.kind': 'sbom' },
    });
    for (const blob of referrer.blobs) await admin.pushBlob('library/app', blob);
    const pushed = await admin.pushManifest('library/app', referrer.manifest.digest, referrer.manifest);
    expect([pushed.status, pushed.headers.get('oci-subject')]).toEqual([201, image.manifest.digest]);
    const list = await v2(`library/app/referrers/${image.manifest.digest}`);
    expect(list.headers.get('content-type')).toBe(OCI_INDEX);
    expect(await list.json()).toEqual({
      schemaVersion: 2,
      mediaType: OCI_INDEX,
      manifests: [{ ...descriptor(referrer.manifest), artifactType: 'application/vnd.example.sbom', annotations: { 'org.example.kind': 'sbom' } }],
    });
    const filtered = await v2(`library/app/referrers/${image.manifest.digest}?artifactType=application/other`);
    expect([filtered.headers.get('oci-filters-applied'), ((await filtered.json()) as { manifests: unknown[] }).manifests]).toEqual(['artifactType', []]);
    const unknown = await v2(`library/app/referrers/${NO_SUCH_DIGEST}`);
    expect([unknown.status, ((await unknown.json()) as { manifests: unknown[] }).manifests]).toEqual([200, []]);
    expect(await refusal(await v2('library/app/referrers/sha256:zz'))).toEqual([400, 'DIGEST_INVALID']);
  });

  test('tags page in byte order with n, last and a Link header; n=0 gives none', async () => {
    const tags = ['z', 'a', 'B', '1.0', 'latest', 'A-1', 'b_2'];
    await admin.pushImage('library/paged', 'start', [image.config, ...image.layers], image.manifest);
    for (const tag of tags) await admin.pushManifest('library/paged', tag, image.manifest);
    const seen: string[] = [];
    let next: string | null = '/v2/library/paged/tags/list?n=3';
    while (next) {
      const res = await fetch(`${server.url}${next}`, { headers: ADMIN_BASIC });
      seen.push(...((await res.json()) as { tags: string[] }).tags);
      next = res.headers.get('link')?.match(/^<([^>]+)>; rel="next"$/)?.[1] ?? null;
    }
    expect(seen).toEqual([...tags, 'start'].sort());
    const none = await v2('library/paged/tags/list?n=0');
    expect([((await none.json()) as { tags: string[] }).tags, none.headers.get('link')]).toEqual([[], null]);
  });

  test('the catalog pages too, lists only what the caller may pull, and names repositories several levels deep', async () => {
    await admin.pushImage('secret/hidden', 'v1', imageBlobs(image).slice(0, -1), image.manifest);
    await admin.pushImage('library/team/app/api', 'v1', imageBlobs(image).slice(0, -1), image.manifest);
    expect((await v2('library/team/app/api/tags/list').then((r) => r.json())) as object).toEqual({ name: 'library/team/app/api', tags: ['v1'] });
    const page = await v2('_catalog?n=2');
    expect(((await page.json()) as { repositories: string[] }).repositories).toHaveLength(2);
    expect(page.headers.get('link')).toMatch(/^<\/v2\/_catalog\?n=2&last=[^>]+>; rel="next"$/);
    const all = ((await (await v2('_catalog')).json()) as { repositories: string[] }).repositories;
    expect(all).toEqual(expect.arrayContaining(['secret/hidden', 'library/team/app/api']));
    const carol = new RegistryClient(server.url, { user: 'carol', password: 'Passw0rdC' });
    const seen = ((await (await carol.fetch('/v2/_catalog', ['registry:catalog:*'])).json()) as { repositories: string[] }).repositories;
    expect(seen).toEqual(all.filter((name) => name.startsWith('library/')));
    expect((await fetch(`${server.url}/v2/_catalog`)).headers.get('www-authenticate')).toContain('scope="registry:catalog:*"');
  });

  test('push, pull and delete leave audit rows; deleting by tag keeps the artifact, by digest removes it', async () => {
    const other = buildImage({ seed: 'audit' });
    await admin.pushImage('library/audited', 'v1', [other.config, ...other.layers], other.manifest);
    await admin.pushManifest('library/audited', 'v2', other.manifest);
    expect((await admin.fetch('/v2/library/audited/manifests/v1', [pullScope('library/audited')])).status).toBe(200);
    expect((await v2('library/audited/manifests/v2', { method: 'DELETE' })).status).toBe(202);
    expect((await v2('library/audited/manifests/v1')).status).toBe(200);
    expect((await v2(`library/audited/manifests/${other.manifest.digest}`, { method: 'DELETE' })).status).toBe(202);
    expect(await refusal(await v2('library/audited/manifests/v1'))).toEqual([404, 'MANIFEST_UNKNOWN']);
    const database = serverDatabase(server);
    try {
      const rows = await database.db
        .selectFrom('audit_logs')
        .select(['operation', 'resource_type', 'resource', 'username'])
        .where('resource', 'like', 'library/audited%')
        .orderBy('id')
        .execute();
      expect(rows).toEqual([
        { operation: 'create', resource_type: 'artifact', resource: 'library/audited:v1', username: 'admin' },
        { operation: 'create', resource_type: 'artifact', resource: 'library/audited:v2', username: 'admin' },
        { operation: 'pull', resource_type: 'artifact', resource: 'library/audited:v1', username: 'admin' },
        { operation: 'delete', resource_type: 'tag', resource: 'library/audited:v2', username: 'admin' },
        { operation: 'pull', resource_type: 'artifact', resource: 'library/audited:v1', username: 'admin' },
        { operation: 'delete', resource_type: 'artifact', resource: `library/audited@${other.manifest.digest}`, username: 'admin' },
      ]);
    } finally {
      await database.close();
    }
  });
});
