/**
 * Serves the console built by Vite: hashed assets compressed (brotli or gzip, written at build)
 * and cached for a year as immutable, no source maps, and index.html for every other GET outside
 * the API prefixes, so client routes (/projects/3/repositories) load directly.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import express, { type Request, type RequestHandler, type Router } from 'express';
import { consolePreloads, preloadTags } from './console-preloads.js';
import { precompressed } from './precompressed.js';

/** Paths the console never owns. */
const SERVER_PREFIXES = ['/api/', '/v2/', '/service/', '/c/'];

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'same-origin',
};

const notBuilt: RequestHandler = (_req, res) => {
  res
    .status(503)
    .type('text/plain')
    .send('The Berth console has not been built. Run `npm run build` (npm start does it for you).\n');
};

export interface SpaOptions {
  /** Whether the request carries a live session: the HTML then names the signed-in page's files. */
  signedIn?: (req: Request) => Promise<boolean>;
}

export function spa(webRoot: string, { signedIn = async () => false }: SpaOptions = {}): Router {
  const router = express.Router();
  const index = path.join(webRoot, 'index.html');
  const built = existsSync(index);
  // The HTML and the module map, read again when a new build replaces index.html.
  let build: { mtime: number; html: string; preloadsFor: ReturnType<typeof consolePreloads> } | null = null;
  const current = () => {
    const mtime = statSync(index).mtimeMs;
    if (mtime !== build?.mtime) build = { mtime, html: readFileSync(index, 'utf8'), preloadsFor: consolePreloads(webRoot) };
    return build;
  };
  router.use((req, res, next) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    next();
  });
  if (built) {
    const assets = path.join(webRoot, 'assets');
    router.use('/assets', precompressed(assets, 'public, max-age=31536000, immutable'));
    router.use(
      '/assets',
      express.static(path.join(webRoot, 'assets'), { immutable: true, maxAge: '365d', fallthrough: false }),
    );
    router.use(express.static(webRoot, { index: false, maxAge: '1h' }));
  }
  router.use((req, res, next) => {
    const isPage = (req.method === 'GET' || req.method === 'HEAD') && !SERVER_PREFIXES.some((p) => req.path.startsWith(p));
    if (!isPage) return next();
    if (!built) return notBuilt(req, res, next);
    const query = new URLSearchParams(req.originalUrl.split('?')[1] ?? '');
    signedIn(req)
      .then((known) => {
        const { html, preloadsFor } = current();
        const { scripts, fetches } = preloadsFor(req.path, query, known);
        // The entry and its imports are in the built HTML already.
        const tags = preloadTags({ scripts: scripts.filter((file) => !html.includes(`"${file}"`)), fetches });
        // Never stored: it names this build's files (a tab reloads into the new ones after an
        // upgrade) and, by the session cookie, this visitor's first page.
        res.setHeader('Cache-Control', 'no-cache');
        res.setHeader('Vary', 'Cookie');
        res.type('html').send(html.replace('</head>', `  ${tags}\n  </head>`));
      })
      .catch(next);
  });
  return router;
}
