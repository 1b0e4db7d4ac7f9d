/**
 * Workload e (Berth alone): latency of the API's lists and summaries on one large
 * project, 4 clients at once, p50/p95 per endpoint. One project `bench` holds 1,950
 * repositories and 200,000 artifacts: a repository of 5,000 tagged artifacts (where Harbor's
 * pages time out), one artifact carrying 5,000 tags, and 1,948 repositories sharing the rest;
 * 200,000 audit rows, its members, labels, robots, webhooks, a replication policy's executions
 * and GC history beside it; ten small projects the member also belongs to. Rows are written
 * straight into the server's database (a push per artifact would take the whole run). The
 * endpoints are timed in steady state: after an untimed pass over all of them, and 40 untimed
 * requests of each before it is timed.
 *
 * Per endpoint it also reads the server's longest event-loop delay while the 4 clients ran
 * (prom-client's `nodejs_eventloop_lag_max_seconds`, reset at each scrape): on SQLite every
 * query runs on the event loop, so that is how long registry traffic waited behind one. Last,
 * the manifest GET rate alone and while 4 clients hammer the slowest endpoint.
 */
import { createTestDatabase, type TestDatabase } from '../../server/testing/dialects.js';
import { serverDatabase } from '../../server/testing/registry-client.js';
import { basic, startServer, type ServerProcess } from '../../server/testing/server-process.js';
import type { Dialect } from '../../server/db/connect.js';
import { bulkSeed, seedAuditLogs, seedLargeProject, seedSmallProjects, settle } from '../lib/api-seed.js';
import { seedProjectExtras } from '../lib/api-seed-extras.js';
import { percentile, runFor } from '../lib/measure.js';
import { seedLayerLineage, SHARED_LAYER } from '../lib/layer-seed.js';
import { withPeakRss } from '../lib/memory.js';
import { RegistryClient } from '../lib/registry-client.js';
import { seedReadable } from './registry-workloads.js';

const ADMIN = basic('admin', 'Harbor12345');
const MEMBER = basic('member', 'Passw0rdM');
const TAGS = 5000;
const CLIENTS = 4;
/** Untimed GETs before an endpoint is timed, and per endpoint in the first pass. */
const WARM_UP = 40;
/** Images built on one base (bench/lib/layer-seed.ts). */
const LINEAGE_IMAGES = 5000;

const many = '/projects/bench/repositories/many/artifacts';
const one = '/projects/bench/repositories/one/artifacts';

/**
 * [name, path under /api/v2.0, credentials]. `{project}`, `{policy}` and `{execution}` stand
 * for the ids the seeding returns.
 */
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
  ['/projects?sort=name', '/projects?page_size=15&sort=name', ADMIN],
  ['/projects/bench', '/projects/bench', MEMBER],
  ['/projects/bench/summary', '/projects/bench/summary', MEMBER],
  ['/repositories as admin', '/repositories?page_size=15', ADMIN],
  ['/repositories as a member', '/repositories?page_size=15', MEMBER],
  ['/repositories anonymously', '/repositories?page_size=15', null],
  ['/repositories?sort=name, page 100', '/repositories?page_size=15&sort=name&page=100', ADMIN],
  ['1,950 repositories: first page', '/projects/bench/repositories?page_size=15', MEMBER],
  ['1,950 repositories: page 100, sort=name', '/projects/bench/repositories?page_size=15&page=100&sort=name', MEMBER],
  ['1,950 repositories: q=name=~r-19', '/projects/bench/repositories?page_size=15&q=name%3D~r-19', MEMBER],
  ["a repository's artifacts (100)", '/projects/bench/repositories/r-0007/artifacts?page_size=15', MEMBER],
  ['/search?q=r-1 as a member', '/search?q=r-1', MEMBER],
  ['/search?q=bench as admin', '/search?q=bench', ADMIN],
  ['/statistics as admin', '/statistics', ADMIN],
  ['/statistics as a member', '/statistics', MEMBER],
  ['members', '/projects/bench/members?page_size=15', MEMBER],
  ['members?entityname=user1', '/projects/bench/members?page_size=15&entityname=user1', MEMBER],
  ['project labels', '/labels?scope=p&project_id={project}&page_size=15', MEMBER],
  ['project robots', '/robots?q=Level%3Dproject%2CProjectID%3D{project}&page_size=15', ADMIN],
  ['webhook policies', '/projects/bench/webhook/policies?page_size=15', ADMIN],
  ['replication executions', '/replication/executions?policy_id={policy}&page_size=15', ADMIN],
  ['replication tasks (5,000)', '/replication/executions/{execution}/tasks?page_size=15', ADMIN],
  ['GC history', '/system/gc?page_size=15', ADMIN],
  ['/quotas', '/quotas?page_size=15', ADMIN],
  ['/users', '/users?page_size=15', ADMIN],
  ['/users/search?username=user1', '/users/search?username=user1&page_size=15', MEMBER],
  ['project audit logs', '/projects/bench/auditlog-exts?page_size=15', MEMBER],
  ['project logs, page 500', '/projects/bench/logs?page_size=15&page=500', MEMBER],
  ['/auditlog-exts, page 1', '/auditlog-exts?page_size=15', ADMIN],
  ['/auditlog-exts, page 500', '/auditlog-exts?page_size=15&page=500', ADMIN],
  ['/auditlog-exts?q=username=user7', '/auditlog-exts?page_size=15&q=username%3Duser7', ADMIN],
  ['/auditlog-exts?q=operation=delete', '/auditlog-exts?page_size=15&q=operation%3Ddelete', ADMIN],
  // Dedup-aware storage.
  ['storage: project bench', '/berth/projects/bench/storage', ADMIN],
  ['storage: project p0003 as a member', '/berth/projects/p0003/storage', MEMBER],
  ['storage: repository of 5,000 artifacts', '/berth/projects/bench/repositories/many/storage', ADMIN],
  ['storage: artifact sharing layers with 4,999 others', '/berth/projects/bench/repositories/many/artifacts/t-0049/storage', ADMIN],
  ['storage: artifact with 5,000 tags', '/berth/projects/bench/repositories/one/artifacts/t-0000/storage', ADMIN],
  ['storage: system dedup ratio', '/berth/statistics/storage', ADMIN],
  // Layer insight: a layer used by LINEAGE_IMAGES + 1 images, a base they are all built on.
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
  /** The server's longest event-loop delay while the clients ran. */
  blockMs: number;
  /** When the clients started and stopped (epoch ms), to read a memory trace against. */
  from: number;
  to: number;
}

