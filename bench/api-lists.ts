/**
 * `npm run bench:api`: workload e alone, on SQLite and on PostgreSQL when one answers (the full
 * `npm run bench` runs it on SQLite). `--quick` uses a tenth of the scale. Never fails on a target.
 */
import { DIALECTS } from '../server/testing/dialects.js';
import { measureApiLists } from './workloads/api-lists.js';

const quick = process.argv.includes('--quick');
const lines: string[] = [];
for (const dialect of DIALECTS) {
  const result = await measureApiLists(dialect, quick);
  process.stderr.write(`${dialect}: seeded in ${result.seedSeconds.toFixed(0)} s\n`);
  for (const list of result.lists) {
    const mark = list.p95Ms < 50 ? '' : '  over 50 ms';
    lines.push(`${`${dialect}: ${list.name}`.padEnd(58)} ${list.p50Ms.toFixed(1).padStart(7)} ${list.p95Ms.toFixed(1).padStart(7)}${mark}`);
  }
}
process.stdout.write(`${'ms, sequential requests'.padEnd(58)}     p50     p95\n${lines.join('\n')}\n`);
