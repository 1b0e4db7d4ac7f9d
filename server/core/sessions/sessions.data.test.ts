/** Sign-in limits and console sessions on each dialect, with the clock under the test's control. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DbHandle } from '../../db/connect.js';
import { migrateUp } from '../../db/migrate.js';
import { SecretBox } from '../../lib/secret-box.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../testing/dialects.js';
import { SettingsService } from '../settings/settings.service.js';
import { insertUser, setPasswordHash, type User } from '../users/user.repository.js';
import { hashPassword } from '../../lib/password.js';
import { AuditLog } from '../audit/audit-log.js';
import { CredentialMemory } from './credential-memory.js';
import { verifyCredentials } from './login.service.js';
import { lockDuration, recordFailure, recordSuccess, refuseWhileLocked, THROTTLE_POLICIES, throttleKeys } from './login-throttle.js';
import { deleteStaleFailures, failureStates } from './login-throttle.repository.js';
import { deleteExpiredSessions } from './session.repository.js';
import { RENEW_EVERY_MS, resumeSession, startSession } from './session.service.js';

const T0 = Date.parse('2026-03-01T12:00:00.000Z');
const SECOND = 1000;
const MINUTE = 60 * SECOND;

describe.each(DIALECTS)('sign-in limits and sessions on %s', (dialect) => {
  let testDb: TestDatabase;
  let handle: DbHandle;
  let settings: SettingsService;
  let erin: User;

  const retryAfter = async (keys: ReturnType<typeof throttleKeys>, now: number) => {
    try {
      await refuseWhileLocked(handle.db, keys, now);
      return 0;
    } catch (err) {
      expect(err).toMatchObject({ kind: 'TOO_MANY_REQUESTS' });
      return (err as { retryAfter: number }).retryAfter;
    }
  };

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    handle = testDb.open();
    await migrateUp(handle.db);
    settings = new SettingsService(handle.db, new SecretBox('k'), { token_expiration: 30 });
    const at = new Date(T0 - 60 * MINUTE).toISOString();
    erin = await insertUser(handle.db, {
      username: 'erin',
      email: 'erin@example.com',
      password_hash: await hashPassword('Passw0rdE'),
      password_changed_at: at,
      creation_time: at,
      update_time: at,
    });
  });

  afterAll(async () => {
    await handle.close();
    await testDb.drop();
  });

  test('the lock grows from 30 s, doubling per failure past the limit, up to 15 minutes', () => {
    const account = THROTTLE_POLICIES['account-address'];
    expect([4, 5, 6, 7].map((n) => lockDuration(account, n))).toEqual([0, 30 * SECOND, 60 * SECOND, 120 * SECOND]);
    expect(lockDuration(account, 40)).toBe(15 * MINUTE);
  });

  test('an account at an address locks after 5 failures, Retry-After counts down, the next failure doubles the lock, success starts over', async () => {
    const keys = throttleKeys('user:900', null);
    for (let i = 0; i < 4; i++) await recordFailure(handle.db, keys, T0 + i * SECOND);
    expect(await retryAfter(keys, T0 + 4 * SECOND)).toBe(0);
    await recordFailure(handle.db, keys, T0 + 5 * SECOND);
    expect(await retryAfter(keys, T0 + 5 * SECOND)).toBe(30);
    expect(await retryAfter(keys, T0 + 25 * SECOND)).toBe(10);
    expect(await retryAfter(keys, T0 + 36 * SECOND)).toBe(0);
    await recordFailure(handle.db, keys, T0 + 36 * SECOND);
    expect(await retryAfter(keys, T0 + 36 * SECOND)).toBe(60);
    await recordSuccess(handle.db, keys);
    expect(await failureStates(handle.db, keys)).toEqual([]);
  });

  test('failures are forgotten an hour after the last one', async () => {
    const keys = throttleKeys('user:901', null);
    for (let i = 0; i < 4; i++) await recordFailure(handle.db, keys, T0);
    await recordFailure(handle.db, keys, T0 + 61 * MINUTE);
    expect(await failureStates(handle.db, keys)).toMatchObject([{ failures: 1, lockedUntil: null }]);
    expect(await deleteStaleFailures(handle.db, new Date(T0 + 122 * MINUTE).toISOString(), new Date(T0 + 122 * MINUTE).toISOString())).toBeGreaterThanOrEqual(1);
    expect(await failureStates(handle.db, keys)).toEqual([]);
  });

  test('failures arriving together are all counted (processes share the row)', async () => {
    const keys = throttleKeys('user:902', '192.0.2.9');
    await Promise.all(Array.from({ length: 12 }, () => recordFailure(handle.db, keys, T0)));
    const states = await failureStates(handle.db, keys);
    expect(states.map((s) => [s.scope, s.failures]).sort()).toEqual([
      ['account-address', 12],
      ['address', 12],
    ]);
  });

  test('an address locks after 30 failures across any accounts, and a success elsewhere does not unlock it', async () => {
    for (let i = 0; i < 30; i++) await recordFailure(handle.db, throttleKeys(`name:guess${i}`, '198.51.100.7'), T0);
    const keys = throttleKeys('user:903', '198.51.100.7');
    expect(await retryAfter(keys, T0 + SECOND)).toBe(59);
    await recordSuccess(handle.db, keys);
    expect(await retryAfter(keys, T0 + SECOND)).toBe(59);
  });

  test('verifyCredentials: wrong passwords are counted and audited, username and e-mail share one limit', async () => {
    const attempt = (principal: string, password: string) =>
      verifyCredentials({ db: handle.db, credentials: new CredentialMemory(), audit: new AuditLog() }, { principal, password, clientIp: '203.0.113.5', via: 'console' }, () => T0);
    expect(await attempt('erin', 'wrong')).toBeNull();
    expect(await attempt('erin@example.com', 'wrong')).toBeNull();
    const erinHere = throttleKeys(`user:${erin.id}`, '203.0.113.5').slice(0, 1);
    expect(await failureStates(handle.db, erinHere)).toMatchObject([{ failures: 2 }]);
    expect((await attempt('ERIN@example.com', 'Passw0rdE'))?.username).toBe('erin');
    expect(await failureStates(handle.db, erinHere)).toEqual([]);
    const rows = await handle.db.selectFrom('audit_logs').selectAll().where('operation', '=', 'login').orderBy('id').execute();
    expect(rows.map((r) => [r.username, r.operation_result, r.client_ip])).toEqual([
      ['erin', 0, '203.0.113.5'],
      ['erin@example.com', 0, '203.0.113.5'],
    ]);
  });

  test('sessions: only a hash is stored; expiry slides at most once a minute; a password change voids older sessions', async () => {
    const started = await startSession(handle.db, erin, 30, T0);
    const stored = await handle.db.selectFrom('sessions').selectAll().where('user_id', '=', erin.id).execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.session_id).not.toContain(started.cookieValue);
    expect(stored[0]!.expires_at).toBe(new Date(T0 + 30 * MINUTE).toISOString());

    const expiresAt = async () =>
      (await handle.db.selectFrom('sessions').select('expires_at').where('user_id', '=', erin.id).executeTakeFirstOrThrow()).expires_at;
    expect(await resumeSession({ db: handle.db, settings }, started.cookieValue, true, T0 + 10 * SECOND)).toMatchObject({
      user: { username: 'erin' },
      csrfToken: started.csrfToken,
    });
    expect(await expiresAt()).toBe(new Date(T0 + 30 * MINUTE).toISOString());
    const later = T0 + RENEW_EVERY_MS + SECOND;
    await resumeSession({ db: handle.db, settings }, started.cookieValue, false, later);
    expect(await expiresAt()).toBe(new Date(T0 + 30 * MINUTE).toISOString());
    await resumeSession({ db: handle.db, settings }, started.cookieValue, true, later);
    expect(await expiresAt()).toBe(new Date(later + 60 * MINUTE).toISOString()); // session_timeout's default: 60

    expect(await resumeSession({ db: handle.db, settings }, started.cookieValue, true, later + 61 * MINUTE)).toBeNull();
    expect(await expiresAt().catch(() => 'gone')).toBe('gone');

    const second = await startSession(handle.db, erin, 30, Date.now() - MINUTE);
    await setPasswordHash(handle.db, erin.id, await hashPassword('Passw0rdF'), new Date().toISOString());
    expect(await resumeSession({ db: handle.db, settings }, second.cookieValue, true)).toBeNull();
    expect(await resumeSession({ db: handle.db, settings }, 'no-such-cookie-value', true)).toBeNull();
  });

  test('expired sessions are swept', async () => {
    await startSession(handle.db, erin, 1, T0);
    expect(await deleteExpiredSessions(handle.db, new Date(T0 + 2 * MINUTE).toISOString())).toBe(1);
  });
});
