/**
 * Workload e (Berth alone): latency of the core API's lists on a large data set, one request at
 * a time, p50/p95 per endpoint. Two shapes of a repository holding 5,000 tags (where Harbor's
 * pages time out: 5,000 artifacts with a tag each, and one artifact carrying 5,000 tags), and
 * the scale: 1,000 projects, 20,000 repositories, 200,000 artifacts and tags, 200,000
 * audit rows, read by an admin, by a member of ten projects and anonymously. Rows are written
 * straight into the server's database (a push per artifact would take the whole run).
 */
import { createTestDatabase, type TestDatabase } from '../../server/testing/dialects.js';
import { serverDatabase } from '../../server/testing/registry-client.js';
import { basic, startServer } from '../../server/testing/server-process.js';
import type { Dialect } from '../../server/db/connect.js';
import { seedAuditLogs, seedScale, seedTaggedRepositories } from '../lib/api-seed.js';
import { seedLayerLineage, SHARED_LAYER } from '../lib/layer-seed.js';
import { percentile } from '../lib/measure.js';
import { withPeakRss } from '../lib/memory.js';

const ADMIN = basic('admin', 'Harbor12345');
const MEMBER = basic('member', 'Passw0rdM');
const TAGS = 5000;
/** Images built on one base (bench/lib/layer-seed.ts). */
const LINEAGE_IMAGES = 5000;

const many = '/projects/bench/repositories/many/artifacts';
const one = '/projects/bench/repositories/one/artifacts';

/** [name, path under /api/v2.0, credentials]. */
export const LIST_ENDPOINTS: [string, string, string | null][] = [
  ['5,000 artifacts: first page (15)', `${many}?page_size=15`, ADMIN],
  ['5,000 artifacts: page 300', `${many}?page_size=15&page=300`, ADMIN],
  ['5,000 artifacts: -pull_time', `${many}?page_size=15&sort=-pull_time`, ADMIN],
  ['5,000 artifacts: q=tags=~t-49', `${many}?page_size=15&q=tags%3D~t-49`, ADMIN],
  ['5,000 artifacts: q=tags=nil', `${many}?page_size=15&q=tags%3Dnil`, ADMIN],
  ['1 artifact, 5,000 tags: with_tag=false', `${one}?page_size=15&with_tag=false`, ADMIN],
  ['1 artifact, 5,000 tags: all 5,000 inline', `${one}?page_size=15`, ADMIN],
  ['1 artifact, 5,000 tags: its tags (15)', `${one}/t-0000/tags?page_size=15`, ADMIN],
  ['1 artifact, 5,000 tags: tags page 300', `${one}/t-0000/tags?page_size=15&page=300&sort=name`, ADMIN],
  ['/projects as admin', '/projects?page_size=15', ADMIN],
  ['/projects as a member', '/projects?page_size=15', MEMBER],
  ['/projects?sort=name, page 50', '/projects?page_size=15&sort=name&page=50', ADMIN],
  ['/repositories as admin', '/repositories?page_size=15', ADMIN],
  ['/repositories as a member', '/repositories?page_size=15', MEMBER],
  ['/repositories anonymously', '/repositories?page_size=15', null],
  ['/repositories?sort=name, page 100', '/repositories?page_size=15&sort=name&page=100', ADMIN],
  ['/projects/p0003/repositories', '/projects/p0003/repositories?page_size=15', MEMBER],
  ["a repository's artifacts", '/projects/p0003/repositories/repo-07/artifacts?page_size=15', MEMBER],
  ['/search?q=repo-1 as a member', '/search?q=repo-1', MEMBER],
  ['/statistics as admin', '/statistics', ADMIN],
  ['/projects/p0003/summary', '/projects/p0003/summary', MEMBER],
  ['/auditlog-exts, page 1', '/auditlog-exts?page_size=15', ADMIN],
  ['/auditlog-exts, page 500', '/auditlog-exts?page_size=15&page=500', ADMIN],
  ['/auditlog-exts?q=username=user7', '/auditlog-exts?page_size=15&q=username%3Duser7', ADMIN],
  ['/auditlog-exts?q=operation=delete', '/auditlog-exts?page_size=15&q=operation%3Ddelete', ADMIN],
  // Layer insight (issue 18, point 2): a layer used by LINEAGE_IMAGES + 1 images, a base they are all built on.
  [`layer users (${LINEAGE_IMAGES + 1}) as admin`, `/berth/blobs/${SHARED_LAYER}/artifacts?page_size=15`, ADMIN],
  [`layer users (${LINEAGE_IMAGES + 1}) anonymously`, `/berth/blobs/${SHARED_LAYER}/artifacts?page_size=15`, null],
  ['layer users, page 100', `/berth/blobs/${SHARED_LAYER}/artifacts?page_size=15&page=100`, MEMBER],
  [`lineage of a base used by ${LINEAGE_IMAGES}`, '/berth/projects/layers/repositories/base/artifacts/v1/lineage', MEMBER],
  ['lineage of an image (its base)', '/berth/projects/layers/repositories/app/artifacts/t-00042/lineage', MEMBER],
  ['dependents of the base (15)', '/berth/projects/layers/repositories/base/artifacts/v1/dependents?page_size=15', ADMIN],
];

