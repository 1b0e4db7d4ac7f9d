/**
 * The artifact list's inline tags, which each process keeps in memory for an artifact with many
 * tags (core/artifacts/tags-json-cache.ts), on two processes sharing one PostgreSQL database: a
 * tag added, deleted, moved by a push, or pulled through one process shows in the other's next
 * list, although the other had just served that list from memory; and the kept answer is the
 * answer written afresh, byte for byte.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { DbHandle } from '../db/connect.js';
import { DIALECTS } from '../testing/dialects.js';
import { buildImage } from '../testing/oci-images.js';
import { ADMIN, RegistryClient } from '../testing/registry-client.js';
import { basic, type ServerProcess } from '../testing/server-process.js';
import { startTwinServers, type TwinServers } from '../testing/twin-servers.js';

const LIST = '/api/v2.0/projects/library/repositories/many/artifacts?page_size=15';
const TAGS = 150;

interface ListedTag {
  name: string;
  pull_count: number;
  pull_time: string;
}

describe.runIf(DIALECTS.includes('postgresql'))('inline tags on two processes on one PostgreSQL database', () => {
  let twins: TwinServers;
  let a: ServerProcess;
  let b: ServerProcess;
  let handle: DbHandle;
  const image = buildImage({ seed: 'inline-many' });
  const other = buildImage({ seed: 'inline-other' });

  const listText = async (server: ServerProcess) => {
    const res = await fetch(`${server.url}${LIST}`, { headers: { authorization: basic('admin', 'Harbor12345') } });
    expect(res.status).toBe(200);
    return res.text();
  };
  /** The tags B lists on the image, by name, after reading the list once more (the second read comes from memory). */
  const tagsOnB = async () => {
    await listText(b);
    const artifacts = JSON.parse(await listText(b)) as { digest: string; tags: ListedTag[] }[];
    const listed = artifacts.find((x) => x.digest === image.manifest.digest)!;
    return new Map(listed.tags.map((t) => [t.name, t]));
  };

  beforeAll(async () => {
    twins = await startTwinServers(inject('preparedDataVolume'));
    ({ a, b } = twins);
    handle = twins.testDb.open();
    const onA = new RegistryClient(a.url, ADMIN);
    await onA.pushImage('library/many', 't-0000', [image.config, ...image.layers], image.manifest);
    await onA.pushImage('library/many', 'other', [other.config, ...other.layers], other.manifest);
    // The rest of the tags written straight into the database, as the benchmark seeds them.
    const { artifact_id, repository_id } = await handle.db
      .selectFrom('artifacts')
      .select(['artifact_id', 'repository_id'])
      .where('digest', '=', image.manifest.digest)
      .executeTakeFirstOrThrow();
    const rows = Array.from({ length: TAGS - 1 }, (_, i) => ({
      repository_id,
      artifact_id,
      name: `t-${String(i + 1).padStart(4, '0')}`,
      push_time: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
    }));
    await handle.db.insertInto('tags').values(rows).execute();
  });

  afterAll(async () => {
    await handle.close();
    await twins.stop();
  });

  test('the list served from memory is the list written afresh, byte for byte', async () => {
    const fresh = await listText(b);
    const artifacts = JSON.parse(fresh) as { digest: string; tags: ListedTag[] }[];
    expect(artifacts.find((x) => x.digest === image.manifest.digest)!.tags).toHaveLength(TAGS);
    expect(await listText(b)).toBe(fresh);
    expect(await listText(b)).toBe(fresh);
    expect(await listText(a)).toBe(fresh);
    // The ETag and 304 that res.send gave, and HEAD without a body.
    const url = `${b.url}${LIST}`;
    const authorization = basic('admin', 'Harbor12345');
    const first = await fetch(url, { headers: { authorization } });
    await first.arrayBuffer();
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"/);
    expect(Number(first.headers.get('content-length'))).toBe(Buffer.byteLength(fresh));
    // fetch adds cache-control: no-cache to a request with If-None-Match unless it has one.
    const again = await fetch(url, { headers: { authorization, 'if-none-match': etag, 'cache-control': 'max-age=0' } });
    expect([again.status, await again.text()]).toEqual([304, '']);
    const head = await fetch(url, { method: 'HEAD', headers: { authorization } });
    expect([head.status, head.headers.get('content-length'), await head.text()]).toEqual([200, String(Buffer.byteLength(fresh)), '']);
  });

  test('a tag added, deleted or moved through one process shows in the other at its next list', async () => {
    const api = (method: string, path: string, body?: unknown) =>
      fetch(`${a.url}/api/v2.0/projects/library/repositories/many/artifacts/${path}`, {
        method,
        headers: { authorization: basic('admin', 'Harbor12345'), 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    expect((await tagsOnB()).has('added')).toBe(false);
    expect((await api('POST', 't-0000/tags', { name: 'added' })).status).toBe(201);
    expect((await tagsOnB()).has('added')).toBe(true);

    expect((await api('DELETE', 't-0000/tags/t-0005')).status).toBe(200);
    expect((await tagsOnB()).has('t-0005')).toBe(false);

    const onA = new RegistryClient(a.url, ADMIN);
    expect((await onA.pushManifest('library/many', 't-0006', other.manifest)).status).toBe(201);
    const after = await tagsOnB();
    expect(after.has('t-0006')).toBe(false);
    expect(after.size).toBe(TAGS - 1);
  });

  test('a pull through one process shows in the other at its next list once its count is written', async () => {
    expect((await tagsOnB()).get('t-0007')!.pull_count).toBe(0);
    expect(await new RegistryClient(a.url, ADMIN).manifestStatus('library/many', 't-0007')).toBe(200);
    // A's pull recorder writes counts once a second: wait for the row, not for a time.
    for (let i = 0; ; i++) {
      const row = await handle.db.selectFrom('tags').select('pull_count').where('name', '=', 't-0007').executeTakeFirstOrThrow();
      if (Number(row.pull_count) === 1) break;
      if (i > 300) throw new Error('the pull count was never written');
      await new Promise((r) => setTimeout(r, 100));
    }
    // One list on B, which had the text in memory from the read above.
    const artifacts = JSON.parse(await listText(b)) as { digest: string; tags: ListedTag[] }[];
    const pulled = artifacts.find((x) => x.digest === image.manifest.digest)!.tags.find((t) => t.name === 't-0007')!;
    expect(pulled.pull_count).toBe(1);
    expect(pulled.pull_time).not.toBe('0001-01-01T00:00:00.000Z');
  });
});
