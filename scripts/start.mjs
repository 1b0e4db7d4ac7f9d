// `npm start`: build what changed, then `berth serve` (extra arguments are passed on).
import { ensureServerBuilt, ensureWebBuilt } from './build-if-stale.mjs';

await ensureWebBuilt();
await ensureServerBuilt();
process.argv.splice(2, 0, 'serve');
await import('../dist/server/main.js');
