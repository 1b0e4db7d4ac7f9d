// Builds the server (tsc) and the console (vite) when their output is missing or older than
// their sources, so `npm start` is quick when nothing changed and right when something did.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const at = (...parts) => path.join(root, ...parts);

const SERVER = {
  name: 'server',
  stamp: at('dist', '.server-built'),
  sources: ['server', 'tsconfig.server.json', 'tsconfig.build.json', 'package.json'],
  commands: [[process.execPath, [at('node_modules', 'typescript', 'bin', 'tsc'), '-p', at('tsconfig.build.json')]]],
};

const WEB = {
  name: 'console',
  stamp: at('dist', '.web-built'),
  sources: ['web', 'public', 'index.html', 'vite.config.ts', 'server/api/contracts', 'package.json'],
  commands: [
    [process.execPath, [at('node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn']],
    // The server's renderer of the first page (web/entry-server.tsx), into dist/ssr.
    [process.execPath, [at('node_modules', 'vite', 'bin', 'vite.js'), 'build', '--ssr', 'web/entry-server.tsx', '--logLevel', 'warn']],
  ],
};

function newestMtime(entry) {
  const full = at(entry);
  if (!existsSync(full)) return 0;
  const stat = statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of readdirSync(full)) newest = Math.max(newest, newestMtime(path.join(entry, child)));
  return newest;
}

function isStale(target) {
  if (!existsSync(target.stamp)) return true;
  const built = statSync(target.stamp).mtimeMs;
  return target.sources.some((source) => newestMtime(source) > built);
}

function build(target) {
  process.stderr.write(`Building the ${target.name}...\n`);
  const started = Date.now();
  for (const [command, args] of target.commands) {
    // Always a production build: under vitest NODE_ENV is "test", and Vite would then bundle React's
    // development runtime (about 60 kB more gzipped, and not what `npm start` serves).
    const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
    if (result.status !== 0) {
      process.stderr.write(`Building the ${target.name} failed.\n`);
      process.exit(result.status ?? 1);
    }
  }
  mkdirSync(path.dirname(target.stamp), { recursive: true });
  writeFileSync(target.stamp, new Date().toISOString());
  process.stderr.write(`Built the ${target.name} in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
}

export async function ensureServerBuilt({ force = false } = {}) {
  if (force || isStale(SERVER)) build(SERVER);
}

export async function ensureWebBuilt({ force = false } = {}) {
  if (!force && !isStale(WEB)) return;
  build(WEB);
  const { describe, measureFirstRoutes } = await import('./bundle-size.mjs');
  process.stderr.write(`${describe(measureFirstRoutes(at('dist', 'web')))}\n`);
}

// `node scripts/build-if-stale.mjs [--force]` builds both.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const force = process.argv.includes('--force');
  await ensureWebBuilt({ force });
  await ensureServerBuilt({ force });
}
