/**
 * Two apps in one process, each with its own database, settings and AuditLog: each app's
 * forwarder (the real one, sending to that app's own syslog receiver over TCP) gets that app's
 * rows only, and skip_audit_log_database keeps rows out of that app's database alone.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DbHandle } from '../../db/connect.js';
import { migrateUp } from '../../db/migrate.js';
import { SecretBox } from '../../lib/secret-box.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../testing/dialects.js';
import { freePort } from '../../testing/free-port.js';
import { eventually } from '../../testing/replication.js';
import { SyslogReceiver } from '../../testing/syslog-receiver.js';
import { SettingsService } from '../settings/settings.service.js';
import { AuditForwarder } from './audit-forward.js';
import { AuditLog } from './audit-log.js';
import type { AuditEntry } from './audit.repository.js';

interface App {
  testDb: TestDatabase;
  handle: DbHandle;
  receiver: SyslogReceiver;
  audit: AuditLog;
}

const created = (resource: string): AuditEntry => ({ operation: 'create', resourceType: 'project', resource, username: 'admin' });

describe.each(DIALECTS)('two audit logs in one process on %s', (dialect) => {
  let skipping: App;
  let storing: App;

  /** An app as the composition root makes one: its settings name its own receiver, and its forwarder is started on its own log. */
  async function appForwarding(skipDatabase: boolean): Promise<App> {
    const testDb = await createTestDatabase(dialect);
    const handle = testDb.open();
    await migrateUp(handle.db);
    const receiver = new SyslogReceiver(await freePort());
    await receiver.listen();
    const settings = new SettingsService(handle.db, new SecretBox('k'), { token_expiration: 30 });
    await settings.update({ audit_log_forward_endpoint: `127.0.0.1:${receiver.port}`, skip_audit_log_database: skipDatabase });
    const audit = new AuditLog();
    await new AuditForwarder(settings, pino({ level: 'silent' }), audit).start();
    return { testDb, handle, receiver, audit };
  }

  const storedResources = async (app: App, resources: string[]) =>
    (await app.handle.db.selectFrom('audit_logs').select('resource').where('resource', 'in', resources).orderBy('id').execute()).map((r) => r.resource);

  beforeAll(async () => {
    skipping = await appForwarding(true);
    storing = await appForwarding(false);
  });

  afterAll(async () => {
    for (const app of [skipping, storing]) {
      if (!app) continue;
      app.audit.close();
      await app.receiver.stop();
      await app.handle.close();
      await app.testDb.drop();
    }
  });

  test('each app forwards its own rows to its own endpoint; only the skipping one keeps them out of its database', async () => {
    await skipping.audit.write(skipping.handle.db, created('skipping-row'));
    await storing.audit.write(storing.handle.db, created('storing-row'));
    await eventually('each row at its own receiver', async () => (skipping.receiver.about('skipping-row').length && storing.receiver.about('storing-row').length ? true : undefined), 15_000);
    expect(skipping.receiver.about('storing-row')).toEqual([]);
    expect(storing.receiver.about('skipping-row')).toEqual([]);
    expect(await storedResources(skipping, ['skipping-row', 'storing-row'])).toEqual([]);
    expect(await storedResources(storing, ['skipping-row', 'storing-row'])).toEqual(['storing-row']);
  });

  test("closing one app's log stops its forwarding only: its rows then go to its database, the other app still forwards", async () => {
    skipping.audit.close();
    await skipping.audit.write(skipping.handle.db, created('after-close'));
    await storing.audit.write(storing.handle.db, created('still-forwarded'));
    await eventually('the other app still forwards', async () => (storing.receiver.about('still-forwarded').length ? true : undefined), 15_000);
    expect(await storedResources(skipping, ['after-close'])).toEqual(['after-close']);
    expect(skipping.receiver.about('after-close')).toEqual([]);
    expect(await storedResources(storing, ['still-forwarded'])).toEqual(['still-forwarded']);
  });
});
