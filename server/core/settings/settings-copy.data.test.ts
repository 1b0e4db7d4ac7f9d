/**
 * The settings' copy (settings.service.ts): reads within SETTINGS_TTL_MS come from memory, a
 * change through update() is seen at once by the process that made it and, on PostgreSQL, by
 * another process on the same database at its next read, however late PostgreSQL delivers the
 * message; a row changed outside Berth is seen after the TTL.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DbHandle } from '../../db/connect.js';
import { migrateUp } from '../../db/migrate.js';
import { SecretBox } from '../../lib/secret-box.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../testing/dialects.js';
import { mayPauseBackends, withListenersPaused } from '../../testing/paused-listeners.js';
import { SETTINGS_TTL_MS, SettingsService } from './settings.service.js';

const box = new SecretBox('k');
const defaults = { token_expiration: 30 };

/** Changes a setting's row as an operator's SQL would, behind every SettingsService's back. */
async function writeRow(handle: DbHandle, key: string, value: unknown): Promise<void> {
  const at = new Date().toISOString();
  await handle.db
    .insertInto('system_config')
    .values({ k: key, v: JSON.stringify(value), update_time: at })
    .onConflict((oc) => oc.column('k').doUpdateSet({ v: JSON.stringify(value), update_time: at }))
    .execute();
}

/** Polls `read` until it gives `expected`; the milliseconds it took. */
async function msUntil(read: () => Promise<unknown>, expected: unknown, limitMs: number): Promise<number> {
  const start = Date.now();
  while (Date.now() - start < limitMs) {
    if ((await read()) === expected) return Date.now() - start;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`still not ${String(expected)} after ${limitMs} ms`);
}

describe.each(DIALECTS)('the settings copy on %s', (dialect) => {
  let testDb: TestDatabase;
  let handle: DbHandle;
  let one: SettingsService;

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    handle = testDb.open();
    await migrateUp(handle.db);
    one = new SettingsService(handle.db, box, defaults, { database: testDb.settings, logger: pino({ level: 'silent' }) });
    await one.listening();
  });

  afterAll(async () => {
    await one.close();
    await handle.close();
    await testDb.drop();
  });

  test('reads within the TTL come from memory; a row changed outside Berth is read again after it', async () => {
    expect(await one.get('robot_name_prefix')).toBe('robot$');
    await writeRow(handle, 'robot_name_prefix', 'bot+');
    expect(await one.get('robot_name_prefix')).toBe('robot$');
    const ms = await msUntil(() => one.get('robot_name_prefix'), 'bot+', SETTINGS_TTL_MS + 1000);
    expect(ms).toBeGreaterThan(0);
    expect(ms).toBeLessThanOrEqual(SETTINGS_TTL_MS + 100);
    await one.update({ robot_name_prefix: 'robot$' });
  });

  test('update() is seen at once, also by a read that was in flight while it committed', async () => {
    expect(await one.get('session_timeout')).toBe(60);
    const inFlight = one.all();
    const changing = one.update({ session_timeout: 15 });
    await Promise.all([inFlight, changing]);
    expect(await one.get('session_timeout')).toBe(15);
    await one.update({ session_timeout: 60 });
    expect(await one.get('session_timeout')).toBe(60);
  });

  test('a caller changing what it was given does not change the copy', async () => {
    const settings = await one.all();
    settings.auth_mode = 'ldap_auth';
    expect(await one.get('auth_mode')).toBe('db_auth');
  });

  test.runIf(dialect === 'postgresql')('a change through another process on the database is seen here at the next read, although PostgreSQL holds the message back', async ({ skip }) => {
    if (!(await mayPauseBackends(handle.db, testDb.url))) skip('the database server runs where this process may not signal it');
    const otherHandle = testDb.open();
    const other = new SettingsService(otherHandle.db, box, defaults, { database: testDb.settings, logger: pino({ level: 'silent' }) });
    try {
      await other.listening();
      expect(await one.get('self_registration')).toBe(false);
      let settled = false;
      const { read } = await withListenersPaused(handle.db, process.pid, async () => {
        await other.update({ self_registration: true });
        const reading = one.get('self_registration').finally(() => (settled = true));
        await new Promise((resolve) => setTimeout(resolve, 150));
        expect(settled).toBe(false);
        // Wrapped, so that it is awaited once the backends run again.
        return { read: reading };
      });
      expect(await read).toBe(true);
      await other.update({ self_registration: false });
      expect(await one.get('self_registration')).toBe(false);
    } finally {
      await other.close();
      await otherHandle.close();
    }
  });
});
