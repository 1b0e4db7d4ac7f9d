/**
 * Serves the console's files compressed: the build writes a .br and a .gz beside each text file
 * (vite.config.ts), and this picks the one the browser accepts, brotli first. Files the build
 * did not compress, and browsers that accept neither, fall through to express.static. Source maps
 * are built for debugging but never served.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { RequestHandler } from 'express';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

/** `cacheControl` for the files under `root` (a year and immutable for hashed assets). */
export function precompressed(root: string, cacheControl: string): RequestHandler {
  const exists = new Map<string, boolean>();
  const has = (file: string) => {
    let known = exists.get(file);
    if (known === undefined) exists.set(file, (known = existsSync(file)));
    return known;
  };
  return (req, res, next) => {
    if (req.path.endsWith('.map')) {
      res.status(404).type('text/plain').send('Not found.\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const type = TYPES[path.extname(req.path)];
    if (!type) return next();
    const file = path.join(root, path.normalize(req.path));
    if (!file.startsWith(root + path.sep)) return next();
    const accepted = req.acceptsEncodings(ENCODINGS.map((e) => e.name));
    const encoding = ENCODINGS.find((e) => e.name === accepted && has(file + e.suffix));
    res.setHeader('Vary', 'Accept-Encoding');
    if (!encoding) return next();
    res.setHeader('Content-Encoding', encoding.name);
    res.setHeader('Content-Type', type);
    res.setHeader('Cache-Control', cacheControl);
    res.sendFile(file + encoding.suffix, { headers: { 'Content-Type': type } }, (err) => err && next(err));
  };
}
