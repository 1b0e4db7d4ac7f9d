/**
 * Where Berth's memory is after each of the side-by-side workloads (BENCHMARKS.md, "Memory under
 * load"): Berth alone, with bench/lib/memory-sampler.mjs loaded into the server. For each
 * workload it prints the rate, the peak and settled resident memory, and at the end of the
 * settle: anonymous memory, V8's heap (committed, and its young and old spaces), live array
 * buffers, and the rest of the anonymous memory (malloc's: freed pages it keeps, native state).
 *
 *   npx tsx bench/memory-trace.ts [--quick] [--only c,d] [--settle 10] [--env NAME=VALUE ...] [--node-flag FLAG ...]
 *
 * --env sets a variable in the server's environment only (MALLOC_ARENA_MAX=2, ...); the server
 * is started with server/memory.ts's LAUNCH_ENV unless --env gives another value. --node-flag adds
 * a flag to node's command line after LAUNCH_NODE_FLAGS, so it overrides them
 * (`--node-flag --max-semi-space-size=16`).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { startBerth } from './lib/berth.js';
import { RegistryClient } from './lib/registry-client.js';
import { FULL, QUICK, blobLoad, largePushPull, manifestLoad, seedReadable, smallImages } from './workloads/registry-workloads.js';

interface Sample {
  t: number;
  rss: number;
  anon: number;
  heapTotal: number;
  arrayBuffers: number;
  spaces: Record<string, [size: number, used: number]>;
}

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const quick = args.includes('--quick');
const sizes = quick ? QUICK : FULL;
const only = (option('--only') ?? 'a,b,c,d').split(',');
const settleMs = Number(option('--settle') ?? 10) * 1000;
const env: Record<string, string> = {};
args.forEach((a, i) => {
  if (a !== '--env') return;
  const [name, ...value] = args[i + 1]!.split('=');
  env[name!] = value.join('=');
});

const nodeFlags = args.flatMap((a, i) => (a === '--node-flag' ? [args[i + 1]!] : []));

const dir = mkdtempSync(path.join(os.tmpdir(), 'berth-memtrace-'));
const traceFile = path.join(dir, 'trace.jsonl');
const sampler = path.join(path.dirname(fileURLToPath(import.meta.url)), 'lib', 'memory-sampler.mjs');
const serverEnv = { ...env, BERTH_MEMORY_TRACE: traceFile };
const berth = await startBerth({ env: serverEnv, nodeArgs: [...nodeFlags, '--import', sampler] });
const client = new RegistryClient(berth.url, berth.credentials);

const phases: { name: string; from: number; to: number; settled: number; rate: string }[] = [];
async function phase(name: string, work: () => Promise<string>) {
  const from = Date.now();
  const rate = await work();
  const to = Date.now();
  await sleep(settleMs);
  phases.push({ name, from, to, settled: Date.now(), rate });
}

try {
  await phase('rest', async () => '');
  let digest = '';
  const workloads: Record<string, () => Promise<string>> = {
    a: async () => {
      const r = await largePushPull(client, 'bench/large', sizes.largeBytes);
      return `push ${r.pushMBps.toFixed(0)} MB/s, pull ${r.pullMBps.toFixed(0)} MB/s`;
    },
    b: async () => `${(await smallImages(client, 'bench/small', sizes.smallImages)).imagesPerSecond.toFixed(1)} images/s`,
    c: async () => {
      digest ||= (await seedReadable(client, 'bench/app')).blobDigest;
      const r = await manifestLoad(client, 'bench/app', sizes.loadMs);
      return `HEAD ${r.head.perSecond.toFixed(0)}/s, GET ${r.get.perSecond.toFixed(0)}/s`;
    },
    d: async () => {
      digest ||= (await seedReadable(client, 'bench/app')).blobDigest;
      return `${(await blobLoad(client, 'bench/app', digest, sizes.loadMs)).perSecond.toFixed(0)} req/s`;
    },
  };
  for (const name of only) await phase(name, workloads[name]!);
} finally {
  await client.close();
  await berth.stop();
}

const samples = readFileSync(traceFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Sample);
rmSync(dir, { recursive: true, force: true });
const say = (line: string) => process.stdout.write(`${line}\n`);
const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(0).padStart(4);
const load = os.loadavg().map((l) => l.toFixed(1)).join(' ');
say(`env: ${JSON.stringify(env)}  load average at the end: ${load}`);
say('phase | peak | settled: rss  anon  heap (new/old)  buffers  rest | rate');
for (const p of phases) {
  const during = samples.filter((s) => s.t >= p.from && s.t <= p.to);
  const peak = Math.max(0, ...during.map((s) => s.rss));
  const end = samples.filter((s) => s.t <= p.settled).at(-1)!;
  say(`${p.name.padEnd(5)} | ${mib(peak)} | ${split(end)} | ${p.rate}`);
  const top = during.find((s) => s.rss === peak);
  if (top) say(`${''.padEnd(5)} | at the peak:  ${split(top)}`);
}

/** Resident, anonymous, heap (young/old), live array buffers and the rest (malloc's) of one sample. */
function split(s: Sample): string {
  const space = (name: string) => s.spaces[name]?.[0] ?? 0;
  const rest = s.anon - s.heapTotal - s.arrayBuffers;
  return `${mib(s.rss)} ${mib(s.anon)} ${mib(s.heapTotal)} (${mib(space('new')).trim()}/${mib(space('old')).trim()}) ${mib(s.arrayBuffers)} ${mib(rest)}`;
}
