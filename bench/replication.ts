/**
 * `npx tsx bench/replication.ts [--quick]`: workload g (replication beside skopeo sync) alone;
 * the full `npm run bench` runs it too. Never fails on a target.
 */
import { formatTable } from './lib/report.js';
import { measureReplication, replicationRows } from './workloads/replication.js';

const result = await measureReplication(process.argv.includes('--quick'));
process.stdout.write(`${formatTable(replicationRows(result))}\n`);
