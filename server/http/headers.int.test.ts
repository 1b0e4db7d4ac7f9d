/**
 * Headers every surface shares, against real servers: `X-Content-Type-Options: nosniff` on every
 * answer, errors included; X-Forwarded-Proto and X-Forwarded-Host believed only from a peer in
 * http.trusted_proxies (the token realm, the session cookie's Secure flag, the external URL).
 * The tests connect from 127.0.0.1: one server trusts loopback (the default), the other trusts
 * only a proxy elsewhere, so the same requests come once from inside and once from outside.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { ADMIN } from '../testing/registry-client.js';
import { basic, startServer, type ServerProcess } from '../testing/server-process.js';

const FORWARDED = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'registry.example.com' };
const ADMIN_BASIC = { authorization: basic(ADMIN.user, ADMIN.password) };

describe('shared response headers', () => {
  let trusting: ServerProcess;
  let distrusting: ServerProcess;

  beforeAll(async () => {
    [trusting, distrusting] = await Promise.all([
      startServer({ preparedDataVolume: inject('preparedDataVolume') }),
      startServer({ preparedDataVolume: inject('preparedDataVolume'), config: { http: { port: 0, bind_address: '127.0.0.1', trusted_proxies: ['10.20.30.40'] } } }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([trusting.stop(), distrusting.stop()]);
    await Promise.all([trusting.cleanup(), distrusting.cleanup()]);
  });

  test.each([
    ['GET', '/v2/', {}],
    ['GET', '/v2/', ADMIN_BASIC],
    ['GET', '/v2/library/none/manifests/latest', ADMIN_BASIC],
    ['GET', '/v2/%zz/tags/list', ADMIN_BASIC],
    ['GET', '/service/token?service=harbor-registry&scope=repository:library/x:pull', {}],
    ['GET', '/service/token?service=other', {}],
    ['GET', '/api/v2.0/systeminfo', {}],
    ['GET', '/api/v2.0/users/current', {}],
    ['GET', '/api/v2.0/%zz', {}],
    ['GET', '/api/version', {}],
    ['POST', '/c/login', { 'content-type': 'application/json' }],
    ['GET', '/c/log_out', {}],
    ['GET', '/', {}],
    ['GET', '/projects/1/repositories', {}],
    ['DELETE', '/nowhere', {}],
  ])('%s %s answers with nosniff', async (method, path, headers: Record<string, string>) => {
    const res = await fetch(`${trusting.url}${path}`, { method, headers, body: method === 'POST' ? '{' : undefined });
    await res.arrayBuffer();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  const challengeRealm = async (server: ServerProcess) => {
    const res = await fetch(`${server.url}/v2/`, { headers: FORWARDED });
    expect(res.status).toBe(401);
    return /realm="([^"]+)"/.exec(res.headers.get('www-authenticate') ?? '')?.[1];
  };

  const loginCookie = async (server: ServerProcess) => {
    const res = await fetch(`${server.url}/c/login`, {
      method: 'POST',
      headers: { ...FORWARDED, origin: server.url, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ principal: ADMIN.user, password: ADMIN.password }).toString(),
    });
    expect(res.status).toBe(200);
    return res.headers.getSetCookie().find((line) => line.startsWith('sid='));
  };

  const externalUrl = async (server: ServerProcess) => {
    const res = await fetch(`${server.url}/api/v2.0/systeminfo`, { headers: { ...FORWARDED, ...ADMIN_BASIC } });
    return ((await res.json()) as { external_url: string }).external_url;
  };

  test('from a trusted proxy, X-Forwarded-Proto and -Host make the realm, the Secure cookie and the external URL', async () => {
    expect(await challengeRealm(trusting)).toBe('https://registry.example.com/service/token');
    expect(await loginCookie(trusting)).toMatch(/; Secure/);
    expect(await externalUrl(trusting)).toBe('https://registry.example.com');
  });

  test('from a peer outside http.trusted_proxies, X-Forwarded-Proto and -Host are ignored', async () => {
    expect(await challengeRealm(distrusting)).toBe(`${distrusting.url}/service/token`);
    const cookie = await loginCookie(distrusting);
    expect(cookie).toBeDefined();
    expect(cookie).not.toMatch(/Secure/);
    expect(await externalUrl(distrusting)).toBe(distrusting.url);
  });
});
