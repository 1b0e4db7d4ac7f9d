/** Berth's version and install directory, found from this file in source or in dist/. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string };
      if (pkg.name === 'berth') return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the berth package.json above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

export const INSTALL_ROOT = findRoot();

export const VERSION = (JSON.parse(readFileSync(path.join(INSTALL_ROOT, 'package.json'), 'utf8')) as { version: string })
  .version;

/** Where `vite build` puts the console. */
export const WEB_ROOT = path.join(INSTALL_ROOT, 'dist', 'web');
