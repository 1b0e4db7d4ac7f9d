/**
 * Serves the console built by Vite: hashed assets compressed (brotli or gzip, written at build)
 * and cached for a year as immutable, no source maps, and index.html for every other GET outside
 * the API prefixes, so client routes (/projects/3/repositories) load directly. The signed-in
 * projects list comes rendered (page-renderer.ts): it shows, links working, before its code runs.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import express, { type Request, type RequestHandler, type Router } from 'express';
import { consolePreloads, preloadTags } from './console-preloads.js';
import type { PageRenderer } from './page-renderer.js';
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

/** A GET's answer as the console's HTML carries it: the body, and the headers the console reads. */
export interface InlineAnswer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** Who opens the console (server/api/console-visit.ts). */
export interface ConsoleVisit {
  /** A live session: the HTML then names the signed-in page's files. */
  signedIn: boolean;
  /** The answer to one of the page's first requests, or null when it cannot be given here. */
  answer: (url: string) => Promise<InlineAnswer | null>;
}

export interface SpaOptions {
  visit?: (req: Request) => Promise<ConsoleVisit>;
  /** Renders a page from its answers, for the pages in SERVER_RENDERED. */
  renderer?: PageRenderer;
}

/**
 * The pages the server renders, signed in: the console's usual first page. '/' only redirects
 * to it, which a server-rendered page could not do; the others ask for data the HTML does not carry.
 */
const SERVER_RENDERED = /^\/projects\/?$/;

const EMPTY_ROOT = '<div id="root"></div>';

/**
 * The dark theme from its first paint, when the console told the server it is the visitor's
 * (web/lib/theme.tsx): a page rendered here would otherwise show light until its code runs.
 */
const themed = (html: string, cookie: string | undefined) =>
  /(?:^|;\s*)berth\.theme=dark(?:;|$)/.test(cookie ?? '') ? html.replace('<html lang="en">', '<html lang="en" class="dark">') : html;

const NOBODY: ConsoleVisit = { signedIn: false, answer: async () => null };

/**
 * The built stylesheet written into a rendered page's HTML instead of linked: the page paints
 * as soon as its HTML is in, without a second round trip first (562 ms on Fast 3G). The CSP
 * allows inline styles. Later pages are drawn by the same sheet, already in the document.
 */
function styleInliner(webRoot: string, html: string): (page: string) => string {
  const link = /<link rel="stylesheet"[^>]*href="(\/assets\/[\w.-]+\.css)"[^>]*>/.exec(html);
  const file = link ? path.join(webRoot, link[1]!) : null;
  const css = file && existsSync(file) ? readFileSync(file, 'utf8') : null;
  if (!link || css === null || css.includes('</')) return (page) => page;
  return (page) => page.replace(link[0], () => `<style>${css}</style>`);
}

/**
 * The answers as a JSON data block, which the browser never runs (so the Content-Security-Policy
 * has nothing to allow); `<` is escaped so no value can close the element.
 */
const answersBlock = (answers: Record<string, InlineAnswer>) =>
  `<script type="application/json" id="berth-answers">${JSON.stringify(answers).replace(/</g, '\\u003c')}</script>`;

export function spa(webRoot: string, { visit = async () => NOBODY, renderer }: SpaOptions = {}): Router {
  const router = express.Router();
  const index = path.join(webRoot, 'index.html');
  const built = existsSync(index);
  // The HTML and the module map, read again when a new build replaces index.html.
  let build: { mtime: number; html: string; preloadsFor: ReturnType<typeof consolePreloads>; inlineStyles: (page: string) => string } | null = null;
  const current = () => {
    const mtime = statSync(index).mtimeMs;
    if (mtime !== build?.mtime) {
      const html = readFileSync(index, 'utf8');
      build = { mtime, html, preloadsFor: consolePreloads(webRoot), inlineStyles: styleInliner(webRoot, html) };
    }
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
    renderer?.prepare();
    const query = new URLSearchParams(req.originalUrl.split('?')[1] ?? '');
    visit(req)
      .then(async ({ signedIn, answer }) => {
        const { html, preloadsFor, inlineStyles } = current();
        const { scripts, client, fetches } = preloadsFor(req.path, query, signedIn);
        const answers: Record<string, InlineAnswer> = {};
        for (const url of fetches) {
          // A failure here is the page's own request's to report: it asks, as without the HTML's help.
          const answered = await answer(url).catch(() => null);
          if (answered) answers[url] = answered;
        }
        const unanswered = fetches.filter((url) => !answers[url]);
        // The data client's code is needed first only for a request the HTML could not answer.
        const needed = [...scripts, ...(unanswered.length ? client : [])];
        // The entry and its imports are in the built HTML already.
        const tags = preloadTags({ scripts: needed.filter((file) => !html.includes(`"${file}"`)), fetches: unanswered });
        const head = [tags, ...(Object.keys(answers).length ? [answersBlock(answers)] : [])].filter(Boolean).join('\n    ');
        // Rendered from the very answers the HTML carries, which the browser's first render then uses: the same markup.
        const rendered = renderer && signedIn && !unanswered.length && SERVER_RENDERED.test(req.path) ? await renderer.render(req.originalUrl, answers) : null;
        // Never cached: it names this build's files (a tab reloads into the new ones after an
        // upgrade) and, by the session cookie, this visitor's first page; never stored at all
        // when it carries the visitor's answers (who they are, their CSRF token, their projects).
        res.setHeader('Cache-Control', Object.keys(answers).length ? 'no-store' : 'no-cache');
        res.setHeader('Vary', 'Cookie');
        // Replaced by functions: a replacement string would read `$&` or `$'` in a value as patterns.
        const page = themed(html.replace('</head>', () => `  ${head}\n  </head>`), req.get('cookie'));
        res.type('html').send(rendered ? inlineStyles(page).replace(EMPTY_ROOT, () => `<div id="root">${rendered}</div>`) : page);
      })
      .catch(next);
  });
  return router;
}
