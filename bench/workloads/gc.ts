/**
 * h. Garbage collection at scale: 100,000 blobs (small files in the store, rows in the database,
 * all named by artifacts), then 10 % of them made garbage (their artifacts' blob links removed
 * and marked unreferenced a day ago, as deleting those artifacts would), a dry run and a real run
 * timed; then 1 % more, the same again, to show the cost follows the garbage, not the store.
 * Seeded directly in the database rather than pushed over HTTP. On SQLite and on PostgreSQL
 * when one answers. --quick: 1,000 blobs.
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ApiClient } from '../../server/testing/api-client.js';
import { createTestDatabase, type TestDatabase } from '../../server/testing/dialects.js';
import { runGc } from '../../server/testing/gc.js';
import { serverDatabase } from '../../server/testing/registry-client.js';
import { startServer } from '../../server/testing/server-process.js';
import type { Dialect } from '../../server/db/connect.js';
import type { Row } from '../lib/report.js';

const BLOBS_PER_ARTIFACT = 10;

export interface GcRunFigures {
  garbagePercent: number;
  blobs: number;
  drySeconds: number;
  realSeconds: number;
  blobsPerSecond: number;
}

export interface GcResult {
  dialect: Dialect;
  storeBlobs: number;
  seedSeconds: number;
  runs: GcRunFigures[];
}

const digestOf = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
const secondsIn = (log: string) => Number(/done in ([\d.]+) s/.exec(log)?.[1] ?? NaN);

async function seed(dataVolume: string, db: ReturnType<typeof serverDatabase>['db'], count: number): Promise<void> {
  const now = new Date().toISOString();
  const project = await db.selectFrom('projects').select('project_id').where('name', '=', 'library').executeTakeFirstOrThrow();
  const repo = await db
    .insertInto('repositories')
    .values({ project_id: project.project_id, name: 'library/gc-bench', creation_time: now, update_time: now })
    .returning('repository_id')
    .executeTakeFirstOrThrow();
  for (let start = 0; start < count; start += 1000) {
    const bytes = Array.from({ length: Math.min(1000, count - start) }, (_, i) => Buffer.from(`gc bench blob ${start + i}\n`));
    for (const b of bytes) {
      const hex = digestOf(b).slice(7);
      const dir = path.join(dataVolume, 'registry', 'blobs', 'sha256', hex.slice(0, 2));
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, hex), b);
    }
    const blobs = await db
      .insertInto('blobs')
      .values(bytes.map((b) => ({ digest: digestOf(b), size: b.length, creation_time: now, unreferenced_at: null })))
      .returning('blob_id')
      .execute();
    for (let a = 0; a < blobs.length; a += BLOBS_PER_ARTIFACT) {
      const manifest = Buffer.from(`{"bench":${start + a}}`);
      const artifact = await db
        .insertInto('artifacts')
        .values({
          project_id: project.project_id,
          repository_id: repo.repository_id,
          digest: digestOf(manifest),
          type: 'IMAGE',
          manifest_media_type: 'application/vnd.oci.image.manifest.v1+json',
          media_type: 'application/vnd.oci.image.config.v1+json',
          artifact_type: null,
          manifest,
          manifest_size: manifest.length,
          size: 0,
          config_digest: null,
          subject_digest: null,
          push_time: now,
        })
        .returning('artifact_id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('artifact_blobs')
        .values(blobs.slice(a, a + BLOBS_PER_ARTIFACT).map((b) => ({ artifact_id: artifact.artifact_id, blob_id: b.blob_id, project_id: project.project_id, push_time: now })))
        .execute();
    }
  }
}

/** Makes `artifacts` of the named artifacts' blobs garbage, as deleting those artifacts would (a day ago). */
async function makeGarbage(db: ReturnType<typeof serverDatabase>['db'], artifacts: number): Promise<number> {
  const dayAgo = new Date(Date.now() - 86_400_000).toISOString();
  const chosen = await db.selectFrom('artifact_blobs').select('artifact_id').distinct().orderBy('artifact_id').limit(artifacts).execute();
  const ids = chosen.map((c) => c.artifact_id);
  let blobs = 0;
  for (let i = 0; i < ids.length; i += 500) {
    const part = ids.slice(i, i + 500);
    const named = await db.selectFrom('artifact_blobs').select('blob_id').where('artifact_id', 'in', part).execute();
    await db.deleteFrom('artifact_blobs').where('artifact_id', 'in', part).execute();
    for (let j = 0; j < named.length; j += 500) {
      await db.updateTable('blobs').set({ unreferenced_at: dayAgo }).where('blob_id', 'in', named.slice(j, j + 500).map((n) => n.blob_id)).execute();
    }
    blobs += named.length;
  }
  return blobs;
}

export async function measureGc(dialect: Dialect, quick: boolean): Promise<GcResult> {
  const storeBlobs = quick ? 1_000 : 100_000;
  let testDb: TestDatabase | undefined;
  if (dialect === 'postgresql') testDb = await createTestDatabase('postgresql');
  const server = await startServer({ config: testDb?.url ? { database: { url: testDb.url } } : {} });
  const db = serverDatabase(server, testDb?.url);
  try {
    const started = performance.now();
    await seed(server.dataVolume, db.db, storeBlobs);
    const seedSeconds = (performance.now() - started) / 1000;
    const admin = ApiClient.basic(server, 'admin', 'Harbor12345');
    const runs: GcRunFigures[] = [];
    for (const percent of [10, 1]) {
      const blobs = await makeGarbage(db.db, (storeBlobs * percent) / 100 / BLOBS_PER_ARTIFACT);
      const dry = await runGc(admin, { dry_run: true, time_window: 0 });
      const real = await runGc(admin, { time_window: 0, workers: 4 });
      if (real.status !== 'Success' || real.attrs.purged_files !== blobs) throw new Error(`GC on ${dialect} deleted ${String(real.attrs.purged_files)} blobs, not ${blobs}: ${real.status}`);
      const realSeconds = secondsIn(real.log);
      runs.push({ garbagePercent: percent, blobs, drySeconds: secondsIn(dry.log), realSeconds, blobsPerSecond: blobs / realSeconds });
    }
    return { dialect, storeBlobs, seedSeconds, runs };
  } finally {
    await db.close();
    await server.stop();
    await server.cleanup();
    await testDb?.drop();
  }
}

export function gcRows(results: GcResult[]): Row[] {
  const round = (n: number) => Math.round(n * 100) / 100;
  return results.flatMap((r) =>
    r.runs.flatMap((run) => [
      { workload: `h. GC ${r.dialect}, ${r.storeBlobs} blobs, ${run.garbagePercent} % garbage: dry run (s)`, berth: round(run.drySeconds), reference: '' },
      { workload: `h. GC ${r.dialect}, ${r.storeBlobs} blobs, ${run.garbagePercent} % garbage: real run (s)`, berth: round(run.realSeconds), reference: '', limit: 60 },
      { workload: `h. GC ${r.dialect}, ${run.garbagePercent} % garbage: blobs deleted/s`, berth: Math.round(run.blobsPerSecond), reference: '' },
    ]),
  );
}
