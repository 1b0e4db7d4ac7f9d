/**
 * `npx tsx bench/object-storage.ts [--quick]`: workloads h and i alone (also part of `npm run
 * bench`), for measuring the S3 store and chunked uploads across processes without the rest.
 */
import { formatTable } from './lib/report.js';
import { measureObjectStorage, objectStorageRows } from './workloads/object-storage.js';

const result = await measureObjectStorage(process.argv.includes('--quick'));
process.stdout.write(`${formatTable(objectStorageRows(result))}\n`);
