/**
 * Registry endpoints over HTTP against a real server: Harbor's shapes, the secret sealed at rest
 * and never returned, system admins only, audit rows, and pings with plain reasons against a
 * real CNCF Distribution (htpasswd), a closed port, a web server that is not a registry and a
 * second Berth (token auth).
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { ApiClient, auditRowsSince, createUser, errorOf, lastAuditId, openServerDatabase } from '../testing/api-client.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../testing/dialects.js';
import { startDistribution, type Distribution } from '../testing/distribution.js';
import { freePort } from '../testing/free-port.js';
import { startServer, type ServerProcess } from '../testing/server-process.js';
import { testCertificate } from '../testing/tls.js';

const SECRET = 'distribution-Secret-1';

interface RegistryJson {
  id: number;
  name: string;
  url: string;
  type: string;
  insecure: boolean;
  description: string;
  status: string;
  creation_time: string;
  update_time: string;
  credential: { type: string; access_key: string; access_secret?: string };
}

describe('/registries', () => {
  let server: ServerProcess;
  let other: ServerProcess;
  let distribution: Distribution;
  let notRegistry: http.Server;
  let notRegistryUrl: string;
  let secureSite: https.Server;
  let secureSiteUrl: string;
  let admin: ApiClient;
  let dora: ApiClient;

  beforeAll(async () => {
    const prepared = inject('preparedDataVolume');
    // Each assigned as it starts, so afterAll stops whatever started when another failed.
    await Promise.all([
      startServer({ preparedDataVolume: prepared }).then((s) => (server = s)),
      startServer({ preparedDataVolume: prepared }).then((s) => (other = s)),
      startDistribution({ htpasswd: { user: 'mirror', password: SECRET } }).then((d) => (distribution = d)),
    ]);
    notRegistry = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html>a web site</html>');
    });
    await new Promise<void>((resolve) => notRegistry.listen(0, '127.0.0.1', resolve));
    notRegistryUrl = `http://127.0.0.1:${(notRegistry.address() as AddressInfo).port}`;
    const { cert, key } = testCertificate();
    secureSite = https.createServer({ cert, key }, (_req, res) => {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('no registry here');
    });
    await new Promise<void>((resolve) => secureSite.listen(0, '127.0.0.1', resolve));
    secureSiteUrl = `https://127.0.0.1:${(secureSite.address() as AddressInfo).port}`;
    admin = ApiClient.basic(server, 'admin', 'Harbor12345');
    await createUser(admin, 'dora');
    dora = ApiClient.basic(server, 'dora', 'Passw0rdX');
  }, 120_000);

  afterAll(async () => {
    notRegistry?.close();
    secureSite?.close();
    await Promise.all([server?.stop(), other?.stop(), distribution?.stop()]);
    await Promise.all([server?.cleanup(), other?.cleanup()]);
  });

  const create = async (body: object) => {
    const res = await admin.post('/registries', body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return Number(res.headers.get('location')!.split('/').at(-1));
  };

  test('create, read, list, update, delete in Harbor\'s shapes; the secret shows as ***** and is sealed in the database', async () => {
    const auditFrom = lastAuditId(server);
    const res = await admin.post('/registries', {
      name: 'dist',
      url: `${distribution.url}/`,
      type: 'docker-registry',
      description: 'the DR site',
      insecure: false,
      credential: { type: 'basic', access_key: 'mirror', access_secret: SECRET },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toMatch(/^\/api\/v2\.0\/registries\/\d+$/);
    const id = Number(res.headers.get('location')!.split('/').at(-1));

    const got = await admin.get<RegistryJson>(`/registries/${id}`);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({
      id,
      name: 'dist',
      url: distribution.url,
      type: 'docker-registry',
      insecure: false,
      description: 'the DR site',
      credential: { type: 'basic', access_key: 'mirror', access_secret: '*****' },
    });
    expect(Object.keys(got.body).sort()).toEqual(['creation_time', 'credential', 'description', 'id', 'insecure', 'name', 'status', 'type', 'update_time', 'url']);
    expect(JSON.stringify(got.body)).not.toContain(SECRET);

    const db = openServerDatabase(server);
    try {
      const row = db.prepare('select access_secret from registries where id = ?').get(id) as { access_secret: string };
      expect(row.access_secret).toMatch(/^enc:v1:/);
      expect(row.access_secret).not.toContain(SECRET);
    } finally {
      db.close();
    }

    await create({ name: 'other-berth', url: other.url, type: 'harbor' });
    const list = await admin.get<RegistryJson[]>('/registries?page_size=1&sort=-name');
    expect(list.status).toBe(200);
    expect(list.headers.get('x-total-count')).toBe('2');
    expect(list.headers.get('link')).toContain('rel="next"');
    expect(list.body.map((r) => r.name)).toEqual(['other-berth']);
    expect((await admin.get<RegistryJson[]>('/registries?q=name%3D~dis')).body.map((r) => r.name)).toEqual(['dist']);
    expect((await admin.get<RegistryJson[]>('/registries?name=berth')).body.map((r) => r.name)).toEqual(['other-berth']);
    expect(JSON.stringify((await admin.get('/registries')).body)).not.toContain(SECRET);

    // The masked secret sent back keeps the stored one; ping by id then still succeeds with it.
    expect((await admin.put(`/registries/${id}`, { description: 'renamed', access_secret: '*****' })).status).toBe(200);
    expect((await admin.post('/registries/ping', { id })).status).toBe(200);
    expect((await admin.get<RegistryJson>(`/registries/${id}`)).body).toMatchObject({ description: 'renamed', status: 'healthy' });

    expect((await admin.post('/registries', { name: 'dist', url: distribution.url, type: 'docker-registry' })).status).toBe(409);
    const badType = await admin.post('/registries', { name: 'x', url: distribution.url, type: 'quay-enterprise' });
    expect([badType.status, errorOf(badType)?.message]).toEqual([400, expect.stringContaining('type')]);
    const badUrl = await admin.post('/registries', { name: 'x', url: 'ftp://example.com', type: 'oci' });
    expect([badUrl.status, errorOf(badUrl)?.message]).toEqual([400, expect.stringContaining('url')]);

    expect((await admin.delete(`/registries/${id}`)).status).toBe(200);
    expect((await admin.get(`/registries/${id}`)).status).toBe(404);
    const audit = auditRowsSince(server, auditFrom).filter((r) => r.resource_type === 'registry');
    expect(audit.map((r) => [r.operation, r.resource, r.username])).toEqual([
      ['create', 'dist', 'admin'],
      ['create', 'other-berth', 'admin'],
      ['update', 'dist', 'admin'],
      ['delete', 'dist', 'admin'],
    ]);
  });

  test('only system admins: 401 anonymous, 403 for other users', async () => {
    expect((await ApiClient.anonymous(server).get('/registries')).status).toBe(401);
    for (const res of [
      await dora.get('/registries'),
      await dora.post('/registries', { name: 'mine', url: distribution.url, type: 'docker-registry' }),
      await dora.post('/registries/ping', { type: 'docker-registry', url: distribution.url }),
      await dora.get('/replication/adapters'),
    ]) {
      expect(res.status).toBe(403);
    }
  });

  test('ping answers with a plain reason', async () => {
    const ping = (body: object) => admin.post('/registries/ping', body);
    const closed = await freePort();
    const unreachable = await ping({ type: 'docker-registry', url: `http://127.0.0.1:${closed}` });
    expect([unreachable.status, errorOf(unreachable)?.message]).toEqual([400, expect.stringMatching(/unreachable: connection refused/)]);

    const wrong = await ping({ type: 'docker-registry', url: distribution.url, access_key: 'mirror', access_secret: 'not-it' });
    expect([wrong.status, errorOf(wrong)?.message]).toEqual([400, expect.stringMatching(/wrong credentials/)]);
    const missing = await ping({ type: 'docker-registry', url: distribution.url });
    expect(missing.status).toBe(400);
    expect((await ping({ type: 'docker-registry', url: distribution.url, access_key: 'mirror', access_secret: SECRET })).status).toBe(200);

    const web = await ping({ type: 'oci', url: notRegistryUrl });
    expect([web.status, errorOf(web)?.message]).toEqual([400, expect.stringMatching(/not a registry/)]);

    // A self-signed certificate: a TLS error, unless insecure or its CA is given; then the site shows it is no registry.
    const tls = await ping({ type: 'oci', url: secureSiteUrl });
    expect([tls.status, errorOf(tls)?.message]).toEqual([400, expect.stringMatching(/TLS error/)]);
    const skipped = await ping({ type: 'oci', url: secureSiteUrl, insecure: true });
    expect(errorOf(skipped)?.message).toMatch(/not a registry/);
    const trusted = await ping({ type: 'oci', url: secureSiteUrl, ca_certificate: testCertificate().cert });
    expect(errorOf(trusted)?.message).toMatch(/not a registry/);
    const badCa = await ping({ type: 'oci', url: secureSiteUrl, ca_certificate: 'not a certificate' });
    expect([badCa.status, errorOf(badCa)?.message]).toEqual([400, expect.stringContaining('ca_certificate')]);

    // A Berth: Docker token auth through its /service/token realm.
    expect((await ping({ type: 'harbor', url: other.url, access_key: 'admin', access_secret: 'Harbor12345' })).status).toBe(200);
    const badToken = await ping({ type: 'harbor', url: other.url, access_key: 'admin', access_secret: 'wrong-password' });
    expect([badToken.status, errorOf(badToken)?.message]).toEqual([400, expect.stringMatching(/wrong credentials/)]);

    // A stored endpoint is pinged at its own URL, and marked unhealthy when it fails.
    const id = await create({ name: 'gone', url: `http://127.0.0.1:${closed}`, type: 'oci' });
    expect((await ping({ id, url: distribution.url })).status).toBe(400);
    expect((await admin.get<RegistryJson>(`/registries/${id}`)).body.status).toBe('unhealthy');
    expect((await ping({ id: 999_999 })).status).toBe(404);
  });

  test('adapters, adapter infos and registry info', async () => {
    const adapters = await admin.get<string[]>('/replication/adapters');
    expect([adapters.status, adapters.body]).toEqual([200, ['harbor', 'docker-registry', 'oci']]);
    const infos = await admin.get<Record<string, object>>('/replication/adapterinfos');
    expect([infos.status, Object.keys(infos.body)]).toEqual([200, ['harbor', 'docker-registry', 'oci']]);

    const local = await admin.get('/registries/0/info');
    expect(local.status).toBe(200);
    expect(local.body).toMatchObject({ type: 'harbor', supported_triggers: ['manual', 'scheduled', 'event_based'], supported_copy_by_chunk: true });
    const id = await create({ name: 'plain-oci', url: distribution.url, type: 'oci' });
    const info = await admin.get<{ type: string; supported_resource_filters: { type: string; style: string }[] }>(`/registries/${id}/info`);
    expect(info.body.type).toBe('oci');
    expect(info.body.supported_resource_filters).toEqual([
      { type: 'name', style: 'input' },
      { type: 'tag', style: 'input' },
    ]);
    expect((await admin.get('/registries/424242/info')).status).toBe(404);
  });
});

describe.runIf(DIALECTS.includes('postgresql'))('/registries on PostgreSQL', () => {
  let server: ServerProcess;
  let testDb: TestDatabase;

  beforeAll(async () => {
    testDb = await createTestDatabase('postgresql');
    server = await startServer({ preparedDataVolume: inject('preparedDataVolume'), env: { BERTH_DATABASE_URL: testDb.url! } });
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    await server?.cleanup();
    await testDb?.drop();
  });

  test('create, list with q and sort, update, conflict, delete', async () => {
    const admin = ApiClient.basic(server, 'admin', 'Harbor12345');
    for (const name of ['east', 'west']) {
      const res = await admin.post('/registries', { name, url: `https://${name}.example.com`, type: 'harbor', credential: { access_key: 'robot', access_secret: 'Secret-1' } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    const list = await admin.get<RegistryJson[]>('/registries?sort=-name&q=name%3D~st');
    expect([list.headers.get('x-total-count'), list.body.map((r) => r.name)]).toEqual(['2', ['west', 'east']]);
    const east = list.body[1]!;
    expect(east.credential).toEqual({ type: 'basic', access_key: 'robot', access_secret: '*****' });
    expect((await admin.put(`/registries/${east.id}`, { name: 'west' })).status).toBe(409);
    // A new URL without a new secret drops the old secret: it was meant for the old host.
    expect((await admin.put(`/registries/${east.id}`, { url: 'https://elsewhere.example.com' })).status).toBe(200);
    expect((await admin.get<RegistryJson>(`/registries/${east.id}`)).body.credential).toEqual({ type: 'basic', access_key: 'robot' });
    expect((await admin.delete(`/registries/${east.id}`)).status).toBe(200);
    expect((await admin.get<RegistryJson[]>('/registries')).body.map((r) => r.name)).toEqual(['west']);
  });
});
