/**
 * `npx tsx bench/gc.ts [--quick]`: workload h (garbage collection) alone, on SQLite and on
 * PostgreSQL when one answers; the full `npm run bench` runs it too. Never fails on a target.
 */
import { DIALECTS } from '../server/testing/dialects.js';
import { formatTable } from './lib/report.js';
import { gcRows, measureGc, type GcResult } from './workloads/gc.js';

const quick = process.argv.includes('--quick');
const results: GcResult[] = [];
for (const dialect of DIALECTS) {
  const result = await measureGc(dialect, quick);
  process.stderr.write(`${dialect}: seeded ${result.storeBlobs} blobs in ${result.seedSeconds.toFixed(0)} s\n`);
  results.push(result);
}
process.stdout.write(`${formatTable(gcRows(results))}\n`);
