/**
 * `npm run bench:api`: workload e alone, on SQLite and on PostgreSQL when one answers (the full
 * `npm run bench` runs it on SQLite). `--quick` uses a 25th of the scale. Never fails on a target.
 * `-- --dialect postgresql` runs one dialect; `-- --only "layer users"` times only the endpoints
 * whose name contains the text, or one of its `|`-separated parts (the seeding is the same).
 * `-- --memory` loads bench/lib/memory-sampler.mjs into the server and adds each endpoint's peak
 * resident memory and, at that peak, V8's heap (young/old) and the rest (malloc's), in MiB.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DIALECTS } from '../server/testing/dialects.js';
import { measureApiLists } from './workloads/api-lists.js';

const quick = process.argv.includes('--quick');
const option = (name: string) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const dialects = DIALECTS.filter((d) => !option('--dialect') || d === option('--dialect'));
const traceDir = process.argv.includes('--memory') ? mkdtempSync(path.join(os.tmpdir(), 'berth-api-trace-')) : undefined;
const sampler = path.join(path.dirname(fileURLToPath(import.meta.url)), 'lib', 'memory-sampler.mjs');
if (traceDir) process.env.BERTH_MEMORY_TRACE = path.join(traceDir, 'trace.jsonl');
const lines: string[] = [];
for (const dialect of dialects) {
  const result = await measureApiLists(dialect, quick, traceDir ? ['--import', sampler] : [], option('--only'));
  const samples = traceDir ? readSamples() : [];
  process.stderr.write(`${dialect}: seeded in ${result.seedSeconds.toFixed(0)} s\n`);
  for (const list of result.lists) {
    const over = [list.p95Ms < 50 ? '' : 'p95', list.blockMs < 50 ? '' : 'block'].filter(Boolean).join(', ');
    const figures = [list.p50Ms, list.p95Ms, list.blockMs].map((ms) => ms.toFixed(1).padStart(7)).join(' ');
    lines.push(`${`${dialect}: ${list.name}`.padEnd(58)} ${figures}${over ? `  over 50 ms: ${over}` : ''}${memoryDuring(samples, list.from, list.to)}`);
  }
  const { pulls } = result;
  lines.push(
    `${dialect}: manifest GETs/s ${pulls.alonePerSecond.toFixed(0)} alone, ${pulls.hammeredPerSecond.toFixed(0)} while 4 clients read ` +
      `"${pulls.hammered}" (slowest GET ${pulls.hammeredMaxMs.toFixed(0)} ms)`,
  );
}
if (traceDir) rmSync(traceDir, { recursive: true, force: true });
process.stdout.write(`${'ms, 4 clients at once'.padEnd(58)}     p50     p95   block\n${lines.join('\n')}\n`);

type Sample = { t: number; rss: number; anon: number; heapTotal: number; arrayBuffers: number; spaces: Record<string, [number, number]> };

/** The server's memory trace so far (--memory): one sample every 250 ms. */
function readSamples(): Sample[] {
  return readFileSync(process.env.BERTH_MEMORY_TRACE!, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Sample);
}

/** The peak resident memory between `from` and `to`, and its split at that moment ('' without --memory). */
function memoryDuring(samples: Sample[], from: number, to: number): string {
  const during = samples.filter((s) => s.t >= from && s.t <= to + 250);
  const top = during.reduce<Sample | undefined>((a, b) => (!a || b.rss > a.rss ? b : a), undefined);
  if (!top) return '';
  const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
  const rest = top.anon - top.heapTotal - top.arrayBuffers;
  return `  rss ${mib(top.rss)} heap ${mib(top.heapTotal)} (${mib(top.spaces.new?.[0] ?? 0)}/${mib(top.spaces.old?.[0] ?? 0)}) buffers ${mib(top.arrayBuffers)} rest ${mib(rest)}`;
}