export interface PullRate {
  /** Manifest GETs/s from 8 clients, alone and while 4 clients hammer `hammered`. */
  alonePerSecond: number;
  hammeredPerSecond: number;
  hammered: string;
  /** The slowest manifest GET while hammered. */
  hammeredMaxMs: number;
}

export interface ApiListsResult {
  dialect: Dialect;
  seedSeconds: number;
  peakRssBytes: number;
  lists: ListTiming[];
  pulls: PullRate;
}

async function get(url: string, authorization: string | null): Promise<void> {
  const res = await fetch(url, { headers: authorization ? { authorization } : {} });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
}

/** `requests` GETs from CLIENTS loops at once; each one's latency. */
async function load(url: string, authorization: string | null, requests: number): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next++ < requests) {
        const t0 = performance.now();
        await get(url, authorization);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return latencies;
}

/** `requests` GETs from CLIENTS loops at once, after WARM_UP of them untimed (each client's connection warm). */
async function timed(url: string, authorization: string | null, requests: number): Promise<{ p50: number; p95: number }> {
  await load(url, authorization, WARM_UP);
  const latencies = await load(url, authorization, requests);
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p95: percentile(latencies, 95) };
}

/** The longest event-loop delay since the previous scrape, in ms (the scrape resets it). */
async function eventLoopMaxMs(metricsUrl: string): Promise<number> {
  const text = await (await fetch(metricsUrl)).text();
  const match = /^nodejs_eventloop_lag_max_seconds (\S+)$/m.exec(text);
  if (!match) throw new Error('no nodejs_eventloop_lag_max_seconds in /metrics');
  return Number(match[1]) * 1000;
}

async function pullRate(server: ServerProcess, hammered: [string, string, string | null], ms: number, paths: (p: string) => string): Promise<PullRate> {
  const client = new RegistryClient(server.url, { username: 'admin', password: 'Harbor12345' }, 8);
  try {
    const repository = 'p0000/pulled';
    await seedReadable(client, repository);
    const manifest = `/v2/${repository}/manifests/latest`;
    await runFor(Math.min(500, ms), 8, () => client.get(repository, manifest));
    const alone = await runFor(ms, 8, () => client.get(repository, manifest));
    const [name, path, authorization] = hammered;
    let hammering = true;
    const hammer = Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (hammering) await get(`${server.url}/api/v2.0${paths(path)}`, authorization);
      }),
    );
    let maxMs = 0;
    const during = await runFor(ms, 8, async () => {
      const t0 = performance.now();
      await client.get(repository, manifest);
      maxMs = Math.max(maxMs, performance.now() - t0);
    });
    hammering = false;
    await hammer;
    return { alonePerSecond: alone.perSecond, hammeredPerSecond: during.perSecond, hammered: name, hammeredMaxMs: maxMs };
  } finally {
    await client.close();
  }
}

