/** 0008: a scope stored with Harbor 1.x's numbers is read back with Harbor 2's, on both dialects. */
import { describe, expect, test } from 'vitest';
import { createTestDatabase, DIALECTS } from '../../testing/dialects.js';
import { migrateUp } from '../migrate.js';
import * as ldapScopeNumbers from './2026_11_29_0008_ldap_scope_numbers.js';

describe.each(DIALECTS)('ldap_scope numbers on %s', (dialect) => {
  test('1, 2, 3 become 0, 1, 2, and back', async () => {
    const testDb = await createTestDatabase(dialect);
    const handle = testDb.open();
    try {
      await migrateUp(handle.db);
      const scope = async () => (await handle.db.selectFrom('system_config').select('v').where('k', '=', 'ldap_scope').executeTakeFirst())?.v;
      for (const [old, now] of [['1', '0'], ['2', '1'], ['3', '2']]) {
        await handle.db.deleteFrom('system_config').where('k', '=', 'ldap_scope').execute();
        await handle.db.insertInto('system_config').values({ k: 'ldap_scope', v: old!, update_time: new Date().toISOString() }).execute();
        await ldapScopeNumbers.up(handle.db);
        expect(await scope()).toBe(now);
        await ldapScopeNumbers.down(handle.db);
        expect(await scope()).toBe(old);
      }
    } finally {
      await handle.close();
      await testDb.drop();
    }
  });
});
