// The console's first-route budget: the JavaScript a browser must fetch before the first page
// a visitor lands on can show (the entry chunk, the signed-in frame, the page's chunk, and every
// chunk those import statically), gzipped, from the build's module map in dist/web
// (.vite/modules.json, vite.config.ts: modules merged into a chunk group have no key of their
// own in Vite's manifest). `/` sends a visitor to the projects list, or to sign-in first; both
// are measured and the larger is the figure. axios is not part of it: both pages render from the
// answers their HTML carries (server/api/console-visit.ts) and fetch axios after they show, which
// e2e/first-load.spec.ts proves by holding every other script until the list is on screen.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

// kB as Vite prints them (1000 bytes), the stricter reading of "150 kB".
export const BUDGET_BYTES = 150_000;

/** The pages `/` can land on, by their source path; each needs the entry too. */
export const FIRST_ROUTES = ['web/features/projects/projects-page.tsx', 'web/features/auth/sign-in-page.tsx'];
/** What a route needs beside its page: the signed-in frame for pages behind sign-in. */
const FRAME = { 'web/features/projects/projects-page.tsx': ['web/components/layout/app-layout.tsx'] };
const ALWAYS = ['web/main.tsx'];

function closure(map, modules) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const dep of map.imports[file] ?? []) visit(dep);
  };
  for (const module of modules) {
    const file = map.modules[module];
    if (!file) throw new Error(`${module} is not in the build's module map: was it renamed?`);
    visit(file);
  }
  return [...seen].filter((file) => file.endsWith('.js'));
}

/** Gzipped bytes of each first route's JavaScript; `largest` is the figure held to the budget. */
export function measureFirstRoutes(outDir) {
  const map = JSON.parse(readFileSync(path.join(outDir, '.vite', 'modules.json'), 'utf8'));
  const gz = (file) => gzipSync(readFileSync(path.join(outDir, file)), { level: 9 }).length;
  const routes = FIRST_ROUTES.map((route) => {
    const files = closure(map, [...ALWAYS, ...(FRAME[route] ?? []), route]);
    return { route, files, bytes: files.reduce((sum, file) => sum + gz(file), 0) };
  });
  const largest = routes.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  return { routes, largest, budget: BUDGET_BYTES };
}

export const kb = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;

/** One line for the build output. */
export function describe(result) {
  const parts = result.routes.map((r) => `${path.basename(r.route, '.tsx')} ${kb(r.bytes)}`);
  return `First route JavaScript, gzipped: ${kb(result.largest.bytes)} of ${kb(result.budget)} (${parts.join(', ')})`;
}

// `node scripts/bundle-size.mjs`: the figure for the built console in dist/web, and exit 1 over budget.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = measureFirstRoutes(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'web'));
  process.stdout.write(`${describe(result)}\n`);
  for (const route of result.routes) process.stdout.write(`  ${route.route}: ${route.files.map((f) => path.basename(f)).join(', ')}\n`);
  if (result.largest.bytes > result.budget) process.exitCode = 1;
}
