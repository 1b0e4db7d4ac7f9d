import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { bootstrap } from '../core/system/bootstrap.js';
import { countUsers } from '../core/users/user.repository.js';
import { createLocalUser } from '../core/users/user.service.js';
import { createTestDatabase, DIALECTS } from '../testing/dialects.js';
import { backupDatabase, restoreDatabase } from './backup.js';
import { migrateUp } from './migrate.js';

describe.each(DIALECTS)('backup and restore on %s', (dialect) => {
  test('a restore brings the database back to the moment of the backup', async () => {
    const testDb = await createTestDatabase(dialect);
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'berth-backup-')), 'backup');
    try {
      let handle = testDb.open();
      await migrateUp(handle.db);
      await bootstrap(handle.db, 'Harbor12345');
      expect(await backupDatabase(testDb.settings, file)).toBeGreaterThan(0);
      await createLocalUser(handle.db, { username: 'after-backup', password: 'Passw0rdA' });
      expect(await countUsers(handle.db)).toBe(2);
      await handle.close();

      await restoreDatabase(testDb.settings, file);
      handle = testDb.open();
      expect(await countUsers(handle.db)).toBe(1);
      await handle.close();
    } finally {
      await testDb.drop();
    }
  });

  test('a file that is not a backup of this kind is refused with a sentence', async () => {
    const testDb = await createTestDatabase(dialect);
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'berth-backup-')), 'notes.txt');
    writeFileSync(file, 'just some notes');
    try {
      await expect(restoreDatabase(testDb.settings, file)).rejects.toThrow(/is not an? (SQLite|PostgreSQL) backup made by berth migrate backup/);
      await expect(restoreDatabase(testDb.settings, `${file}.missing`)).rejects.toThrow(/does not exist/);
    } finally {
      await testDb.drop();
    }
  });
});
