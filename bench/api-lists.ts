/**
 * `npm run bench:api`: latency of the API's lists, on SQLite and on PostgreSQL when one answers.
 *
 * 1. A repository holding 5,000 tags (where Harbor's pages time out), in two shapes: 5,000
 *    artifacts with a tag each, and one artifact carrying 5,000 tags.
 * 2. The issue's scale: 1,000 projects, 20,000 repositories, 200,000 artifacts and tags, read by
 *    an admin, by a member of ten projects and anonymously.
 *
 * Rows are seeded straight into the server's database; each endpoint is then asked one request
 * at a time and p50/p95 printed. `--quick` uses a tenth of the scale. Never fails on a target.
 */
import { createTestDatabase, DIALECTS, type TestDatabase } from '../server/testing/dialects.js';
import { serverDatabase } from '../server/testing/registry-client.js';
import { basic, startServer } from '../server/testing/server-process.js';
import { seedScale, seedTaggedRepositories } from './lib/api-seed.js';
import { percentile } from './lib/measure.js';

const quick = process.argv.includes('--quick');
const TAGS = 5000;
const SCALE = quick ? { projects: 100, perProject: 20, perRepository: 10 } : { projects: 1000, perProject: 20, perRepository: 10 };
const REQUESTS = quick ? 50 : 200;
const WARM_UP = 10;
const ADMIN = basic('admin', 'Harbor12345');
const MEMBER = basic('member', 'Passw0rdM');

async function timed(url: string, authorization: string | null): Promise<{ p50: number; p95: number }> {
  const latencies: number[] = [];
  const headers: Record<string, string> = authorization ? { authorization } : {};
  for (let i = 0; i < REQUESTS + WARM_UP; i++) {
    const t0 = performance.now();
    const res = await fetch(url, { headers });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
    if (i >= WARM_UP) latencies.push(performance.now() - t0);
  }
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p95: percentile(latencies, 95) };
}

const many = '/projects/bench/repositories/many/artifacts';
const one = '/projects/bench/repositories/one/artifacts';
const ENDPOINTS: [string, string, string | null][] = [
  ['5,000 artifacts: first page (15)', `${many}?page_size=15`, ADMIN],
  ['5,000 artifacts: page 300', `${many}?page_size=15&page=300`, ADMIN],
  ['5,000 artifacts: -pull_time', `${many}?page_size=15&sort=-pull_time`, ADMIN],
  ['5,000 artifacts: q=tags=~t-49', `${many}?page_size=15&q=tags%3D~t-49`, ADMIN],
  ['5,000 artifacts: q=tags=nil', `${many}?page_size=15&q=tags%3Dnil`, ADMIN],
  ['1 artifact, 5,000 tags: with_tag=false', `${one}?page_size=15&with_tag=false`, ADMIN],
  ['1 artifact, 5,000 tags: all 5,000 inline', `${one}?page_size=15`, ADMIN],
  ['1 artifact, 5,000 tags: its tags (15)', `${one}/t-0000/tags?page_size=15`, ADMIN],
  ['1 artifact, 5,000 tags: tags page 300', `${one}/t-0000/tags?page_size=15&page=300&sort=name`, ADMIN],
  ['scale: /repositories as admin', '/repositories?page_size=15', ADMIN],
  ['scale: /repositories as a member', '/repositories?page_size=15', MEMBER],
  ['scale: /repositories anonymously', '/repositories?page_size=15', null],
  ['scale: /repositories?sort=name, page 100', '/repositories?page_size=15&sort=name&page=100', ADMIN],
  ['scale: /projects as a member', '/projects?page_size=15', MEMBER],
  ['scale: /projects/p0003/repositories', '/projects/p0003/repositories?page_size=15', MEMBER],
  ['scale: a repository\'s artifacts', '/projects/p0003/repositories/repo-07/artifacts?page_size=15', MEMBER],
  ['scale: /search?q=repo-1 as a member', '/search?q=repo-1', MEMBER],
  ['scale: /statistics as admin', '/statistics', ADMIN],
  ['scale: /projects/p0003/summary', '/projects/p0003/summary', MEMBER],
];

const lines: string[] = [];
for (const dialect of DIALECTS) {
  let testDb: TestDatabase | undefined;
  if (dialect === 'postgresql') testDb = await createTestDatabase('postgresql');
  const server = await startServer({ env: testDb?.url ? { BERTH_DATABASE_URL: testDb.url } : {} });
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
      await seedScale(handle.db, SCALE, memberId);
    } finally {
      await handle.close();
    }
    process.stderr.write(`${dialect}: seeded in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
    for (const [name, path, authorization] of ENDPOINTS) {
      const { p50, p95 } = await timed(`${server.url}/api/v2.0${path}`, authorization);
      lines.push(`${`${dialect}: ${name}`.padEnd(58)} ${p50.toFixed(1).padStart(7)} ${p95.toFixed(1).padStart(7)}`);
    }
  } finally {
    await server.stop();
    await server.cleanup();
    await testDb?.drop();
  }
}
process.stdout.write(`${`ms, ${REQUESTS} sequential requests each`.padEnd(58)}     p50     p95\n${lines.join('\n')}\n`);