export interface ListTiming {
  name: string;
  p50Ms: number;
  p95Ms: number;
}

export interface ApiListsResult {
  dialect: Dialect;
  seedSeconds: number;
  peakRssBytes: number;
  lists: ListTiming[];
}

async function timed(url: string, authorization: string | null, requests: number): Promise<{ p50: number; p95: number }> {
  const latencies: number[] = [];
  const headers: Record<string, string> = authorization ? { authorization } : {};
  for (let i = 0; i < requests + 10; i++) {
    const t0 = performance.now();
    const res = await fetch(url, { headers });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
    if (i >= 10) latencies.push(performance.now() - t0);
  }
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p95: percentile(latencies, 95) };
}

export async function measureApiLists(dialect: Dialect, quick: boolean, nodeArgs: string[] = []): Promise<ApiListsResult> {
  const scale = quick ? { projects: 100, perProject: 20, perRepository: 10 } : { projects: 1000, perProject: 20, perRepository: 10 };
  const requests = quick ? 30 : 200;
  let testDb: TestDatabase | undefined;
  if (dialect === 'postgresql') testDb = await createTestDatabase('postgresql');
  const server = await startServer({ env: testDb?.url ? { BERTH_DATABASE_URL: testDb.url } : {}, nodeArgs });
  try {
    const created = await fetch(`${server.url}/api/v2.0/users`, {
      method: 'POST',
      headers: { authorization: ADMIN, 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'member', email: 'member@example.com', password: 'Passw0rdM' }),
    });
    const memberId = Number(created.headers.get('location')!.split('/').at(-1));
    const started = performance.now();
    const handle = serverDatabase(server, testDb?.url);
    try {
      await seedTaggedRepositories(handle.db, TAGS);
      await seedScale(handle.db, scale, memberId);
      await seedAuditLogs(handle.db, scale.projects * 200, scale.projects);
      await seedLayerLineage(handle.db, LINEAGE_IMAGES);
    } finally {
      await handle.close();
    }
    const seedSeconds = (performance.now() - started) / 1000;
    const lists: ListTiming[] = [];
    const { peakRssBytes } = await withPeakRss(server.child.pid!, async () => {
      for (const [name, path, authorization] of LIST_ENDPOINTS) {
        const { p50, p95 } = await timed(`${server.url}/api/v2.0${path}`, authorization, requests);
        lists.push({ name, p50Ms: p50, p95Ms: p95 });
      }
    });
    return { dialect, seedSeconds, peakRssBytes, lists };
  } finally {
    await server.stop();
    await server.cleanup();
    await testDb?.drop();
  }
}
