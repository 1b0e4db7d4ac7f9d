/** The foundation's data access (users, projects, members, settings, first start) on each dialect. */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DbHandle } from '../db/connect.js';
import { migrateUp } from '../db/migrate.js';
import { SecretBox } from '../lib/secret-box.js';
import { verifyPassword } from '../lib/password.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../testing/dialects.js';
import { findUserRole } from './members/member.repository.js';
import { ROLE } from './members/roles.js';
import { findProjectByName } from './projects/project.repository.js';
import { createProject } from './projects/project.service.js';
import { deleteSessionsOfUser } from './sessions/session.repository.js';
import { SettingsService } from './settings/settings.service.js';
import { bootstrap } from './system/bootstrap.js';
import { countUsers, findCredentialsByPrincipal, findUserByUsername } from './users/user.repository.js';
import { checkLocalPassword, createLocalUser, setPassword } from './users/user.service.js';

describe.each(DIALECTS)('foundation data on %s', (dialect) => {
  let testDb: TestDatabase;
  let handle: DbHandle;

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    handle = testDb.open();
    await migrateUp(handle.db);
  });

  afterAll(async () => {
    await handle.close();
    await testDb.drop();
  });

  test('first start creates admin (id 1, system admin) and the public project library, once', async () => {
    expect(await bootstrap(handle.db, 'Harbor12345')).toEqual({ created: true });
    const admin = await findUserByUsername(handle.db, 'admin');
    expect(admin).toMatchObject({ id: 1, sysadmin: true, authSource: 'db' });
    expect((await checkLocalPassword(handle.db, 'admin', 'Harbor12345'))?.id).toBe(1);
    const library = await findProjectByName(handle.db, 'library');
    expect(library).toMatchObject({ public: true, ownerId: 1 });
    expect(await findUserRole(handle.db, library!.id, 1)).toBe(ROLE.projectAdmin);

    // A later start with another harbor_admin_password changes nothing.
    expect(await bootstrap(handle.db, 'Other12345')).toEqual({ created: false });
    expect(await checkLocalPassword(handle.db, 'admin', 'Other12345')).toBeNull();
    expect(await countUsers(handle.db)).toBe(1);
  });

  test('users: created with a slow salted hash, found by username or e-mail, duplicates refused', async () => {
    const alice = await createLocalUser(handle.db, {
      username: 'alice',
      email: 'Alice@Example.com',
      realname: 'Alice',
      password: 'Passw0rdA',
    });
    expect(alice).toMatchObject({ username: 'alice', email: 'alice@example.com', sysadmin: false });
    const stored = await findCredentialsByPrincipal(handle.db, 'alice@example.com');
    expect(stored?.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(stored?.passwordHash).not.toContain('Passw0rdA');
    expect((await checkLocalPassword(handle.db, 'ALICE@example.com', 'Passw0rdA'))?.username).toBe('alice');
    expect(await checkLocalPassword(handle.db, 'alice', 'wrong')).toBeNull();
    expect(await checkLocalPassword(handle.db, 'nobody', 'Passw0rdA')).toBeNull();

    await expect(createLocalUser(handle.db, { username: 'alice', password: 'Passw0rdB' })).rejects.toMatchObject({
      kind: 'CONFLICT',
    });
    await expect(
      createLocalUser(handle.db, { username: 'alice2', email: 'alice@example.com', password: 'Passw0rdB' }),
    ).rejects.toMatchObject({ kind: 'CONFLICT' });
    await expect(createLocalUser(handle.db, { username: 'bad,name', password: 'Passw0rdB' })).rejects.toMatchObject({
      kind: 'INVALID',
      field: 'username',
    });
    await expect(createLocalUser(handle.db, { username: 'weak', password: 'password' })).rejects.toMatchObject({
      kind: 'INVALID',
      field: 'password',
    });
  });

  test('setting a password checks the policy, stores a new hash and ends sessions on request', async () => {
    const bob = await createLocalUser(handle.db, { username: 'bob', password: 'Passw0rdA' });
    const now = new Date().toISOString();
    await handle.db
      .insertInto('sessions')
      .values({ session_id: 'a'.repeat(64), user_id: bob.id, csrf_token: 'c', creation_time: now, last_seen: now, expires_at: now })
      .execute();
    await expect(setPassword(handle.db, 'bob', 'short')).rejects.toMatchObject({ kind: 'INVALID' });
    await expect(setPassword(handle.db, 'nobody', 'Passw0rdB')).rejects.toMatchObject({ kind: 'NOT_FOUND' });
    await setPassword(handle.db, 'bob', 'Passw0rdB');
    expect(await checkLocalPassword(handle.db, 'bob', 'Passw0rdA')).toBeNull();
    expect((await checkLocalPassword(handle.db, 'bob', 'Passw0rdB'))?.passwordChangedAt).not.toBeNull();
    expect(await deleteSessionsOfUser(handle.db, bob.id)).toBe(1);
  });

  test('projects: Harbor name rules, unique names, owner becomes project admin', async () => {
    const owner = await createLocalUser(handle.db, { username: 'carol', password: 'Passw0rdA' });
    const project = await createProject(handle.db, { name: 'team-a.apps', ownerId: owner.id, metadata: { auto_scan: 'false' } });
    expect(project).toMatchObject({ name: 'team-a.apps', public: false, metadata: { auto_scan: 'false' } });
    expect(await findUserRole(handle.db, project.id, owner.id)).toBe(ROLE.projectAdmin);
    await expect(createProject(handle.db, { name: 'team-a.apps', ownerId: owner.id })).rejects.toMatchObject({
      kind: 'CONFLICT',
    });
    for (const name of ['Upper', '-lead', 'trail-', 'a..b', '']) {
      await expect(createProject(handle.db, { name, ownerId: owner.id })).rejects.toMatchObject({
        kind: 'INVALID',
        field: 'project_name',
      });
    }
  });

  test('runtime settings: defaults, validated updates, secrets encrypted at rest, seeding only what is unset', async () => {
    const box = new SecretBox('test-secret-key');
    const settings = new SettingsService(handle.db, box, { token_expiration: 45 });
    expect(await settings.get('token_expiration')).toBe(45);
    expect(await settings.get('auth_mode')).toBe('db_auth');

    await settings.update({ self_registration: true, ldap_search_password: 'directory-secret' });
    expect(await settings.get('self_registration')).toBe(true);
    expect(await settings.get('ldap_search_password')).toBe('directory-secret');
    const raw = await sql<{ v: string }>`select v from system_config where k = 'ldap_search_password'`.execute(handle.db);
    expect(raw.rows[0]!.v).not.toContain('directory-secret');
    expect(raw.rows[0]!.v).toMatch(/enc:v1:/);

    await expect(settings.update({ token_expiration: 0, auth_mode: 'ldap_auth' })).rejects.toMatchObject({
      kind: 'INVALID',
      field: 'token_expiration',
    });
    expect(await settings.get('auth_mode')).toBe('db_auth');
    await expect(settings.update({ no_such_key: 1 })).rejects.toMatchObject({ kind: 'INVALID', field: 'no_such_key' });

    expect(await settings.seed({ self_registration: false, email_host: 'smtp.example.com' })).toEqual(['email_host']);
    expect(await settings.get('self_registration')).toBe(true);
    expect(await settings.get('email_host')).toBe('smtp.example.com');
  });

  test('two instances bootstrapping the same fresh database at once end with one admin', async () => {
    const other = await createTestDatabase(dialect);
    const a = other.open();
    const b = other.open();
    try {
      await migrateUp(a.db);
      const results = await Promise.all([bootstrap(a.db, 'Harbor12345'), bootstrap(b.db, 'Harbor12345')]);
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(await countUsers(a.db)).toBe(1);
    } finally {
      await a.close();
      await b.close();
      await other.drop();
    }
  });

  test('a password hash made by this version verifies; an unknown format never does', async () => {
    const stored = await findCredentialsByPrincipal(handle.db, 'admin');
    expect(await verifyPassword('Harbor12345', stored!.passwordHash)).toBe(true);
    expect(await verifyPassword('Harbor12345', 'md5$abc')).toBe(false);
    expect(await verifyPassword('Harbor12345', null)).toBe(false);
  });
});
