/**
 * What `berth serve` loads before any request: the static imports reachable from the command
 * line, read from the source. Drivers and clients the configuration may not use are imported
 * when first used (each stays in the heap for the life of the process once loaded).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';

const SERVER = path.dirname(new URL(import.meta.url).pathname);
const ON_FIRST_USE = ['pg', '@aws-sdk/client-s3', 'nodemailer', 'ldapts'];

/** Static `import ... from 'x'` and `export ... from 'x'` (not `import type`, not `import('x')`). */
function staticImports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const m of source.matchAll(/^(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)) found.push(m[1]!);
  return found;
}

/** Every package reached from `entry` through static imports of Berth's own modules. */
function packagesReached(entry: string): Map<string, string> {
  const packages = new Map<string, string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of staticImports(file)) {
      if (spec.startsWith('.')) {
        const target = path.resolve(path.dirname(file), spec).replace(/\.js$/, '.ts');
        if (existsSync(target)) visit(target);
      } else if (!spec.startsWith('node:')) {
        const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
        if (!packages.has(name)) packages.set(name, path.relative(SERVER, file));
      }
    }
  };
  visit(entry);
  return packages;
}

test('the server starts without the drivers of PostgreSQL, S3, mail and LDAP; they load on first use', () => {
  const reached = packagesReached(path.join(SERVER, 'cli', 'serve.ts'));
  expect(reached.has('express')).toBe(true);
  expect(reached.has('better-sqlite3')).toBe(true);
  const loadedAtStart = ON_FIRST_USE.filter((name) => reached.has(name)).map((name) => `${name} (imported by ${reached.get(name)})`);
  expect(loadedAtStart).toEqual([]);
});
