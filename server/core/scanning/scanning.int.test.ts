/**
 * Vulnerability scanning end to end, on SQLite and PostgreSQL: a spec-following scanner adapter
 * (server/testing/scanner-adapter.ts) registered with an API key, images pushed with skopeo whose
 * layers carry a dpkg status file, scans that make the adapter pull the image from Berth with the
 * token Berth gave it, reports in Harbor's shapes, prevent_vul refusing a skopeo pull until the
 * CVE allowlist exempts the findings, scan all, auto_scan on push and stopping a scan. Every
 * message exchanged with the adapter is checked against the spec's schemas.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test, vi } from 'vitest';
import { ApiClient, createUser, errorOf } from '../../testing/api-client.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../testing/dialects.js';
import { OCI_MANIFEST } from '../../testing/oci-images.js';
import { imageWithPackages } from '../../testing/scan-images.js';
import { serverDatabase } from '../../testing/registry-client.js';
import { eventually, skopeo, skopeoPush } from '../../testing/replication.js';
import { REPORT_MIME, ScannerAdapter } from '../../testing/scanner-adapter.js';
import { startServer, type ServerProcess } from '../../testing/server-process.js';

// Scans poll the adapter every second and the machine is shared: room for a slow run, no timing asserted.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

const vulnerable = imageWithPackages('vulnerable', [['openssl', '3.0.11'], ['zlib', '1.2.11'], ['bash', '5.1'], ['coreutils', '9.1']]);
const clean = imageWithPackages('clean', [['openssl', '3.0.13']]);
const CREDS = 'admin:Harbor12345';

interface Summary {
  report_id: string;
  scan_status: string;
  severity: string;
  duration: number;
  summary?: { total: number; fixable: number; summary: Record<string, number> };
  scanner?: { name: string };
  complete_percent: number;
}
interface ArtifactJson {
  digest: string;
  scan_overview?: Record<string, Summary>;
  addition_links: Record<string, { href: string }>;
}

async function skopeoPull(url: string, reference: string, creds = CREDS) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'berth-pull-'));
  try {
    const result = await skopeo('copy', '--src-tls-verify=false', '--src-creds', creds, `docker://${new URL(url).host}/${reference}`, `dir:${dir}`);
    // skopeo quotes the registry's message in its own: its quotes come back escaped.
    return { ...result, stderr: result.stderr.replaceAll('\\"', '"') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe.each(DIALECTS)('vulnerability scanning on %s', (dialect) => {
  let server: ServerProcess;
  let testDb: TestDatabase | undefined;
  let admin: ApiClient;
  let adapter: ScannerAdapter;
  let scannerId = '';

  const overview = async (repo: string, digest: string) => {
    const res = await admin.get<ArtifactJson>(`/projects/vault/repositories/${repo}/artifacts/${digest}?with_scan_overview=true`);
    return res.body.scan_overview?.[REPORT_MIME];
  };
  const scanned = (repo: string, digest: string, status = 'Success') =>
    eventually(`the scan of ${repo}@${digest} to end ${status}`, async () => {
      const o = await overview(repo, digest);
      return o && o.scan_status === status ? o : undefined;
    }, 180_000);

  beforeAll(async () => {
    testDb = dialect === 'postgresql' ? await createTestDatabase('postgresql') : undefined;
    adapter = await new ScannerAdapter({ header: 'X-ScannerAdapter-API-Key', value: 'k3y-for-tests' }).start();
    server = await startServer({ preparedDataVolume: inject('preparedDataVolume'), ...(testDb ? { env: { BERTH_DATABASE_URL: testDb.url! } } : {}) });
    admin = ApiClient.basic(server, 'admin', 'Harbor12345');
    expect((await admin.post('/projects', { project_name: 'vault' })).status).toBe(201);
    await skopeoPush(server.url, vulnerable, 'vault/app', 'vulnerable', CREDS);
    await skopeoPush(server.url, clean, 'vault/app', 'clean', CREDS);
  });

  afterAll(async () => {
    await server?.stop();
    await server?.cleanup();
    await adapter?.stop();
    await testDb?.drop();
  });

  test('a scanner is registered after a ping, read back without its credential, and its metadata is the adapter\'s', async () => {
    const badPing = await admin.post('/scanners/ping', { name: 'x', url: adapter.url, auth: 'X-ScannerAdapter-API-Key', access_credential: 'wrong' });
    expect(badPing.status).toBe(400);
    expect(errorOf(badPing)?.message).toContain('answered GET /api/v1/metadata with 401');
    expect((await admin.post('/scanners/ping', { name: 'x', url: adapter.url, auth: 'X-ScannerAdapter-API-Key', access_credential: 'k3y-for-tests' })).status).toBe(200);
    expect(errorOf(await admin.post('/scanners', { name: 'table', url: adapter.url, auth: 'Bearer' }))?.field).toBe('access_credential');
    expect(errorOf(await admin.post('/scanners', { name: 'table', url: adapter.url, auth: 'Digest', access_credential: 'x' }))?.field).toBe('auth');

    const created = await admin.post('/scanners', { name: 'table', description: 'tests', url: adapter.url, auth: 'X-ScannerAdapter-API-Key', access_credential: 'k3y-for-tests' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    scannerId = created.headers.get('location')!.split('/').at(-1)!;
    expect((await admin.post('/scanners', { name: 'table', url: adapter.url })).status).toBe(409);

    const list = await admin.get<Record<string, unknown>[]>('/scanners');
    expect(list.body).toEqual([
      expect.objectContaining({ uuid: scannerId, name: 'table', is_default: true, disabled: false, auth: 'X-ScannerAdapter-API-Key', access_credential: '*****', health: 'healthy', adapter: 'Tablescan', vendor: 'Berth tests', version: '1.0.0' }),
    ]);
    const handle = serverDatabase(server, testDb?.url);
    try {
      const row = await handle.db.selectFrom('scanners').select('access_credential').executeTakeFirstOrThrow();
      expect(row.access_credential).not.toContain('k3y-for-tests');
    } finally {
      await handle.close();
    }
    const metadata = await admin.get<{ scanner: { name: string }; capabilities: { produces_mime_types: string[] }[] }>(`/scanners/${scannerId}/metadata`);
    expect(metadata.body.scanner.name).toBe('Tablescan');
    expect(metadata.body.capabilities[0]!.produces_mime_types).toContain(REPORT_MIME);
    expect((await admin.get<{ uuid: string }>('/projects/vault/scanner')).body.uuid).toBe(scannerId);
    expect((await admin.get<unknown[]>('/projects/vault/scanner/candidates')).body).toHaveLength(1);
    expect((await admin.put('/projects/vault/scanner', { uuid: scannerId })).status).toBe(200);

    await createUser(admin, 'sally');
    const sally = ApiClient.basic(server, 'sally', 'Passw0rdX');
    expect((await sally.get('/scanners')).status).toBe(403);
    expect((await sally.post('/scanners', { name: 'mine', url: adapter.url })).status).toBe(403);
  });

  test('a scan: the adapter pulls from Berth with the token it was given; the overview and the vulnerabilities addition follow Harbor', async () => {
    const digest = vulnerable.manifest.digest;
    expect((await admin.post(`/projects/vault/repositories/app/artifacts/vulnerable/scan`, { scan_type: 'vulnerability' })).status).toBe(202);
    const done = await scanned('app', digest);
    expect(done).toMatchObject({ severity: 'Critical', complete_percent: 100, scanner: { name: 'Tablescan' }, summary: { total: 4, fixable: 3, summary: { Critical: 1, High: 1, Medium: 1, Low: 1 } } });
    const request = adapter.scanRequests().at(-1)!;
    expect(request.registry.url).toBe(server.url);
    expect(request.registry.authorization).toMatch(/^Bearer /);
    expect(request.artifact).toEqual({ repository: 'vault/app', digest, tag: 'vulnerable', mime_type: OCI_MANIFEST });

    const list = await admin.get<ArtifactJson[]>('/projects/vault/repositories/app/artifacts?with_scan_overview=true');
    const byDigest = new Map(list.body.map((a) => [a.digest, a]));
    expect(byDigest.get(digest)!.scan_overview![REPORT_MIME]!.report_id).toBe(done.report_id);
    expect(byDigest.get(clean.manifest.digest)!.scan_overview).toEqual({});
    expect(byDigest.get(digest)!.addition_links.vulnerabilities).toBeDefined();
    expect((await admin.get<ArtifactJson[]>('/projects/vault/repositories/app/artifacts')).body[0]!.scan_overview).toBeUndefined();

    const addition = await admin.get<Record<string, { vulnerabilities: { id: string; package: string; severity: string }[] }>>(`/projects/vault/repositories/app/artifacts/${digest}/additions/vulnerabilities`);
    expect(addition.body[REPORT_MIME]!.vulnerabilities.map((v) => `${v.id} ${v.package} ${v.severity}`).sort()).toEqual([
      'CVE-2018-25032 zlib Critical',
      'CVE-2022-3715 bash Low',
      'CVE-2023-5678 openssl Medium',
      'CVE-2024-0727 openssl High',
    ]);
    expect((await admin.get(`/projects/vault/repositories/app/artifacts/${clean.manifest.digest}/additions/vulnerabilities`)).body).toEqual({});
    const log = await fetch(`${server.url}/api/v2.0/projects/vault/repositories/app/artifacts/${digest}/scan/${done.report_id}/log`, { headers: { authorization: `Basic ${Buffer.from(CREDS).toString('base64')}` } });
    expect(log.status).toBe(200);
    expect(await log.text()).toContain('report ready: 4 vulnerabilities (3 fixable), highest severity Critical');
    expect((await admin.get(`/projects/vault/repositories/app/artifacts/${digest}/scan/nope/log`)).status).toBe(404);
  });

  test('prevent_vul refuses a skopeo pull with Harbor\'s message until the CVE allowlist exempts the findings', async () => {
    expect((await admin.put('/projects/vault', { metadata: { prevent_vul: 'true', severity: 'high' } })).status).toBe(200);
    const refused = await skopeoPull(server.url, 'vault/app:vulnerable');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(
      `current image with 4 vulnerabilities cannot be pulled due to configured policy in 'Prevent images with vulnerability severity of "High" or higher from running.' To continue with pull, please contact your project administrator to exempt matched vulnerabilities through configuring the CVE allowlist.`,
    );
    // Never scanned while a scanner could: refused too, as Harbor refuses it.
    const unscanned = await skopeoPull(server.url, 'vault/app:clean');
    expect(unscanned.stderr).toContain('current image without vulnerability scanning cannot be pulled');
    expect((await admin.post('/projects/vault/repositories/app/artifacts/clean/scan')).status).toBe(202);
    expect(await scanned('app', clean.manifest.digest)).toMatchObject({ severity: 'None', summary: { total: 0 } });
    expect((await skopeoPull(server.url, 'vault/app:clean')).code).toBe(0);

    // Only the Critical one exempted: the High one still blocks (3 left).
    expect((await admin.put('/projects/vault', { cve_allowlist: { items: [{ cve_id: 'CVE-2018-25032' }] } })).status).toBe(200);
    expect((await skopeoPull(server.url, 'vault/app:vulnerable')).stderr).toContain('current image with 3 vulnerabilities cannot be pulled');
    expect((await admin.put('/projects/vault', { cve_allowlist: { items: [{ cve_id: 'CVE-2018-25032' }, { cve_id: 'CVE-2024-0727' }] } })).status).toBe(200);
    const allowed = await skopeoPull(server.url, 'vault/app:vulnerable');
    expect(allowed.code, allowed.stderr).toBe(0);
    expect((await admin.put('/projects/vault', { metadata: { prevent_vul: 'false' } })).status).toBe(200);
  });

  test('scan all scans every image, with its metrics; the schedule is saved and removed', async () => {
    const other = imageWithPackages('other', [['zlib', '1.2.11']]);
    await skopeoPush(server.url, other, 'vault/other', '1', CREDS);
    const started = await admin.post('/system/scanAll/schedule', { schedule: { type: 'Manual' } });
    expect(started.status).toBe(201);
    const metrics = await eventually('scan all to end', async () => {
      const m = (await admin.get<{ total: number; completed: number; ongoing: boolean; metrics: Record<string, number>; trigger: string }>('/scans/all/metrics')).body;
      return m.ongoing === false && m.total > 0 ? m : undefined;
    }, 180_000);
    expect(metrics).toEqual({ total: 3, completed: 3, ongoing: false, metrics: { Success: 3 }, trigger: 'Manual' });
    expect(await overview('other', other.manifest.digest)).toMatchObject({ scan_status: 'Success', severity: 'Critical' });

    expect((await admin.put('/system/scanAll/schedule', { schedule: { type: 'Daily' } })).status).toBe(200);
    expect((await admin.get<{ schedule: { type: string; cron: string } }>('/system/scanAll/schedule')).body.schedule).toMatchObject({ type: 'Daily', cron: '0 0 0 * * *' });
    expect((await admin.put('/system/scanAll/schedule', { schedule: { type: 'None' } })).status).toBe(200);
    expect((await admin.get<{ schedule: { type: string } }>('/system/scanAll/schedule')).body.schedule.type).toBe('None');
    expect((await admin.get<{ total: number }>('/scans/schedule/metrics')).body.total).toBe(0);
  });

  test('auto_scan: a push queues the scan of the new image', async () => {
    expect((await admin.put('/projects/vault', { metadata: { auto_scan: 'true' } })).status).toBe(200);
    const pushed = imageWithPackages('pushed', [['bash', '5.1']]);
    await skopeoPush(server.url, pushed, 'vault/auto', '1', CREDS);
    expect(await scanned('auto', pushed.manifest.digest)).toMatchObject({ severity: 'Low', summary: { total: 1 } });
    expect((await admin.put('/projects/vault', { metadata: { auto_scan: 'false' } })).status).toBe(200);
  });

  test('a running scan is stopped; a second scan while one runs is refused', async () => {
    adapter.hold();
    try {
      const before = adapter.scanRequests().length;
      expect((await admin.post('/projects/vault/repositories/app/artifacts/clean/scan')).status).toBe(202);
      await eventually('the adapter to get the scan request', async () => (adapter.scanRequests().length > before ? true : undefined), 180_000);
      expect((await admin.post('/projects/vault/repositories/app/artifacts/clean/scan')).status).toBe(409);
      expect((await admin.post('/projects/vault/repositories/app/artifacts/clean/scan/stop', { scan_type: 'vulnerability' })).status).toBe(202);
      await scanned('app', clean.manifest.digest, 'Stopped');
      expect((await admin.post('/projects/vault/repositories/app/artifacts/clean/scan/stop', { scan_type: 'vulnerability' })).status).toBe(422);
    } finally {
      adapter.release();
    }
  });

  test('every message exchanged with the adapter followed the spec\'s schemas', () => {
    expect(adapter.exchanges.map((e) => e.operation)).toEqual(expect.arrayContaining(['GetMetadata', 'AcceptScanRequest', 'GetScanReport']));
    expect(adapter.faults()).toEqual([]);
  });
});
