/**
 * `npm run bench`: Berth and CNCF Distribution side by side on this machine, with the same
 * client and warm-up. Prints a table and writes bench/results.json. `--quick` runs a few
 * seconds of each workload (npm test does, so the bench cannot rot). Fails only on errors,
 * never on a missed target (speed or PEAK_RSS_LIMIT_MIB).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBerth } from './lib/berth.js';
import { rssBytes, watchBerthPeaks, withPeakRss } from './lib/memory.js';
import { referenceMissing, startReference, type RunningRegistry } from './lib/reference.js';
import { RegistryClient, type Credentials } from './lib/registry-client.js';
import { FULL, QUICK, blobLoad, largePushPull, manifestLoad, seedReadable, smallImages } from './workloads/registry-workloads.js';
import { measureApiLists, type ApiListsResult } from './workloads/api-lists.js';
import { formatTable, type Row } from './lib/report.js';
import { measureReplication, replicationRows } from './workloads/replication.js';
import { gcRows, measureGc } from './workloads/gc.js';
import { imageDiffRows, measureImageDiff } from './workloads/image-diff.js';
import { DIALECTS } from '../server/testing/dialects.js';
import { measureObjectStorage, objectStorageRows } from './workloads/object-storage.js';
import { measureSbom, sbomRows } from './workloads/sbom.js';

const quick = process.argv.includes('--quick');
const sizes = quick ? QUICK : FULL;
/**
 * How long the registry is left alone after each workload before its resident memory is read
 * again (Berth collects once it has been quiet for a second, and again 5 s later).
 */
const SETTLE_MS = quick ? 0 : 10_000;
/** The most Berth's resident memory should reach during any workload (a target, not a gate). */
const PEAK_RSS_LIMIT_MIB = 200;
const here = path.dirname(fileURLToPath(import.meta.url));

async function measure(registry: RunningRegistry, credentials?: Credentials) {
  const client = new RegistryClient(registry.url, credentials);
  const rss = <T>(work: () => Promise<T>) => withPeakRss(registry.pid, work, SETTLE_MS);
  try {
    // At rest: what the registry keeps once left alone after starting.
    await sleep(SETTLE_MS);
    const restRssBytes = rssBytes(registry.pid);
    const a = await rss(() => largePushPull(client, 'bench/large', sizes.largeBytes));
    const b = await rss(() => smallImages(client, 'bench/small', sizes.smallImages));
    const seeded = await seedReadable(client, 'bench/app');
    const c = await rss(() => manifestLoad(client, 'bench/app', sizes.loadMs));
    const d = await rss(() => blobLoad(client, 'bench/app', seeded.blobDigest, sizes.loadMs));
    return { restRssBytes, a, b, c, d };
  } finally {
    await client.close();
  }
}

type Measured = Awaited<ReturnType<typeof measure>>;

function listRows(e: ApiListsResult): Row[] {
  return [
    ...e.lists.map((l) => ({
      workload: `e. ${l.name} p50/p95 (ms), 4 clients`,
      berth: `${l.p50Ms.toFixed(1)}/${l.p95Ms.toFixed(1)}${l.p95Ms < 50 ? ' ok' : ' MISSED (p95 < 50)'}, block ${l.blockMs.toFixed(0)}`,
      reference: '',
    })),
    { workload: 'e. manifest GETs/s alone', berth: e.pulls.alonePerSecond, reference: '' },
    { workload: `e. manifest GETs/s while 4 clients read "${e.pulls.hammered}"`, berth: e.pulls.hammeredPerSecond, reference: '' },
    { workload: 'f. peak RSS during e (MiB)', berth: Math.round(e.peakRssBytes / 1024 / 1024), reference: '', limit: PEAK_RSS_LIMIT_MIB },
  ];
}

/** The peak of any Berth process in each section of the run (the watch of bench/lib/memory.ts). */
function peakRows(peaks: Map<string, number>): Row[] {
  return [...peaks].filter(([section]) => section).map(([section, bytes]) => ({
    workload: `f. peak RSS of any Berth process during ${section} (MiB)`,
    berth: Math.round(bytes / 1024 / 1024),
    reference: '',
    limit: PEAK_RSS_LIMIT_MIB,
  }));
}

