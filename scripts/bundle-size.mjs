// The console's first-route budget: the JavaScript a browser must fetch before the first page
// a visitor lands on can show (the entry chunk, axios, the signed-in frame, the page's chunk, and
// every chunk those import statically), gzipped, from the build's module map in dist/web
// (.vite/modules.json, vite.config.ts: modules merged into a chunk group have no key of their
// own in Vite's manifest). `/` sends a visitor to the projects list, or to sign-in first; both
// are measured and the larger is the figure.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

// kB as Vite prints them (1000 bytes), the stricter reading of "250 KB".
export const BUDGET_BYTES = 250_000;

/** The pages `/` can land on, by their source path; each needs the entry and axios (the data client) too. */
export const FIRST_ROUTES = ['web/features/projects/projects-page.tsx', 'web/features/auth/sign-in-page.tsx'];
/** What a route needs beside its page: the signed-in frame for pages behind sign-in. */
const FRAME = { 'web/features/projects/projects-page.tsx': ['web/components/layout/app-layout.tsx'] };
const ALWAYS = ['web/main.tsx', 'node_modules/axios/index.js'];

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
