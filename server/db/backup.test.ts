import { mkdtempSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { describe, expect, test } from 'vitest';
import { bootstrap } from '../core/system/bootstrap.js';
import { countUsers } from '../core/users/user.repository.js';
import { createLocalUser } from '../core/users/user.service.js';
import { createTestDatabase, DIALECTS } from '../testing/dialects.js';
import { configSchema } from '../config/schema.js';
import { backupDatabase, postgresTarget, restoreDatabase } from './backup.js';
import { openDatabase } from './connect.js';
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

  test('a failed backup leaves the file it would replace as it was, and no partial file', async () => {
    const testDb = await createTestDatabase(dialect);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'berth-backup-'));
    const file = path.join(dir, 'keep.dump');
    writeFileSync(file, 'the previous backup');
    try {
      let broken = testDb.settings;
      if (dialect === 'postgresql') {
        broken = { ...testDb.settings, url: 'postgres://postgres@127.0.0.1:1/nothing' };
      } else {
        writeFileSync(testDb.settings.path, 'not a database, though it is where the database should be');
      }
      await expect(backupDatabase(broken, file)).rejects.toThrow();
      expect(readFileSync(file, 'utf8')).toBe('the previous backup');
      expect(readdirSync(dir)).toEqual(['keep.dump']);
    } finally {
      await testDb.drop();
    }
  });
});

describe.runIf(DIALECTS.includes('postgresql'))('PostgreSQL restore', () => {
  test('the result is exactly the backup: tables made after it are gone', async () => {
    const testDb = await createTestDatabase('postgresql');
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'berth-backup-')), 'backup.dump');
    try {
      let handle = testDb.open();
      await migrateUp(handle.db);
      await backupDatabase(testDb.settings, file);
      await sql`create table from_a_newer_migration (id int)`.execute(handle.db);
      await handle.close();

      await restoreDatabase(testDb.settings, file);
      handle = testDb.open();
      const tables = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public'`.execute(handle.db);
      expect(tables.rows.map((r) => r.name)).not.toContain('from_a_newer_migration');
      expect(tables.rows.map((r) => r.name)).toContain('kysely_migration');
      await handle.close();
    } finally {
      await testDb.drop();
    }
  });

  test('a truncated backup leaves the database as it was', async () => {
    const testDb = await createTestDatabase('postgresql');
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'berth-backup-')), 'backup.dump');
    try {
      let handle = testDb.open();
      await migrateUp(handle.db);
      await bootstrap(handle.db, 'Harbor12345');
      await backupDatabase(testDb.settings, file);
      await handle.close();
      truncateSync(file, Math.floor(statSync(file).size / 2));

      await expect(restoreDatabase(testDb.settings, file)).rejects.toThrow(/failed/);
      handle = testDb.open();
      expect(await countUsers(handle.db)).toBe(1);
      await handle.close();
    } finally {
      await testDb.drop();
    }
  });
});

describe('SQLite restore', () => {
  test('a truncated backup is refused, naming the file, and the database stays as it was', async () => {
    const testDb = await createTestDatabase('sqlite');
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'berth-backup-')), 'trunc.db');
    try {
      let handle = testDb.open();
      await migrateUp(handle.db);
      await bootstrap(handle.db, 'Harbor12345');
      await backupDatabase(testDb.settings, file);
      await createLocalUser(handle.db, { username: 'after-backup', password: 'Passw0rdA' });
      await handle.close();
      truncateSync(file, Math.floor(statSync(file).size / 2));

      await expect(restoreDatabase(testDb.settings, file)).rejects.toThrow(`${file} is damaged`);
      handle = testDb.open();
      expect(await countUsers(handle.db)).toBe(2);
      await handle.close();
      expect(readdirSync(path.dirname(testDb.settings.path)).filter((f) => f.includes('restoring'))).toEqual([]);
    } finally {
      await testDb.drop();
    }
  });

  test('an SQLite file that is not a Berth database is refused', async () => {
    const testDb = await createTestDatabase('sqlite');
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'berth-backup-')), 'other.db');
    const other = new SQLite(file);
    other.exec('create table notes (text)');
    other.close();
    try {
      await expect(restoreDatabase(testDb.settings, file)).rejects.toThrow(`${file} is not a Berth database`);
    } finally {
      await testDb.drop();
    }
  });

  test('a restore into a fresh data volume creates the database directory', async () => {
    const source = await createTestDatabase('sqlite');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'berth-backup-'));
    const file = path.join(dir, 'good.db');
    try {
      const handle = source.open();
      await migrateUp(handle.db);
      await bootstrap(handle.db, 'Harbor12345');
      await handle.close();
      await backupDatabase(source.settings, file);

      const fresh = { ...source.settings, path: path.join(dir, 'data', 'database', 'berth.db') };
      await restoreDatabase(fresh, file);
      const restored = openDatabase(fresh);
      expect(await countUsers(restored.db)).toBe(1);
      await restored.close();
    } finally {
      await source.drop();
    }
  });
});

describe('PostgreSQL tool arguments', () => {
  test('the password goes to PGPASSWORD, never onto the command line', () => {
    const base = configSchema.shape.database.parse({});
    const fromUrl = postgresTarget({ ...base, type: 'postgresql', path: '', url: 'postgres://berth:S3cret%2FPW@db:5432/registry' });
    expect(fromUrl).toEqual({ url: 'postgres://berth@db:5432/registry', password: 'S3cret/PW' });
    const fromKeys = postgresTarget({ ...base, type: 'postgresql', path: '', host: 'db', username: 'berth', password: 'S3cretPW' });
    expect(fromKeys.url).not.toContain('S3cretPW');
    expect(fromKeys.password).toBe('S3cretPW');
  });
});
