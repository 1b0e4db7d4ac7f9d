/**
 * `npm run bench:api`: latency of the artifact and tag lists of a repository holding 5,000 tags
 * (where Harbor's pages time out), on SQLite and on PostgreSQL when one answers. Two shapes of
 * such a repository: 5,000 artifacts with a tag each, and one artifact carrying 5,000 tags.
 * Rows are seeded straight into the server's database (the lists never read manifest bytes);
 * each endpoint is then asked one request at a time and p50/p95 printed. Never fails on a target.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { DbHandle } from '../server/db/connect.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../server/testing/dialects.js';
import { serverDatabase } from '../server/testing/registry-client.js';
import { basic, startServer } from '../server/testing/server-process.js';
import { percentile } from './lib/measure.js';

const TAGS = 5000;
const REQUESTS = 200;
const AUTH = { authorization: basic('admin', 'Harbor12345') };

const digest = () => `sha256:${randomBytes(32).toString('hex')}`;
const at = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();

async function seed(db: DbHandle['db']): Promise<void> {
  const { project_id: projectId } = await db
    .insertInto('projects')
    .values({ name: 'bench', owner_id: 1, creation_time: at(0), update_time: at(0) })
    .returning('project_id')
    .executeTakeFirstOrThrow();
  const repository = async (name: string) =>
    (await db.insertInto('repositories').values({ project_id: projectId, name, creation_time: at(0), update_time: at(0) }).returning('repository_id').executeTakeFirstOrThrow())
      .repository_id;
  const artifact = (repositoryId: number, i: number) => ({
    project_id: projectId,
    repository_id: repositoryId,
    digest: digest(),
    type: 'IMAGE',
    manifest_media_type: 'application/vnd.oci.image.manifest.v1+json',
    media_type: 'application/vnd.oci.image.config.v1+json',
    artifact_type: 'application/vnd.oci.image.config.v1+json',
    manifest: Buffer.from('{}'),
    manifest_size: 2,
    size: 1000 + i,
    config_digest: digest(),
    extra_attrs: JSON.stringify({ architecture: 'amd64', os: 'linux' }),
    push_time: at(i),
    // Half never pulled: the pull-time sort must place them the same on both dialects.
    pull_time: i % 2 ? at(i + 10) : null,
  });
  const many = await repository('bench/many');
  const one = await repository('bench/one');
  for (let start = 0; start < TAGS; start += 500) {
    const rows = Array.from({ length: 500 }, (_, k) => artifact(many, start + k));
    const ids = await db.insertInto('artifacts').values(rows).returning('artifact_id').execute();
    await db
      .insertInto('tags')
      .values(ids.map((row, k) => ({ repository_id: many, artifact_id: row.artifact_id, name: `t-${String(start + k).padStart(4, '0')}`, push_time: at(start + k) })))
      .execute();
  }
  const { artifact_id: shared } = await db.insertInto('artifacts').values(artifact(one, 0)).returning('artifact_id').executeTakeFirstOrThrow();
  for (let start = 0; start < TAGS; start += 500) {
    await db
      .insertInto('tags')
      .values(Array.from({ length: 500 }, (_, k) => ({ repository_id: one, artifact_id: shared, name: `t-${String(start + k).padStart(4, '0')}`, push_time: at(start + k) })))
      .execute();
  }
  await sql`analyze`.execute(db);
}

async function timed(url: string): Promise<{ p50: number; p95: number }> {
  const latencies: number[] = [];
  for (let i = 0; i < REQUESTS + 10; i++) {
    const t0 = performance.now();
    const res = await fetch(url, { headers: AUTH });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
    if (i >= 10) latencies.push(performance.now() - t0);
  }
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p95: percentile(latencies, 95) };
}

const ENDPOINTS: [string, string][] = [
  ['5,000 artifacts: first page (15)', '/projects/bench/repositories/many/artifacts?page_size=15'],
  ['5,000 artifacts: page 300 (15)', '/projects/bench/repositories/many/artifacts?page_size=15&page=300'],
  ['5,000 artifacts: -pull_time', '/projects/bench/repositories/many/artifacts?page_size=15&sort=-pull_time'],
  ['5,000 artifacts: q=tags=~t-49', '/projects/bench/repositories/many/artifacts?page_size=15&q=tags%3D~t-49'],
  ['5,000 artifacts: q=tags=nil', '/projects/bench/repositories/many/artifacts?page_size=15&q=tags%3Dnil'],
  ['1 artifact, 5,000 tags: with_tag=false', '/projects/bench/repositories/one/artifacts?page_size=15&with_tag=false'],
  ['1 artifact, 5,000 tags: with tags inline', '/projects/bench/repositories/one/artifacts?page_size=15'],
  ['1 artifact, 5,000 tags: its tags (15)', '/projects/bench/repositories/one/artifacts/t-0000/tags?page_size=15'],
  ['1 artifact, 5,000 tags: tags page 300', '/projects/bench/repositories/one/artifacts/t-0000/tags?page_size=15&page=300&sort=name'],
];

const lines: string[] = [];
for (const dialect of DIALECTS) {
  let testDb: TestDatabase | undefined;
  if (dialect === 'postgresql') testDb = await createTestDatabase('postgresql');
  const server = await startServer({ env: testDb?.url ? { BERTH_DATABASE_URL: testDb.url } : {} });
  try {
    const handle = serverDatabase(server, testDb?.url);
    try {
      await seed(handle.db);
    } finally {
      await handle.close();
    }
    for (const [name, path] of ENDPOINTS) {
      const { p50, p95 } = await timed(`${server.url}/api/v2.0${path}`);
      lines.push(`${`${dialect}: ${name}`.padEnd(55)} ${p50.toFixed(1).padStart(7)} ${p95.toFixed(1).padStart(7)}`);
    }
  } finally {
    await server.stop();
    await server.cleanup();
    await testDb?.drop();
  }
}
process.stdout.write(`${`ms, ${REQUESTS} sequential requests each`.padEnd(55)}     p50     p95\n${lines.join('\n')}\n`);
