// The first route's JavaScript stays under 150 kB gzipped (scripts/bundle-size.mjs). The global setup has
// built dist/web; the figure is printed so the test output reports it.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { describe as describeSize, kb, measureFirstRoutes } from './bundle-size.mjs';

const outDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'web');

test('the first route\'s JavaScript is under 150 kB gzipped', () => {
  const result = measureFirstRoutes(outDir);
  console.warn(describeSize(result));
  for (const route of result.routes) expect(route.files.length).toBeGreaterThan(1);
  expect(result.largest.bytes, `${result.largest.route} needs ${kb(result.largest.bytes)}`).toBeLessThanOrEqual(result.budget);
});
