import { sql } from 'kysely';
import { afterEach, describe, expect, test } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../testing/dialects.js';
import type { DbHandle } from './connect.js';
import { migrateUp, migrationStatus } from './migrate.js';
import { MIGRATIONS } from './migrations/index.js';

describe.each(DIALECTS)('migrations on %s', (dialect) => {
  let testDb: TestDatabase;
  let handle: DbHandle;

  afterEach(async () => {
    await handle.close();
    await testDb.drop();
  });

  test('a fresh database lists every migration as pending, applies them in order once, then is up to date', async () => {
    testDb = await createTestDatabase(dialect);
    handle = testDb.open();
    const names = Object.keys(MIGRATIONS);
    expect([...names].sort()).toEqual(names);
    expect((await migrationStatus(handle.db)).map((m) => [m.name, m.executedAt])).toEqual(names.map((n) => [n, undefined]));
    expect(await migrateUp(handle.db)).toEqual(names);
    expect(await migrateUp(handle.db)).toEqual([]);
    const status = await migrationStatus(handle.db);
    expect(status.every((m) => m.executedAt instanceof Date)).toBe(true);
  });

  test('every migration can be rolled back with its down()', async () => {
    testDb = await createTestDatabase(dialect);
    handle = testDb.open();
    await migrateUp(handle.db);
    for (const name of Object.keys(MIGRATIONS).reverse()) await MIGRATIONS[name]!.down!(handle.db);
    const tables = await handle.db.introspection.getTables();
    expect(tables.map((t) => t.name).filter((n) => !n.startsWith('kysely_'))).toEqual([]);
  });

  test('a database migrated by a newer Berth is named as such, by status and by up', async () => {
    testDb = await createTestDatabase(dialect);
    handle = testDb.open();
    await migrateUp(handle.db);
    await sql`insert into kysely_migration (name, timestamp) values ('2099_01_01_0001_future', '2099-01-01T00:00:00.000Z')`.execute(handle.db);
    const message = 'The database was migrated by a newer Berth (unknown migration 2099_01_01_0001_future); run that version or restore a backup.';
    await expect(migrationStatus(handle.db)).rejects.toThrow(message);
    await expect(migrateUp(handle.db)).rejects.toThrow(message);
  });
});
