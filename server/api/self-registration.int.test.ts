/**
 * Signing up through POST /api/v2.0/users without signing in, as Harbor's portal and tools do:
 * the same rules and the same per-address limit as the console's /c/sign_up. Client addresses
 * are simulated with X-Forwarded-For, which Berth believes from loopback (the default).
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { ApiClient, errorOf } from '../testing/api-client.js';
import { startServer, type ServerProcess } from '../testing/server-process.js';

describe('self-registration through POST /users', () => {
  let server: ServerProcess;
  let admin: ApiClient;

  beforeAll(async () => {
    server = await startServer({ preparedDataVolume: inject('preparedDataVolume') });
    admin = await ApiClient.session(server, 'admin', 'Harbor12345');
  });

  afterAll(async () => {
    await server.stop();
    await server.cleanup();
  });

  const from = (address: string) => ({ headers: { 'x-forwarded-for': address } });
  const form = (name: string) => ({ username: name, email: `${name}@example.com`, realname: name, password: 'Passw0rdS' });

  test('closed (the default): an anonymous POST /users is 401 and creates nobody', async () => {
    const res = await ApiClient.anonymous(server).post('/users', form('closed'), from('198.51.100.60'));
    expect(res.status).toBe(401);
    expect(errorOf(res)?.code).toBe('UNAUTHORIZED');
    expect((await admin.get<unknown[]>('/users?username=closed')).body).toEqual([]);
  });

  test('open: 201 with the new user\'s Location; an ordinary user who signs in; the same rules as /c/sign_up', async () => {
    expect((await admin.put('/configurations', { self_registration: true })).status).toBe(200);
    const anonymous = ApiClient.anonymous(server);
    const created = await anonymous.post('/users', { ...form('sue'), sysadmin_flag: true }, from('198.51.100.61'));
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toMatch(/^\/api\/v2\.0\/users\/\d+$/);
    const sue = await ApiClient.session(server, 'sue', 'Passw0rdS');
    expect((await sue.get('/users/current')).body).toMatchObject({ username: 'sue', email: 'sue@example.com', sysadmin_flag: false });
    expect((await sue.get('/users')).status).toBe(403);

    const weak = await anonymous.post('/users', { ...form('weak'), password: 'short' }, from('198.51.100.62'));
    expect(weak.status).toBe(400);
    expect(errorOf(weak)?.message).toMatch(/^The password must be 8 to 128 characters long/);
    expect((await anonymous.post('/users', { ...form('noemail'), email: '' }, from('198.51.100.62'))).status).toBe(400);
    expect((await anonymous.post('/users', form('sue'), from('198.51.100.62'))).status).toBe(409);
    // A signed-in user who is not an admin still may not create users.
    expect((await sue.post('/users', form('friend'))).status).toBe(403);
  });

  test('both doors share one limit per address: five sign-ups, then 429 on either', async () => {
    const anonymous = ApiClient.anonymous(server);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const door = i % 2 ? '/users' : '/c/sign_up';
      statuses.push((await anonymous.post(door, form(`many${i}`), from('198.51.100.70'))).status);
    }
    expect(statuses).toEqual([201, 201, 201, 201, 201]);
    const api = await anonymous.post('/users', form('many5'), from('198.51.100.70'));
    expect(api.status).toBe(429);
    expect(Number(api.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await anonymous.post('/c/sign_up', form('many6'), from('198.51.100.70'))).status).toBe(429);
    expect((await anonymous.post('/users', form('elsewhere'), from('198.51.100.71'))).status).toBe(201);
  });

  test('under ldap_auth nobody signs up, through either door', async () => {
    // The mode cannot change once users exist: a fresh server is needed, with sign-up on.
    const ldapServer = await startServer({
      preparedDataVolume: inject('preparedDataVolume'),
      config: { initial_settings: { self_registration: true, auth_mode: 'ldap_auth', ldap_url: 'ldap://127.0.0.1:1' } },
    });
    try {
      const anonymous = ApiClient.anonymous(ldapServer);
      expect((await anonymous.post('/users', form('dir'))).status).toBe(403);
      expect((await anonymous.post('/c/sign_up', form('dir'))).status).toBe(403);
    } finally {
      await ldapServer.stop();
      await ldapServer.cleanup();
    }
  });
});
