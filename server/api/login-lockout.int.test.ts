/**
 * Sign-in limits slow a guesser down at its own address and nobody else: five wrong passwords
 * for admin from one address lock admin there only, and the console, API Basic and the token
 * service refuse or accept alike. Client addresses are simulated with X-Forwarded-For, which
 * Berth believes from loopback (the default http.trusted_proxies).
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { ApiClient } from '../testing/api-client.js';
import { ADMIN } from '../testing/registry-client.js';
import { basic, startServer, type ServerProcess } from '../testing/server-process.js';

describe('sign-in limits per address', () => {
  let server: ServerProcess;

  beforeAll(async () => {
    server = await startServer({ preparedDataVolume: inject('preparedDataVolume') });
  });

  afterAll(async () => {
    await server.stop();
    await server.cleanup();
  });

  /** How each surface answers admin's credentials from `address`: console, API Basic, token service. */
  const answers = async (address: string, password = ADMIN.password) => {
    const headers = { 'x-forwarded-for': address };
    const console = (await ApiClient.anonymous(server).login(ADMIN.user, password, headers)).status;
    const api = (await ApiClient.basic(server, ADMIN.user, password).get('/users/current', { headers })).status;
    const token = await fetch(`${server.url}/service/token?service=harbor-registry&scope=repository:library/app:pull`, {
      headers: { ...headers, authorization: basic(ADMIN.user, password) },
    });
    return { console, api, token: token.status };
  };

  const guess = async (address: string, times: number) => {
    for (let i = 0; i < times; i++) {
      expect((await ApiClient.anonymous(server).login(ADMIN.user, `wrong-${i}`, { 'x-forwarded-for': address })).status).toBe(401);
    }
  };

  test('a stranger\'s five wrong guesses lock admin at the stranger\'s address only; admin signs in from elsewhere on every surface', async () => {
    await guess('198.51.100.10', 5);
    expect(await answers('198.51.100.10')).toEqual({ console: 429, api: 429, token: 429 });
    expect(await answers('198.51.100.20')).toEqual({ console: 200, api: 200, token: 200 });
    expect(await answers('2001:db8::20')).toEqual({ console: 200, api: 200, token: 200 });
  });

  test('credentials Basic has already checked are refused like the console\'s while locked at that address', async () => {
    expect(await answers('198.51.100.30')).toEqual({ console: 200, api: 200, token: 200 });
    await guess('198.51.100.30', 5);
    expect(await answers('198.51.100.30')).toEqual({ console: 429, api: 429, token: 429 });
    expect(await answers('198.51.100.31')).toEqual({ console: 200, api: 200, token: 200 });
  });

  test('a success at one address does not clear another address\'s count', async () => {
    await guess('198.51.100.40', 4);
    expect((await answers('198.51.100.41')).console).toBe(200);
    await guess('198.51.100.40', 1);
    expect((await answers('198.51.100.40')).console).toBe(429);
  });
});
