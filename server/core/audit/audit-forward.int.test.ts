/**
 * Audit forwarding against a real server and a syslog receiver (TCP) started by the test: rows
 * arrive as RFC 5424 messages; rows written while the receiver is down are neither delayed nor
 * lost (they arrive once it listens again); skip_audit_log_database keeps rows out of the
 * database and still forwards them.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { ApiClient, auditRowsSince } from '../../testing/api-client.js';
import { freePort } from '../../testing/free-port.js';
import { ADMIN } from '../../testing/registry-client.js';
import { eventually } from '../../testing/replication.js';
import { startServer, type ServerProcess } from '../../testing/server-process.js';
import { SyslogReceiver } from '../../testing/syslog-receiver.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('audit forwarding', () => {
  let server: ServerProcess;
  let admin: ApiClient;
  let receiver: SyslogReceiver;

  beforeAll(async () => {
    receiver = new SyslogReceiver(await freePort());
    await receiver.listen();
    server = await startServer({ preparedDataVolume: inject('preparedDataVolume') });
    admin = ApiClient.basic(server, ADMIN.user, ADMIN.password);
    expect((await admin.put('/configurations', { audit_log_forward_endpoint: `127.0.0.1:${receiver.port}` })).status).toBe(200);
    // Every process reads the setting within 2 s.
    await sleep(2_500);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await server?.cleanup();
    await receiver?.stop();
  });

  test('rows arrive as RFC 5424 syslog messages, including those written while the receiver was down', async () => {
    expect((await admin.post('/projects', { project_name: 'fwd-a' })).status).toBe(201);
    const [line] = await eventually('the row for fwd-a', async () => (receiver.about('fwd-a').length ? receiver.about('fwd-a') : undefined), 15_000);
    expect(line).toMatch(
      /^<14>1 \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \S+ audit \d+ create \[audit@32473 operator="admin" resourceType="project" resource="fwd-a" operation="create" result="success" clientIp="[^"]+" projectId="\d+"\] operator="admin" time="[^"]+" resourceType="project" action:create, resource:fwd-a, operation_description:/,
    );

    await receiver.stop();
    const names = ['fwd-down-1', 'fwd-down-2', 'fwd-down-3'];
    for (const name of names) {
      const started = performance.now();
      expect((await admin.post('/projects', { project_name: name })).status).toBe(201);
      // A down endpoint delays nothing: the operation does not wait for the collector.
      expect(performance.now() - started).toBeLessThan(2_000);
      await sleep(300);
    }
    await sleep(1_000);
    await receiver.listen();
    await eventually('the rows written while the receiver was down', async () => (names.every((n) => receiver.about(n).length > 0) ? true : undefined), 40_000);
    const dbRows = auditRowsSince(server).filter((r) => names.includes(r.resource));
    expect(dbRows).toHaveLength(3);
  });

  test('skip_audit_log_database: forwarded, not stored', async () => {
    expect((await admin.put('/configurations', { skip_audit_log_database: true })).status).toBe(200);
    await sleep(2_500);
    expect((await admin.post('/projects', { project_name: 'fwd-skip' })).status).toBe(201);
    await eventually('the row for fwd-skip', async () => (receiver.about('fwd-skip').length ? true : undefined), 15_000);
    expect(auditRowsSince(server).filter((r) => r.resource === 'fwd-skip')).toEqual([]);
    expect((await admin.put('/configurations', { skip_audit_log_database: false })).status).toBe(200);
  });
});
