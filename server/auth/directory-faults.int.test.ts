/**
 * A directory that cannot check a password, against a real server and a real slapd: its search
 * account refused, nothing listening, or a peer that never answers. Every sign-in surface (docker
 * login through the token service, Basic on /v2 and on /api, the console's /c/login) answers 503
 * with the same plain message, never a 500, a 405 or the LDAP library's own error text.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { ApiClient, errorOf } from '../testing/api-client.js';
import { freePort } from '../testing/free-port.js';
import { basic, startServer, type ServerProcess } from '../testing/server-process.js';
import { BASE, startSlapd, type Slapd } from '../testing/slapd.js';
import { DIRECTORY_FAULT } from './directory.js';

let slapd: Slapd;
let silent: net.Server;
let server: ServerProcess;
let admin: ApiClient;

beforeAll(async () => {
  slapd = await startSlapd();
  silent = net.createServer(() => undefined);
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  server = await startServer({ preparedDataVolume: inject('preparedDataVolume') });
  admin = await ApiClient.session(server, 'admin', 'Harbor12345');
  const configured = await admin.put('/configurations', {
    auth_mode: 'ldap_auth',
    ldap_url: slapd.url,
    ldap_search_dn: `cn=search,${BASE}`,
    ldap_search_password: 'search-pw',
    ldap_base_dn: `ou=people,${BASE}`,
    ldap_uid: 'uid',
    ldap_scope: 2,
    ldap_timeout: 1,
    ldap_verify_cert: false,
  });
  expect(configured.status).toBe(200);
});

afterAll(async () => {
  await server.stop();
  await server.cleanup();
  await slapd.stop();
  silent.close();
});

/** Status and message of one sign-in as alice on each surface (a password never checked before, so nothing is cached). */
async function signInEverywhere(password: string): Promise<Record<string, [number, string | undefined]>> {
  const auth = { authorization: basic('alice', password) };
  const token = await fetch(`${server.url}/service/token?service=harbor-registry&scope=repository:library/app:pull`, { headers: auth });
  const v2 = await fetch(`${server.url}/v2/`, { headers: auth });
  const api = await ApiClient.basic(server, 'alice', password).get('/users/current');
  const login = await ApiClient.anonymous(server).login('alice', password);
  const message = async (res: Response) => ((await res.json()) as { errors?: { message: string }[] }).errors?.[0]?.message;
  return {
    token: [token.status, await message(token)],
    v2: [v2.status, await message(v2)],
    api: [api.status, errorOf(api)?.message],
    console: [login.status, login.body === undefined ? undefined : errorOf(login)?.message],
  };
}

const ALL_UNAVAILABLE = { token: [503, DIRECTORY_FAULT], v2: [503, DIRECTORY_FAULT], api: [503, DIRECTORY_FAULT], console: [503, DIRECTORY_FAULT] };

describe('a directory fault during sign-in', () => {
  test('the search account refused (a wrong search password): 503 everywhere', async () => {
    expect((await admin.put('/configurations', { ldap_search_password: 'wrong' })).status).toBe(200);
    expect(await signInEverywhere('alice-pw')).toEqual(ALL_UNAVAILABLE);
  });

  test('nothing listening at ldap_url: 503 everywhere', async () => {
    const configured = await admin.put('/configurations', { ldap_url: `ldap://127.0.0.1:${await freePort()}`, ldap_search_password: 'search-pw' });
    expect(configured.status).toBe(200);
    expect(await signInEverywhere('alice-pw-2')).toEqual(ALL_UNAVAILABLE);
  });

  test('a peer that accepts the connection and never answers: 503 everywhere after ldap_timeout', async () => {
    const port = (silent.address() as net.AddressInfo).port;
    expect((await admin.put('/configurations', { ldap_url: `ldap://127.0.0.1:${port}`, ldap_search_password: 'search-pw' })).status).toBe(200);
    expect(await signInEverywhere('alice-pw-3')).toEqual(ALL_UNAVAILABLE);
  });

  test('none of it counted as a failed sign-in: with the directory back, alice signs in on every surface', async () => {
    expect((await admin.put('/configurations', { ldap_url: slapd.url, ldap_search_password: 'search-pw' })).status).toBe(200);
    const results = await signInEverywhere('alice-pw');
    expect(Object.values(results).map(([status]) => status)).toEqual([200, 200, 200, 200]);
  });
});
