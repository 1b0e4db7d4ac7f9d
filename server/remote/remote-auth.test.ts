/**
 * The remote client's auth and error mapping against small real HTTP servers that speak just
 * enough of the protocol: a token-auth registry whose realm lives elsewhere (any path, any
 * service name), and registries answering 429 and 503.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { openRemote } from './types.js';

const servers: http.Server[] = [];

async function serve(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(() => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    s.close();
  }
});

describe('remote auth and errors', () => {
  test('Docker token auth with a foreign realm: the scope asked, Basic to the realm, one token per scope until expiry', async () => {
    const tokenRequests: URL[] = [];
    const realm = await serve((req, res) => {
      const url = new URL(req.url ?? '/', 'http://realm');
      tokenRequests.push(url);
      if (req.headers.authorization !== `Basic ${Buffer.from('robot:s3cret').toString('base64')}`) {
        res.writeHead(401).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: `t-${url.searchParams.getAll('scope').join('+')}`, expires_in: 300 }));
    });
    const registry = await serve((req, res) => {
      const scope = 'repository:team/app:pull';
      if (req.headers.authorization !== `Bearer t-${scope}`) {
        res.writeHead(401, { 'www-authenticate': `Bearer realm="${realm}/auth/issue",service="registry.example",scope="${scope}"`, 'docker-distribution-api-version': 'registry/2.0' }).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ name: 'team/app', tags: ['1.0', '1.1'] }));
    });
    const remote = openRemote({ type: 'oci', url: registry, insecure: false, credential: { type: 'basic', accessKey: 'robot', accessSecret: 's3cret' } });
    expect(await remote.listTags('team/app')).toEqual(['1.0', '1.1']);
    expect(await remote.listTags('team/app')).toEqual(['1.0', '1.1']);
    expect(tokenRequests).toHaveLength(1);
    expect(tokenRequests[0]!.pathname).toBe('/auth/issue');
    expect(tokenRequests[0]!.searchParams.get('service')).toBe('registry.example');
    expect(tokenRequests[0]!.searchParams.getAll('scope')).toEqual(['repository:team/app:pull']);

    const wrong = openRemote({ type: 'oci', url: registry, insecure: false, credential: { type: 'basic', accessKey: 'robot', accessSecret: 'nope' } });
    await expect(wrong.listTags('team/app')).rejects.toMatchObject({ kind: 'unauthorized', transient: false });
  });

  test('429 with Retry-After is rate-limited and transient; 503 is a transient server error; 403 is permanent', async () => {
    const registry = await serve((req, res) => {
      if (req.url?.includes('/busy/')) res.writeHead(429, { 'retry-after': '7' }).end();
      else if (req.url?.includes('/down/')) res.writeHead(503).end();
      else res.writeHead(403, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ code: 'DENIED', message: 'no push for you' }] }));
    });
    const remote = openRemote({ type: 'oci', url: registry, insecure: false });
    await expect(remote.listTags('team/busy')).rejects.toMatchObject({ kind: 'rate-limited', transient: true, retryAfterMs: 7000, status: 429 });
    await expect(remote.listTags('team/down')).rejects.toMatchObject({ kind: 'server', transient: true, status: 503 });
    await expect(remote.startUpload('team/app')).rejects.toMatchObject({ kind: 'forbidden', transient: false, message: expect.stringContaining('DENIED: no push for you') });
  });
});
