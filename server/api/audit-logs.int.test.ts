/** The audit log API, and its purge by age, against a real server. */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { z } from 'zod';
import { ApiClient, createUser, errorOf, openServerDatabase } from '../testing/api-client.js';
import { startServer, type ServerProcess } from '../testing/server-process.js';
import { AuditLog, AuditLogExt } from './contracts/audit-logs.js';

type Entry = z.output<typeof AuditLogExt>;

describe('audit logs', () => {
  let server: ServerProcess;
  let admin: ApiClient;
  let pam: ApiClient;
  let dev: ApiClient;

  const entries = (res: { status: number; body: unknown }) => {
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return z.array(AuditLogExt).parse(res.body);
  };
  const summary = (list: Entry[]) => list.map((e) => `${e.operation} ${e.resource_type} ${e.resource}`);

  beforeAll(async () => {
    server = await startServer({ preparedDataVolume: inject('preparedDataVolume'), config: { initial_settings: { audit_log_retention_days: 30 } } });
    admin = await ApiClient.session(server, 'admin', 'Harbor12345');
    await createUser(admin, 'pam');
    await createUser(admin, 'dev');
    pam = await ApiClient.session(server, 'pam', 'Passw0rdX');
    dev = await ApiClient.session(server, 'dev', 'Passw0rdX');
    await pam.post('/projects', { project_name: 'ledger' });
    await pam.post('/projects/ledger/members', { role_id: 2, member_user: { username: 'dev' } });
    await pam.put('/projects/ledger', { metadata: { auto_scan: 'true' } });
    await admin.post('/projects', { project_name: 'other' });
  });

  afterAll(async () => {
    await server.stop();
    await server.cleanup();
  });

  test('system admins read the whole log, newest first, with Harbor\'s fields', async () => {
    const all = entries(await admin.get('/auditlog-exts?page_size=100'));
    expect(summary(all).slice(0, 4)).toEqual(['create project other', 'update project ledger', 'create member dev', 'create project ledger']);
    expect(summary(all)).toEqual(expect.arrayContaining(['create user pam', 'login user admin', 'login user pam']));
    expect(all[0]).toEqual({
      id: expect.any(Number),
      username: 'admin',
      resource: 'other',
      resource_type: 'project',
      operation: 'create',
      operation_description: 'create project: other',
      operation_result: true,
      op_time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
  });

  test('q filters operation, resource, resource_type, username and an op_time range; sort and paging apply', async () => {
    expect(summary(entries(await admin.get('/auditlog-exts?q=operation=create,resource_type=project')))).toEqual([
      'create project other',
      'create project ledger',
    ]);
    expect(summary(entries(await admin.get('/auditlog-exts?q=resource=~EDG')))).toEqual(['update project ledger', 'create project ledger']);
    expect(summary(entries(await admin.get('/auditlog-exts?q=username=pam,operation={login update}')))).toEqual([
      'update project ledger',
      'login user pam',
    ]);
    const future = encodeURIComponent('op_time=[2999-01-01 00:00:00~]');
    expect(entries(await admin.get(`/auditlog-exts?q=${future}`))).toEqual([]);
    const sinceEpoch = encodeURIComponent('op_time=[2000-01-01 00:00:00~2999-01-01 00:00:00],resource_type=project');
    expect(summary(entries(await admin.get(`/auditlog-exts?q=${sinceEpoch}&sort=op_time`)))).toEqual([
      'create project ledger',
      'update project ledger',
      'create project other',
    ]);
    const page = await admin.get('/auditlog-exts?page=2&page_size=3');
    expect(entries(page)).toHaveLength(3);
    expect(page.headers.get('link')).toBe('</api/v2.0/auditlog-exts?page=1&page_size=3>; rel="prev" , </api/v2.0/auditlog-exts?page=3&page_size=3>; rel="next"');
    expect(page.headers.get('x-total-count')).toBe('9'); // 3 sign-ins, 2 users, 4 project changes

    const bad = await admin.get('/auditlog-exts?q=op_time=[yesterday~]');
    expect(bad.status).toBe(400);
    expect(errorOf(bad)?.message).toContain('op_time must be a time');
    // A key the list does not offer is ignored, as Harbor ignores it.
    expect((await admin.get('/auditlog-exts?q=client_ip=1')).headers.get('x-total-count')).toBe('9');
  });

  test('others read only the projects they administer; a project\'s log needs log:list', async () => {
    expect(summary(entries(await pam.get('/auditlog-exts')))).toEqual(['update project ledger', 'create member dev', 'create project ledger']);
    expect(entries(await dev.get('/auditlog-exts'))).toEqual([]);
    expect(summary(entries(await pam.get('/projects/ledger/auditlog-exts?q=operation=update')))).toEqual(['update project ledger']);
    expect((await dev.get('/projects/ledger/auditlog-exts')).status).toBe(403);
    expect((await pam.get('/projects/other/auditlog-exts')).status).toBe(403);
    expect((await pam.get('/projects/no-such/auditlog-exts')).status).toBe(404);
    expect((await ApiClient.anonymous(server).get('/auditlog-exts')).status).toBe(401);
  });

  test('the legacy /audit-logs and /projects/{p}/logs give the same rows in the older shape', async () => {
    const legacy = await pam.get('/audit-logs');
    const rows = z.array(AuditLog.strict()).parse(legacy.body);
    expect(rows.map((r) => r.resource)).toEqual(['ledger', 'dev', 'ledger']);
    expect(Object.keys(rows[0]!).sort()).toEqual(['id', 'op_time', 'operation', 'resource', 'resource_type', 'username']);
    expect(z.array(AuditLog.strict()).parse((await pam.get('/projects/ledger/logs')).body)).toHaveLength(3);
  });

  test('/auditlog-exts/events lists the event types, each with its operation and resource type', async () => {
    const items = (await dev.get<{ event_type: string; operation: string; resource_type: string }[]>('/auditlog-exts/events')).body;
    const events = items.map((e) => e.event_type);
    expect(events).toEqual(expect.arrayContaining(['create_project', 'delete_member', 'login_user', 'logout_user', 'update_user', 'purge_audit_log']));
    for (const item of items) expect(item.event_type).toBe(`${item.operation}_${item.resource_type}`);
    // Operations with underscores of their own can only be filtered on because the parts are given.
    expect(items).toEqual(expect.arrayContaining([{ event_type: 'reset_password_request_user', operation: 'reset_password_request', resource_type: 'user' }]));
    expect(items).toEqual(expect.arrayContaining([expect.objectContaining({ operation: 'delete', resource_type: 'replication_policy' })]));
  });

  test('rows older than audit_log_retention_days are purged when the server starts (and hourly), and the purge is audited', async () => {
    const db = openServerDatabase(server);
    const old = new Date(Date.now() - 40 * 86_400_000).toISOString();
    db.prepare(
      "insert into audit_logs (operation, operation_description, operation_result, resource_type, resource, username, op_time) values ('create', 'create project: ancient', 1, 'project', 'ancient', 'admin', ?)",
    ).run(old);
    db.close();
    await server.stop();
    server = await startServer({ preparedDataVolume: inject('preparedDataVolume'), dir: server.dir, config: { initial_settings: { audit_log_retention_days: 30 } } });
    admin = await ApiClient.session(server, 'admin', 'Harbor12345');
    let purge: Entry[] = [];
    for (let i = 0; i < 50 && purge.length === 0; i++) {
      purge = entries(await admin.get('/auditlog-exts?q=operation=purge'));
      if (purge.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(purge).toMatchObject([
      { resource_type: 'audit_log', username: 'system$', operation_description: expect.stringContaining('1 entries older than 720 hours') },
    ]);
    expect(entries(await admin.get('/auditlog-exts?q=resource=ancient'))).toEqual([]);
    expect(entries(await admin.get('/auditlog-exts?q=resource=ledger')).length).toBeGreaterThan(0);
  });
});
