/**
 * What one client may hold open: a body that never comes on /api or /c ends in a 408 and a
 * closed connection (http.body_timeout); more connections from one address than
 * http.max_connections_per_address are answered 429 and closed; and neither touches a registry
 * upload, which may pause longer than the body timeout and still complete.
 */
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { blobOf, OCI_LAYER } from '../testing/oci-images.js';
import { ADMIN, pushScope, RegistryClient } from '../testing/registry-client.js';
import { startServer, type ServerProcess } from '../testing/server-process.js';

const LIMIT = 5;
/** A loopback address of its own, so the cap is reached without counting the test's other clients. */
const CROWDED = '127.0.0.9';

/** Opens a socket, writes `text`, and resolves with all it reads until the server closes it. */
function exchange(port: number, text: string, localAddress?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port, localAddress });
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString()));
    socket.on('error', reject);
    socket.on('close', () => resolve(received));
    socket.write(text);
  });
}

/** A kept-alive connection whose first request has been answered, so the server has counted it. */
function answeredConnection(port: number, localAddress: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port, localAddress });
    socket.on('error', reject);
    socket.once('data', () => resolve(socket));
    socket.write('GET /api/v2.0/ping HTTP/1.1\r\nHost: berth\r\n\r\n');
  });
}

const statusLine = (response: string) => response.split('\r\n')[0];
const bodyOf = (response: string) => JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4)) as unknown;

describe('connections and bodies one client may hold', () => {
  let server: ServerProcess;

  beforeAll(async () => {
    server = await startServer({
      preparedDataVolume: inject('preparedDataVolume'),
      config: {
        http: {
          port: 0,
          bind_address: '127.0.0.1',
          shutdown_timeout: '5s',
          // Loopback is a client here, not a trusted proxy, so its connections are counted.
          trusted_proxies: '203.0.113.7',
          body_timeout: '1s',
          max_connections_per_address: LIMIT,
        },
      },
    });
  });

  afterAll(async () => {
    await server.stop();
    await server.cleanup();
  });

  test.each(['/api/v2.0/projects', '/c/login', '/c/sign_up'])(
    'headers announcing a body that never comes on %s get 408 and the connection is closed',
    async (path) => {
      const response = await exchange(server.port, `POST ${path} HTTP/1.1\r\nHost: berth\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"project`);
      expect(statusLine(response)).toBe('HTTP/1.1 408 Request Timeout');
      expect(response).toMatch(/\r\nconnection: close\r\n/i);
      expect(bodyOf(response)).toEqual({ errors: [{ code: 'REQUEST_TIMEOUT', message: 'The request body did not arrive within 1 s.' }] });
    },
    // Without a body timeout the server would wait for ever: fail well before the suite's 60 s.
    20_000,
  );

  test(`past ${LIMIT} connections from one address the next is answered 429 and closed; other addresses and registry uploads go on`, async () => {
    const held = await Promise.all(Array.from({ length: LIMIT }, () => answeredConnection(server.port, CROWDED)));
    try {
      const refused = await exchange(server.port, 'GET /api/v2.0/ping HTTP/1.1\r\nHost: berth\r\n\r\n', CROWDED);
      expect(statusLine(refused)).toBe('HTTP/1.1 429 Too Many Requests');
      expect(bodyOf(refused)).toMatchObject({ errors: [{ code: 'TOO_MANY_REQUEST' }] });

      // From 127.0.0.1, a chunked upload pausing longer than the body timeout completes.
      const registry = new RegistryClient(server.url, ADMIN);
      const repo = 'library/slow';
      const token = await registry.token([pushScope(repo)]);
      const started = await registry.fetch(`/v2/${repo}/blobs/uploads/`, [pushScope(repo)], { method: 'POST' });
      expect(started.status).toBe(202);
      const blob = blobOf(OCI_LAYER, Buffer.alloc(64 * 1024, 'slow'));
      const location = new URL(started.headers.get('location')!, server.url);
      location.searchParams.set('digest', blob.digest);
      const status = await new Promise<number>((resolve, reject) => {
        const req = http.request(location, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' } }, (res) => {
          res.resume();
          resolve(res.statusCode!);
        });
        req.on('error', reject);
        req.write(blob.bytes.subarray(0, 1000));
        setTimeout(() => req.end(blob.bytes.subarray(1000)), 2500);
      });
      expect(status).toBe(201);
      // The 408s above, closed with their bodies unread, were not logged as failures.
      expect(server.output()).not.toMatch(/error after the response started|unhandled error/);
    } finally {
      for (const socket of held) socket.destroy();
    }
  });
});
