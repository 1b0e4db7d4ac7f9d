/**
 * A scan survives a restart: the server stops while the adapter is still working on the report;
 * started again on the same data, the task resumes and polls the adapter's scan request it saved
 * (no second scan request), and the report ends Success.
 */
import { afterAll, beforeAll, expect, inject, test, vi } from 'vitest';
import { ApiClient } from '../../testing/api-client.js';
import { eventually, skopeoPush } from '../../testing/replication.js';
import { REPORT_MIME, ScannerAdapter } from '../../testing/scanner-adapter.js';
import { startServer, type ServerProcess } from '../../testing/server-process.js';
import { imageWithPackages } from '../../testing/scan-images.js';

// Scans poll the adapter every second and the machine is shared: room for a slow run, no timing asserted.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

let server: ServerProcess;
let first: ServerProcess | undefined;
let adapter: ScannerAdapter;
const image = imageWithPackages('restart', [['openssl', '3.0.11']]);

beforeAll(async () => {
  adapter = await new ScannerAdapter().start();
  server = first = await startServer({ preparedDataVolume: inject('preparedDataVolume') });
});

afterAll(async () => {
  await server?.stop();
  await first?.cleanup();
  await adapter?.stop();
});

test('a server restarted mid-scan finishes the scan by polling the request it had made', async () => {
  let admin = ApiClient.basic(server, 'admin', 'Harbor12345');
  expect((await admin.post('/scanners', { name: 'table', url: adapter.url })).status).toBe(201);
  expect((await admin.post('/projects', { project_name: 'keep' })).status).toBe(201);
  await skopeoPush(server.url, image, 'keep/app', '1', 'admin:Harbor12345');
  adapter.hold();
  expect((await admin.post('/projects/keep/repositories/app/artifacts/1/scan')).status).toBe(202);
  await eventually('the adapter to get the scan request', async () => (adapter.scanRequests().length === 1 ? true : undefined), 180_000);
  // The adapter has pulled the image from the first server before it stops.
  await eventually('the adapter to pull the image', async () => (adapter.scansDone() === 1 ? true : undefined), 180_000);
  await eventually('a poll of the report', async () => (adapter.exchanges.some((e) => e.operation === 'GetScanReport') ? true : undefined), 180_000);

  const dir = server.dir;
  expect(await server.stop()).toBe(0);
  adapter.release();
  server = await startServer({ dir });
  admin = ApiClient.basic(server, 'admin', 'Harbor12345');
  const done = await eventually('the resumed scan to end', async () => {
    const res = await admin.get<{ scan_overview?: Record<string, { scan_status: string; summary?: { total: number } }> }>(`/projects/keep/repositories/app/artifacts/1?with_scan_overview=true`);
    const o = res.body.scan_overview?.[REPORT_MIME];
    return o && o.scan_status !== 'Pending' && o.scan_status !== 'Running' ? o : undefined;
  }, 180_000);
  expect(done).toMatchObject({ scan_status: 'Success', summary: { total: 2 } });
  expect(adapter.scanRequests()).toHaveLength(1);
  expect(adapter.faults()).toEqual([]);
});
