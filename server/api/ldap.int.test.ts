/**
 * auth_mode ldap_auth against a real slapd: the console, API Basic and the token service all
 * sign in through the directory; the first sign-in makes the local user; admin keeps its
 * database password; a directory that is down gives a clear error, quickly.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { DIRECTORY_FAULT } from '../auth/directory.js';
import { ApiClient, auditRowsSince, errorOf } from '../testing/api-client.js';
import { basic, startServer, type ServerProcess } from '../testing/server-process.js';
import { BASE, startSlapd, type Slapd } from '../testing/slapd.js';

let slapd: Slapd;
let server: ServerProcess;
let admin: ApiClient;

const ldapSettings = () => ({
  auth_mode: 'ldap_auth',
  ldap_url: slapd.url,
  ldap_search_dn: `cn=search,${BASE}`,
  ldap_search_password: 'search-pw',
  ldap_base_dn: `ou=people,${BASE}`,
  ldap_filter: '(employeeType=staff)',
  ldap_uid: 'uid',
  ldap_scope: 2,
  ldap_timeout: 2,
  ldap_verify_cert: false,
  ldap_starttls: true,
});

beforeAll(async () => {
  slapd = await startSlapd();
  server = await startServer({ preparedDataVolume: inject('preparedDataVolume') });
  admin = await ApiClient.session(server, 'admin', 'Harbor12345');
  expect((await admin.put('/configurations', ldapSettings())).status).toBe(200);
});

afterAll(async () => {
  await server.stop();
  await server.cleanup();
  await slapd.stop();
});

describe('ldap_auth', () => {
  test('test, search and import from the console side', async () => {
    // Harbor 2's scope numbers: 2 is subtree (erin, a level deeper, signs in below); 3 is none.
    expect(errorOf(await admin.put('/configurations', { ldap_scope: 3 }))?.field).toBe('ldap_scope');
    expect((await admin.get<{ ldap_scope: { value: number } }>('/configurations')).body.ldap_scope.value).toBe(2);
    expect((await admin.post('/ldap/ping')).body).toMatchObject({ success: true });
    expect((await admin.post('/ldap/ping', { ldap_search_password: 'wrong' })).body).toEqual({
      success: false,
      message: 'The LDAP search DN or its password is wrong.',
    });
    // The stored password goes only to the saved server and search DN.
    for (const elsewhere of [{ ldap_url: 'ldap://127.0.0.1:9' }, { ldap_search_dn: 'cn=other,dc=example,dc=org' }]) {
      const refused = await admin.post('/ldap/ping', elsewhere);
      expect(refused.status).toBe(400);
      expect(errorOf(refused)?.message).toBe('Type the search password to test another server or account: the saved one is only sent to the saved server and account.');
    }
    // With no search DN typed the test binds anonymously: the typed values are tried without saving.
    const anonymousBind = await admin.post<{ success: boolean }>('/ldap/ping', { ldap_url: 'ldap://127.0.0.1:9', ldap_search_dn: '' });
    expect(anonymousBind.status).toBe(200);
    expect(anonymousBind.body.success).toBe(false);
    const found = await admin.get<{ username: string; email: string }[]>('/ldap/users/search?username=*');
    expect(found.body.map((u) => u.username).sort()).toEqual(['alice', 'erin']);
    const imported = await admin.post('/ldap/users/import', { ldap_uid_list: ['erin', 'dave'] });
    expect(imported.status).toBe(404);
    expect(imported.body).toEqual([{ uid: 'dave', error: 'No single directory entry has this uid under the base DN and filter.' }]);
    const erin = await admin.get<{ username: string; email: string }[]>('/users/search?username=erin');
    expect(erin.body.map((u) => u.username)).toEqual(['erin']);
  });

  test('the first console sign-in makes the local user with e-mail and name from the directory, and is audited', async () => {
    const alice = await ApiClient.session(server, 'alice', 'alice-pw');
    expect((await alice.get('/users/current')).body).toMatchObject({ username: 'alice', email: 'alice@example.org', realname: 'Alice Example', sysadmin_flag: false });
    const rows = auditRowsSince(server, 0);
    expect(rows.some((r) => r.operation === 'create' && r.resource === 'alice' && /LDAP directory at first sign-in/.test(r.operation_description))).toBe(true);
    expect((await ApiClient.anonymous(server).login('alice', 'wrong')).status).toBe(401);
    expect((await ApiClient.anonymous(server).login('dave', 'dave-pw')).status).toBe(401);
    expect((await ApiClient.anonymous(server).login('carol', 'carol-pw')).status).toBe(401);
  });

  test('API Basic and the token service (docker login) go through the directory too; admin keeps its database password', async () => {
    expect((await ApiClient.basic(server, 'alice', 'alice-pw').get('/users/current')).status).toBe(200);
    expect((await ApiClient.basic(server, 'erin', 'erin-pw').get('/users/current')).status).toBe(200);
    const token = await fetch(`${server.url}/service/token?service=harbor-registry&scope=repository:library/app:pull`, {
      headers: { authorization: basic('alice', 'alice-pw') },
    });
    expect(token.status).toBe(200);
    expect(((await token.json()) as { token: string }).token).toMatch(/^ey/);
    const v2 = await fetch(`${server.url}/v2/`, { headers: { authorization: basic('erin', 'erin-pw') } });
    expect(v2.status).toBe(200);
    expect((await ApiClient.basic(server, 'admin', 'Harbor12345').get('/users/current')).status).toBe(200);
  });

  test('directory users change their password in the directory, and local users cannot be created', async () => {
    const alice = await ApiClient.session(server, 'alice', 'alice-pw');
    const me = (await alice.get<{ user_id: number }>('/users/current')).body.user_id;
    const change = await alice.put(`/users/${me}/password`, { old_password: 'alice-pw', new_password: 'N3wPassword' });
    expect(change.status).toBe(403);
    expect(errorOf(change)?.message).toMatch(/kept by the directory/);
    expect((await admin.post('/users', { username: 'local', email: 'l@example.com', password: 'Passw0rdL' })).status).toBe(403);
  });

  test('one lock per directory account, however its name is typed (case, spaces)', async () => {
    const guess = (name: string, password = 'wrong') =>
      ApiClient.anonymous(server).login(name, password, { 'x-forwarded-for': '198.51.100.99' }).then((r) => r.status);
    for (const name of ['alice', 'ALICE', ' alice', 'alice ', 'Alice']) expect(await guess(name)).toBe(401);
    for (const name of ['alice', ' alice', 'aLice ']) expect(await guess(name, 'alice-pw')).toBe(429);
  });

  test('a directory that is down gives a clear 503 on sign-in, within the timeout; admin still signs in', async () => {
    await slapd.stop();
    const started = Date.now();
    const res = await ApiClient.anonymous(server).login('erin', 'erin-pw');
    expect(res.status).toBe(503);
    // A plain message for the person signing in; the LDAP error itself goes to the server log.
    expect(errorOf(res)?.message).toBe(DIRECTORY_FAULT);
    expect(Date.now() - started).toBeLessThan(5000);
    const token = await fetch(`${server.url}/service/token?service=harbor-registry&scope=repository:library/app:pull`, {
      headers: { authorization: basic('erin', 'not-cached-pw') },
    });
    expect(token.status).toBe(503);
    expect((await ApiClient.anonymous(server).login('admin', 'Harbor12345')).status).toBe(200);
  });
});
