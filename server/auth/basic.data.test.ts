/**
 * Checked Basic credentials are remembered by the app that checked them, not by the module: two
 * apps in one process on one database share no entry, and a password change or a user's removal
 * through one of them stops the old credentials on both at once.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AuditLog } from '../core/audit/audit-log.js';
import type { CoreContext } from '../core/context.js';
import { CredentialMemory } from '../core/sessions/credential-memory.js';
import { SettingsService } from '../core/settings/settings.service.js';
import type { Actor } from '../core/security/actor.js';
import { changePasswordAs, deleteUserAs } from '../core/users/user-admin.service.js';
import { insertUser } from '../core/users/user.repository.js';
import type { DbHandle } from '../db/connect.js';
import { migrateUp } from '../db/migrate.js';
import { hashPassword } from '../lib/password.js';
import { SecretBox } from '../lib/secret-box.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../testing/dialects.js';
import { subjectFromBasic } from './basic.js';

type App = Pick<CoreContext, 'db' | 'settings' | 'secretBox' | 'credentials' | 'audit'>;

const header = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const nameOf = async (app: App, user: string, password: string) => {
  const subject = await subjectFromBasic(app, header(user, password));
  return subject && subject.kind === 'user' ? subject.user.username : subject;
};

describe.each(DIALECTS)('Basic credentials remembered per app on %s', (dialect) => {
  let testDb: TestDatabase;
  let handle: DbHandle;
  let one: App;
  let two: App;
  let admin: Actor;

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    handle = testDb.open();
    await migrateUp(handle.db);
    const secretBox = new SecretBox('k');
    const appOn = (): App => ({
      db: handle.db,
      settings: new SettingsService(handle.db, secretBox, { token_expiration: 30 }),
      secretBox,
      credentials: new CredentialMemory(),
      audit: new AuditLog(),
    });
    [one, two] = [appOn(), appOn()];
    const at = new Date(Date.now() - 60_000).toISOString();
    const row = { password_changed_at: at, creation_time: at, update_time: at };
    const root = await insertUser(handle.db, { ...row, username: 'root', email: 'root@example.com', password_hash: await hashPassword('Passw0rdR'), sysadmin_flag: 1 });
    for (const name of ['alice', 'bob']) {
      await insertUser(handle.db, { ...row, username: name, email: `${name}@example.com`, password_hash: await hashPassword('Passw0rdA') });
    }
    admin = { subject: { kind: 'user', user: root, via: 'basic' }, clientIp: null };
  });

  afterAll(async () => {
    await handle?.close();
    await testDb?.drop();
  });

  test('each app keeps its own checked credentials', async () => {
    expect(await nameOf(one, 'alice', 'Passw0rdA')).toBe('alice');
    expect(one.credentials.users.size).toBe(1);
    expect(two.credentials.users.size).toBe(0);
    expect(await nameOf(two, 'alice', 'Passw0rdA')).toBe('alice');
    expect(two.credentials.users.size).toBe(1);
  });

  test('a password changed through one app stops the old one on both, though both remember it', async () => {
    const alice = await subjectFromBasic(one, header('alice', 'Passw0rdA'));
    expect(alice).toMatchObject({ kind: 'user' });
    await changePasswordAs(one, admin, (alice as { user: { id: number } }).user.id, { newPassword: 'Passw0rdB' });
    expect(await nameOf(one, 'alice', 'Passw0rdA')).toBeNull();
    expect(await nameOf(two, 'alice', 'Passw0rdA')).toBeNull();
    expect(await nameOf(two, 'alice', 'Passw0rdB')).toBe('alice');
  });

  test('a user deleted through one app is refused by the other, which had remembered them', async () => {
    const bob = await subjectFromBasic(two, header('bob', 'Passw0rdA'));
    expect(await nameOf(one, 'bob', 'Passw0rdA')).toBe('bob');
    await deleteUserAs(one, admin, (bob as { user: { id: number } }).user.id);
    expect(await nameOf(two, 'bob', 'Passw0rdA')).toBeNull();
    expect(await nameOf(one, 'bob', 'Passw0rdA')).toBeNull();
  });
});
