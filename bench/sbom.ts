/** `npx tsx bench/sbom.ts [--quick]`: SBOM generation MB/s per layer alone (npm run bench measures it with the rest). */
import { formatTable } from './lib/report.js';
import { measureSbom, sbomRows } from './workloads/sbom.js';

process.stdout.write(`${formatTable(sbomRows(await measureSbom(process.argv.includes('--quick'))))}\n`);