function rows(berth: Measured, ref: Measured): Row[] {
  const mib = (bytes: number) => Math.round(bytes / 1024 / 1024);
  return [
    { workload: 'a. large push (MB/s)', berth: berth.a.result.pushMBps, reference: ref.a.result.pushMBps, target: 1 },
    { workload: 'a. large pull (MB/s)', berth: berth.a.result.pullMBps, reference: ref.a.result.pullMBps, target: 1 },
    { workload: 'b. small images (images/s)', berth: berth.b.result.imagesPerSecond, reference: ref.b.result.imagesPerSecond, target: 1 },
    { workload: 'c. manifest HEAD (req/s)', berth: berth.c.result.head.perSecond, reference: ref.c.result.head.perSecond, target: 1.5 },
    { workload: 'c. manifest HEAD p50/p99 (ms)', berth: `${berth.c.result.head.p50Ms.toFixed(1)}/${berth.c.result.head.p99Ms.toFixed(1)}`, reference: `${ref.c.result.head.p50Ms.toFixed(1)}/${ref.c.result.head.p99Ms.toFixed(1)}` },
    { workload: 'c. manifest GET (req/s)', berth: berth.c.result.get.perSecond, reference: ref.c.result.get.perSecond, target: 1.5 },
    { workload: 'c. manifest GET p50/p99 (ms)', berth: `${berth.c.result.get.p50Ms.toFixed(1)}/${berth.c.result.get.p99Ms.toFixed(1)}`, reference: `${ref.c.result.get.p50Ms.toFixed(1)}/${ref.c.result.get.p99Ms.toFixed(1)}` },
    { workload: 'd. blob GET 1 MiB (req/s)', berth: berth.d.result.perSecond, reference: ref.d.result.perSecond, target: 1 },
    { workload: 'f. RSS at rest, before a (MiB)', berth: mib(berth.restRssBytes), reference: mib(ref.restRssBytes) },
    ...(['a', 'b', 'c', 'd'] as const).flatMap((w) => [
      {
        workload: `f. peak RSS during ${w} (MiB)`,
        berth: mib(berth[w].peakRssBytes),
        reference: mib(ref[w].peakRssBytes),
        limit: PEAK_RSS_LIMIT_MIB,
      },
      ...(SETTLE_MS > 0
        ? [{ workload: `f. RSS ${SETTLE_MS / 1000} s after ${w} (MiB)`, berth: mib(berth[w].settledRssBytes), reference: mib(ref[w].settledRssBytes) }]
        : []),
    ]),
  ];
}

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: here, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

const missing = referenceMissing();
if (missing) {
  console.error(missing);
  process.exit(1);
}

const started = Date.now();
const reference = await startReference();
const berth = await startBerth();
const watch = watchBerthPeaks();
try {
  const ref = await measure(reference);
  watch.section('a-d');
  const ours = await measure(berth, berth.credentials);
  watch.section('e');
  const lists = await measureApiLists('sqlite', quick);
  watch.section('g. replication');
  const replication = await measureReplication(quick);
  watch.section('h. GC');
  const gc = [];
  for (const dialect of DIALECTS) gc.push(await measureGc(dialect, quick));
  watch.section('object storage');
  const objectStorage = await measureObjectStorage(quick);
  watch.section('image diff');
  const imageDiff = await measureImageDiff(quick);
  watch.section('SBOM');
  const sbom = await measureSbom(quick);
  watch.stop();
  const table = [
    ...rows(ours, ref),
    ...listRows(lists),
    ...replicationRows(replication),
    ...gcRows(gc),
    ...objectStorageRows(objectStorage),
    ...imageDiffRows(imageDiff),
    ...sbomRows(sbom),
    ...peakRows(watch.peaks()),
  ];
  process.stdout.write(`${formatTable(table)}\n`);
  const over = table.filter((r) => r.limit !== undefined && typeof r.berth === 'number' && r.berth > r.limit);
  const results = {
    date: new Date().toISOString(),
    commit: commit(),
    quick,
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 1024 ** 3), node: process.version },
    sizes,
    rows: table,
    seedSeconds: lists.seedSeconds,
    raw: { berth: ours, reference: ref, lists: lists.lists, replication, gc, objectStorage, imageDiff, sbom },
  };
  writeFileSync(path.join(here, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`Wrote bench/results.json in ${((Date.now() - started) / 1000).toFixed(0)} s.\n`);
  // Reported, not failed: at full speed c and d still pass the limit (BENCHMARKS.md), so a
  // failing run would say nothing new and would make npm test depend on the machine's load.
  for (const r of over) console.error(`Berth's ${r.workload.slice(3)} was ${r.berth} MiB, over the ${r.limit} MiB target.`);
} finally {
  await berth.stop();
  await reference.stop();
}
