/**
 * Scale-out: two Berth processes sharing one PostgreSQL database and one data volume, as behind a
 * load balancer. A chunked upload alternates between them chunk by chunk; a token one issues is
 * honoured by the other; what one stores the other serves.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { DIALECTS } from '../testing/dialects.js';
import { startTwinServers, type TwinServers } from '../testing/twin-servers.js';
import { buildImage, digestOf } from '../testing/oci-images.js';
import { ADMIN, pushScope, RegistryClient } from '../testing/registry-client.js';
import type { ServerProcess } from '../testing/server-process.js';

describe.runIf(DIALECTS.includes('postgresql'))('two processes on one PostgreSQL database and one data volume', () => {
  let twins: TwinServers;
  let a: ServerProcess;
  let b: ServerProcess;

  beforeAll(async () => {
    twins = await startTwinServers(inject('preparedDataVolume'));
    ({ a, b } = twins);
  });

  afterAll(() => twins.stop());

  test('chunks of one upload alternate between the processes; the blob and a manifest pushed through one are served by the other', async () => {
    const scope = pushScope('library/shared');
    const token = await new RegistryClient(a.url, ADMIN).token([scope]);
    const on = (server: ServerProcess, location: string, init: RequestInit) =>
      fetch(`${server.url}${location}`, { ...init, headers: { authorization: `Bearer ${token}`, ...init.headers } });
    const data = randomBytes(400_000);
    const opened = await on(a, '/v2/library/shared/blobs/uploads/', { method: 'POST' });
    let location = opened.headers.get('location')!;
    const servers = [b, a, b, a];
    for (let i = 0; i < 4; i++) {
      const [start, end] = [i * 100_000, (i + 1) * 100_000 - 1];
      const res = await on(servers[i]!, location, { method: 'PATCH', body: data.subarray(start, end + 1), headers: { 'content-range': `${start}-${end}` } });
      expect([res.status, res.headers.get('range')]).toEqual([202, `0-${end}`]);
      location = res.headers.get('location')!;
    }
    expect((await on(b, `${location}?digest=${digestOf(data)}`, { method: 'PUT' })).status).toBe(201);
    const read = await on(a, `/v2/library/shared/blobs/${digestOf(data)}`, {});
    expect(Buffer.from(await read.arrayBuffer()).equals(data)).toBe(true);

    const image = buildImage({ seed: 'scale-out' });
    await new RegistryClient(b.url, ADMIN).pushImage('library/shared', 'v1', [image.config, ...image.layers], image.manifest);
    const manifest = await new RegistryClient(a.url, ADMIN).fetch('/v2/library/shared/manifests/v1', [scope]);
    expect(Buffer.from(await manifest.arrayBuffer()).equals(image.manifest.bytes)).toBe(true);
  });
});
