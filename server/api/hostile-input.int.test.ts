/**
 * Input built to break the parser or the database rather than to ask for anything: JSON nested
 * thousands deep (before sign-in, on every surface that reads a JSON body, and in a manifest),
 * and NUL characters in query parameters, including one only a second decoding reveals. Each is
 * a 400 in the surface's own error body, never a 500, on SQLite and on PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { ApiClient, errorOf } from '../testing/api-client.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../testing/dialects.js';
import { blobOf, buildImage, OCI_MANIFEST } from '../testing/oci-images.js';
import { ADMIN, errorCode, pullScope, pushScope, RegistryClient } from '../testing/registry-client.js';
import { startServer, type ServerProcess } from '../testing/server-process.js';

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe.each(DIALECTS)('hostile input on %s', (dialect) => {
  let server: ServerProcess;
  let testDb: TestDatabase;
  let registry: RegistryClient;
  const repo = 'library/hostile';

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    const env: Record<string, string> = testDb.url ? { BERTH_DATABASE_URL: testDb.url } : {};
    server = await startServer({ preparedDataVolume: inject('preparedDataVolume'), env });
    registry = new RegistryClient(server.url, ADMIN);
    const image = buildImage({ seed: 'hostile' });
    await registry.pushImage(repo, 'v1', [image.config, ...image.layers], image.manifest);
  });

  afterAll(async () => {
    await server.stop();
    await server.cleanup();
    await testDb.drop();
  });

  const post = (path: string, body: string) =>
    fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  test.each([
    '/c/login',
    '/c/sign_up',
    '/c/reset',
    '/c/userExists',
    '/c/send_reset_email',
    '/api/v2.0/projects',
    '/api/v2.0/users',
  ])('JSON nested 8,000 deep posted anonymously to %s is a 400 saying so, with no stack trace logged', async (path) => {
    for (const body of [nested(8000), `{"principal":${nested(8000)}}`]) {
      const res = await post(path, body);
      expect(res.status, path).toBe(400);
      expect(await res.json()).toEqual({ errors: [{ code: 'BAD_REQUEST', message: 'The request body must not nest deeper than 64 levels.', field: 'body' }] });
    }
    expect(server.output()).not.toMatch(/RangeError|Maximum call stack|unhandled error/);
  });

  test('brackets inside strings do not count, and ordinary nesting is still read', async () => {
    const principal = '[{"\\'.repeat(60);
    const res = await post('/c/login', JSON.stringify({ principal, password: { a: [[[['x']]]] } }));
    expect(res.status).toBe(400);
    expect(errorOf({ status: 400, headers: res.headers, body: await res.json() })?.message).toBe('password must be a string.');
    expect((await post('/c/login', JSON.stringify({ principal, password: 'wrong' }))).status).toBe(401);
  });

  test('a manifest nested deeper than 64 levels is refused with MANIFEST_INVALID before it is read', async () => {
    const image = buildImage({ seed: 'deep' });
    for (const blob of [image.config, ...image.layers]) expect((await registry.pushBlob(repo, blob)).status).toBe(201);
    const body = JSON.parse(image.manifest.bytes.toString()) as Record<string, unknown>;
    const deep = blobOf(OCI_MANIFEST, `${JSON.stringify(body).slice(0, -1)},"extra":${nested(100_000)}}`);
    const res = await registry.pushManifest(repo, 'deep', deep);
    expect(res.status).toBe(400);
    expect(await errorCode(res)).toBe('MANIFEST_INVALID');
    expect(await registry.manifestStatus(repo, 'deep')).toBe(404);
    // The same manifest without the deep field is accepted: only the nesting was at fault.
    expect((await registry.pushManifest(repo, 'deep', image.manifest)).status).toBe(201);
  });

  test('a NUL in q, visible only after q\'s own second decoding, is a 400 in Harbor\'s body', async () => {
    const anonymous = ApiClient.anonymous(server);
    for (const path of ['/projects?q=name%3D~%2500', '/projects?q=name%3D%2500', '/projects?q=name=~%00']) {
      const res = await anonymous.get(path);
      expect(res.status, path).toBe(400);
      expect(errorOf(res)?.code).toBe('BAD_REQUEST');
      expect(errorOf(res)?.message).toMatch(/NUL/);
    }
    const admin = ApiClient.basic(server, ADMIN.user, ADMIN.password);
    expect((await admin.get('/projects/library/repositories/hostile%2500')).status).toBe(400);
    expect((await admin.get('/projects/library/repositories?q=name%3D~%2500')).status).toBe(400);
  });

  test.each([
    ['the catalog', '/v2/_catalog?last=%00', ['registry:catalog:*']],
    ['a tag list', `/v2/${repo}/tags/list?last=%00`, [pullScope(repo)]],
    ['the referrers', `/v2/${repo}/referrers/sha256:${'a'.repeat(64)}?artifactType=%00`, [pullScope(repo)]],
    ['an upload', `/v2/${repo}/blobs/uploads/?mount=sha256:${'a'.repeat(64)}&from=library/a%00`, [pushScope(repo)]],
  ])('a NUL in a query parameter of %s is a 400 with an OCI error body', async (_what, path, scopes) => {
    const res = await registry.fetch(path, scopes, { method: path.includes('/uploads/') ? 'POST' : 'GET' });
    expect(res.status, path).toBe(400);
    const body = (await res.json()) as { errors: { code: string; message: string }[] };
    expect(body.errors[0]!.message).toMatch(/NUL/);
  });

  test('a NUL in the token service\'s scope or in a /c query is a 400, not a 500', async () => {
    const token = await fetch(`${server.url}/service/token?service=harbor-registry&scope=repository:library/a%00:pull`);
    expect(token.status).toBe(400);
    expect(((await token.json()) as { errors: { message: string }[] }).errors[0]!.message).toMatch(/NUL/);
    const login = await fetch(`${server.url}/c/login?x=%00`, { method: 'POST', body: new URLSearchParams({ principal: 'admin', password: 'x' }) });
    expect(login.status).toBe(400);
    expect(server.output()).not.toMatch(/unhandled error/);
  });
});
