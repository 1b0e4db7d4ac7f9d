// The console's first-route budget: the JavaScript a browser must fetch before the first page
// a visitor lands on can show (the entry chunk, the page's lazy chunk, and every chunk either
// imports statically), gzipped, from Vite's manifest in dist/web. `/` sends a visitor to the
// projects list, or to sign-in first; both are measured and the larger is the figure.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

// kB as Vite prints them (1000 bytes), the stricter reading of "250 KB".
export const BUDGET_BYTES = 250_000;

/** The pages `/` can land on, by their source path (the keys of Vite's manifest). */
export const FIRST_ROUTES = ['web/features/projects/projects-page.tsx', 'web/features/auth/sign-in-page.tsx'];

function closure(manifest, keys) {
  const seen = new Set();
  const visit = (key) => {
    if (seen.has(key)) return;
    const chunk = manifest[key];
    if (!chunk) throw new Error(`${key} is not in Vite's manifest: was the route renamed?`);
    seen.add(key);
    for (const dep of chunk.imports ?? []) visit(dep);
  };
  keys.forEach(visit);
  return [...seen].map((key) => manifest[key].file).filter((file) => file.endsWith('.js'));
}

/** Gzipped bytes of each first route's JavaScript; `largest` is the figure held to the budget. */
export function measureFirstRoutes(outDir) {
  const manifest = JSON.parse(readFileSync(path.join(outDir, '.vite', 'manifest.json'), 'utf8'));
  const entry = Object.keys(manifest).find((key) => manifest[key].isEntry);
  if (!entry) throw new Error('Vite\'s manifest has no entry chunk.');
  const gz = (file) => gzipSync(readFileSync(path.join(outDir, file)), { level: 9 }).length;
  const routes = FIRST_ROUTES.map((route) => {
    const files = closure(manifest, [entry, route]);
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
