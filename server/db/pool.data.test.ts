/**
 * The PostgreSQL pool keeps max_idle_conns connections open when idle (all of them by default)
 * and closes the rest after conn_max_idle_time: pg's own default closed every idle connection
 * after 10 s, and the next request paid a new connection and cold catalog caches.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDatabase } from './connect.js';
import { createTestDatabase, type TestDatabase } from '../testing/dialects.js';
import { sql } from 'kysely';

describe('the PostgreSQL connection pool', () => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase('postgresql');
  });
  afterAll(async () => {
    await testDb.drop();
  });

  /** The pool's open connections 400 ms after 4 queries ran at once. */
  async function openAfterBusy(settings: Partial<TestDatabase['settings']>): Promise<number> {
    const handle = openDatabase({ ...testDb.settings, max_open_conns: 4, ...settings });
    try {
      await Promise.all(Array.from({ length: 4 }, () => sql`select pg_sleep(0.05)`.execute(handle.db)));
      expect(handle.poolStats!().total).toBe(4);
      await new Promise((resolve) => setTimeout(resolve, 400));
      return handle.poolStats!().total;
    } finally {
      await handle.close();
    }
  }

  test('beyond max_idle_conns, idle connections close after conn_max_idle_time; the kept ones stay', async () => {
    expect(await openAfterBusy({ max_idle_conns: 1, conn_max_idle_time: 100 })).toBe(1);
  });

  test('by default every connection of the pool stays open when idle', async () => {
    expect(await openAfterBusy({ conn_max_idle_time: 100 })).toBe(4);
  });
});
