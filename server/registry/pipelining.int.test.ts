/**
 * Requests pipelined on one connection (or sent on a reused keep-alive connection before the
 * previous answer has ended) each get their answer, in order (RFC 9112 §9.3.2), including one
 * answered with an error while the response before it is still being written. Written at the
 * socket level: fetch never pipelines.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { blobOf } from '../testing/oci-images.js';
import { pipeline, rawRequest } from '../testing/raw-http.js';
import { ADMIN, RegistryClient } from '../testing/registry-client.js';
import { basic, startServer, type ServerProcess } from '../testing/server-process.js';

const ADMIN_BASIC = { Authorization: basic(ADMIN.user, ADMIN.password) };

describe('pipelined requests', () => {
  let server: ServerProcess;
  // Big enough to be streamed from its file, not answered from memory.
  const blob = blobOf('application/octet-stream', randomBytes(1024 * 1024));

  beforeAll(async () => {
    server = await startServer({ preparedDataVolume: inject('preparedDataVolume') });
    const pushed = await new RegistryClient(server.url, ADMIN).pushBlob('library/pipe', blob);
    expect(pushed.status).toBe(201);
  });

  afterAll(async () => {
    await server.stop();
    await server.cleanup();
  });

  test('/v2: an unauthenticated request right behind an authenticated one gets its 401 after the first answer', async () => {
    const answers = await pipeline(server.port, [rawRequest('GET', '/v2/', ADMIN_BASIC), rawRequest('GET', '/v2/')]);
    expect(answers.map((a) => a.status)).toEqual([200, 401]);
    expect(answers[1]!.headers['www-authenticate']).toMatch(/^Bearer realm=/);
  });

  test('/v2: requests behind a blob GET, answered with errors or not, all get their answers in order', async () => {
    const answers = await pipeline(server.port, [
      rawRequest('GET', `/v2/library/pipe/blobs/${blob.digest}`, ADMIN_BASIC),
      rawRequest('POST', '/v2/library/pipe/blobs/uploads/'),
      rawRequest('GET', `/v2/library/pipe/blobs/${blob.digest}`, { ...ADMIN_BASIC, Range: 'bytes=2000000-' }),
      rawRequest('GET', '/v2/library/nothing/manifests/latest', ADMIN_BASIC),
      rawRequest('POST', '/v2/library/pipe/blobs/uploads/', ADMIN_BASIC),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 401, 416, 404, 202]);
    expect(answers[0]!.body.equals(blob.bytes)).toBe(true);
  });

  test('/service/token and /api answer a refused request that waits behind another', async () => {
    const answers = await pipeline(server.port, [
      rawRequest('GET', '/service/token?service=harbor-registry&scope=repository:library/pipe:pull', ADMIN_BASIC),
      rawRequest('GET', '/service/token?service=harbor-registry', { Authorization: basic('admin', 'wrong') }),
      rawRequest('GET', '/api/v2.0/users/current', ADMIN_BASIC),
      rawRequest('GET', '/api/v2.0/users/current'),
      rawRequest('GET', '/api/v2.0/no-such-api'),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 401, 200, 401, 404]);
  });
});
