/**
 * SQLite runs statements on the event loop: a turn of the loop follows each one (connect.ts), so
 * a registry request (or a timer) gets in between the statements of a long list request instead
 * of waiting for every request that was ready before it.
 */
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/dialects.js';
import type { DbHandle } from './connect.js';
import { migrateUp } from './migrate.js';

describe('SQLite statements and the event loop', () => {
  let testDb: TestDatabase;
  let handle: DbHandle;

  beforeAll(async () => {
    testDb = await createTestDatabase('sqlite');
    handle = testDb.open();
    await migrateUp(handle.db);
  });

  afterAll(async () => {
    await handle.close();
    await testDb.drop();
  });

  test('between two turns of the event loop, at most one statement of a chain runs', async () => {
    // Another connection reads what the chain has written so far at every turn of the loop.
    const reader = new SQLite(testDb.settings.path, { readonly: true });
    const key = (i: number) => `turns-${i}`;
    const written = () => (reader.prepare("select count(*) as n from system_config where k like 'turns-%'").get() as { n: number }).n;
    const seen: number[] = [];
    let running = true;
    const tick = () => {
      seen.push(written());
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    try {
      for (let i = 0; i < 5; i++) await handle.db.insertInto('system_config').values({ k: key(i), v: '1', update_time: 'now' }).execute();
    } finally {
      running = false;
      await new Promise((resolve) => setImmediate(resolve));
      reader.close();
    }
    // Every count from 1 to 5 was seen by some turn: no two statements ran without one between.
    expect([...new Set(seen)].filter((n) => n > 0)).toEqual([1, 2, 3, 4, 5]);
    await handle.db.deleteFrom('system_config').where('k', 'like', 'turns-%').execute();
  });

  test('a transaction still sees its own writes and commits whole', async () => {
    await handle.db.transaction().execute(async (trx) => {
      await trx.insertInto('system_config').values({ k: 'turns', v: '1', update_time: 'now' }).execute();
      expect((await trx.selectFrom('system_config').select('v').where('k', '=', 'turns').executeTakeFirst())?.v).toBe('1');
    });
    expect((await handle.db.selectFrom('system_config').select('v').where('k', '=', 'turns').executeTakeFirst())?.v).toBe('1');
  });
});
