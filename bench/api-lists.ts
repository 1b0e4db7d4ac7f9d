/**
 * `npm run bench:api`: workload e alone, on SQLite and on PostgreSQL when one answers (the full
 * `npm run bench` runs it on SQLite). `--quick` uses a 25th of the scale. Never fails on a target.
 * `-- --dialect postgresql` runs one dialect; `-- --only "layer users"` times only the endpoints
 * whose name contains the text, or one of its `|`-separated parts (the seeding is the same).
 */
import { DIALECTS } from '../server/testing/dialects.js';
import { measureApiLists } from './workloads/api-lists.js';

const quick = process.argv.includes('--quick');
const option = (name: string) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const dialects = DIALECTS.filter((d) => !option('--dialect') || d === option('--dialect'));
const lines: string[] = [];
for (const dialect of dialects) {
  const result = await measureApiLists(dialect, quick, [], option('--only'));
  process.stderr.write(`${dialect}: seeded in ${result.seedSeconds.toFixed(0)} s\n`);
  for (const list of result.lists) {
    const over = [list.p95Ms < 50 ? '' : 'p95', list.blockMs < 50 ? '' : 'block'].filter(Boolean).join(', ');
    const figures = [list.p50Ms, list.p95Ms, list.blockMs].map((ms) => ms.toFixed(1).padStart(7)).join(' ');
    lines.push(`${`${dialect}: ${list.name}`.padEnd(58)} ${figures}${over ? `  over 50 ms: ${over}` : ''}`);
  }
  const { pulls } = result;
  lines.push(
    `${dialect}: manifest GETs/s ${pulls.alonePerSecond.toFixed(0)} alone, ${pulls.hammeredPerSecond.toFixed(0)} while 4 clients read ` +
      `"${pulls.hammered}" (slowest GET ${pulls.hammeredMaxMs.toFixed(0)} ms)`,
  );
}
process.stdout.write(`${'ms, 4 clients at once'.padEnd(58)}     p50     p95   block\n${lines.join('\n')}\n`);
