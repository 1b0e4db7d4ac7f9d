/**
 * SQLite runs statements on the event loop: each one waits for a turn of the loop first, so a
 * registry request (or a timer) gets in between the statements of a long list request instead
 * of waiting for every request that was ready before it.
 */
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

  test('I/O and timers ready before a chain of statements run between them, not after all of them', async () => {
    const order: string[] = [];
    setImmediate(() => order.push('other work'));
    for (let i = 0; i < 5; i++) {
      await handle.db.selectFrom('projects').select('project_id').execute();
      order.push(`statement ${i}`);
    }
    expect(order.indexOf('other work')).toBe(0);
  });

  test('a transaction still sees its own writes and commits whole', async () => {
    await handle.db.transaction().execute(async (trx) => {
      await trx.insertInto('system_config').values({ k: 'turns', v: '1', update_time: 'now' }).execute();
      expect((await trx.selectFrom('system_config').select('v').where('k', '=', 'turns').executeTakeFirst())?.v).toBe('1');
    });
    expect((await handle.db.selectFrom('system_config').select('v').where('k', '=', 'turns').executeTakeFirst())?.v).toBe('1');
  });
});