/** `only`: time just the endpoints whose name contains it, or one of its `|`-separated parts (after the same seeding). */
export async function measureApiLists(dialect: Dialect, quick: boolean, nodeArgs: string[] = [], only?: string): Promise<ApiListsResult> {
  // Quick proves the workload runs (npm test): 8,000 artifacts still hold the 5,000-tag shapes.
  const scale = quick ? 25 : 1;
  // A p95 of 200 requests was their 10th slowest: one stall of this shared machine (a second of
  // another process) decided it, and the endpoint over the line changed from run to run.
  const requests = quick ? 20 : 1000;
  let testDb: TestDatabase | undefined;
  if (dialect === 'postgresql') testDb = await createTestDatabase('postgresql');
  const server = await startServer({
    config: { metric: { enabled: true, port: 0, bind_address: '127.0.0.1', path: '/metrics' } },
    env: testDb?.url ? { BERTH_DATABASE_URL: testDb.url } : {},
    nodeArgs,
  });
  try {
    const metricsUrl = `http://127.0.0.1:${/"metricsPort":(\d+)/.exec(server.output())![1]}/metrics`;
    const created = await fetch(`${server.url}/api/v2.0/users`, {
      method: 'POST',
      headers: { authorization: ADMIN, 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'member', email: 'member@example.com', password: 'Passw0rdM' }),
    });
    const memberId = Number(created.headers.get('location')!.split('/').at(-1));
    const started = performance.now();
    const handle = serverDatabase(server, testDb?.url);
    let ids: Record<string, number>;
    try {
      const project = await bulkSeed(handle.db, async (db) => {
        const id = await seedLargeProject(db, { repositories: 1950 / scale, artifacts: 200_000 / scale, tags: TAGS });
        await db
          .insertInto('project_members')
          .values({ project_id: id, entity_id: memberId, entity_type: 'u', role: 1, creation_time: '2026-01-01T00:00:00.000Z', update_time: '2026-01-01T00:00:00.000Z' })
          .execute();
        await seedSmallProjects(db, { projects: 10, perProject: 2, perRepository: 5 }, memberId);
        return id;
      });
      await seedAuditLogs(handle.db, 200_000 / scale, project);
      const extras = await seedProjectExtras(handle.db, project, { users: 1000 / scale, labels: 100, robots: 100, webhooks: 50, executions: 2000 / scale, tasks: TAGS, gcRuns: 2000 / scale });
      ids = { project, policy: extras.policyId, execution: extras.executionId };
      await seedLayerLineage(handle.db, LINEAGE_IMAGES);
      // Last, so that the lineage's rows are vacuumed and analyzed too, as autovacuum would in time.
      await settle(handle.db);
    } finally {
      await handle.close();
    }
    const paths = (path: string) => path.replace(/\{(\w+)\}/g, (_, id: string) => String(ids[id]));
    const seedSeconds = (performance.now() - started) / 1000;
    const lists: ListTiming[] = [];
    const timedEndpoints = LIST_ENDPOINTS.filter(([name]) => !only || only.split('|').some((part) => name.includes(part)));
    // A process that has just started ran its first thousand list requests at about 60 % of its
    // later rate (V8 compiling, PostgreSQL connections filling their caches): the first
    // endpoint timed paid for all of them. One untimed pass over the endpoints first.
    for (const [, path, authorization] of timedEndpoints) await load(`${server.url}/api/v2.0${paths(path)}`, authorization, WARM_UP);
    const { peakRssBytes } = await withPeakRss(server.child.pid!, async () => {
      for (const [name, path, authorization] of timedEndpoints) {
        await eventLoopMaxMs(metricsUrl);
        const from = Date.now();
        const { p50, p95 } = await timed(`${server.url}/api/v2.0${paths(path)}`, authorization, requests);
        lists.push({ name, p50Ms: p50, p95Ms: p95, blockMs: await eventLoopMaxMs(metricsUrl), from, to: Date.now() });
      }
    });
    const slowest = lists.reduce((a, b) => (b.p95Ms > a.p95Ms ? b : a));
    const pulls = await pullRate(server, LIST_ENDPOINTS.find(([name]) => name === slowest.name)!, quick ? 1000 : 5000, paths);
    return { dialect, seedSeconds, peakRssBytes, lists, pulls };
  } catch (err) {
    // What the server said last is the first thing to read when a request failed.
    process.stderr.write(`${dialect}: the server's last output:\n${server.output().slice(-4000)}\n`);
    throw err;
  } finally {
    await server.stop();
    await server.cleanup();
    await testDb?.drop();
  }
}
