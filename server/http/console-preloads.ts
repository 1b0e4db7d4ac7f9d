/**
 * What the console's HTML asks for before its code runs: every code file the requested page
 * needs (`modulepreload`) and the page's first API answers (`preload` as fetch), all at once.
 * Without them the browser finds the files level by level (the entry, then the layout's and the
 * page's chunks, then the data they ask for), a round trip each: 562 ms apiece on a Fast 3G line.
 *
 * The server answers those requests itself when it can (server/api/console-visit.ts) and the HTML
 * carries the answers instead (server/http/spa.ts); a preload is left for any it could not answer.
 *
 * The files come from the build's module map (vite.config.ts writes .vite/modules.json); which
 * modules a path needs is the small table below, the few first pages a visitor lands on. A page
 * not in it still gets the entry, the frame and the data client. A preload the page ends up not using costs
 * one request and nothing else, so a stale entry here slows nothing down; it only fails to help.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

interface ModuleMap {
  modules: Record<string, string>;
  imports: Record<string, string[]>;
}

/**
 * The data client (web/lib/api-client.ts): needed before the page shows only for a request the
 * HTML does not answer itself (server/api/console-visit.ts), so it is kept apart.
 */
const CLIENT = ['node_modules/axios/index.js'];
const SIGNED_IN_FRAME = 'web/components/layout/app-layout.tsx';
const SIGN_IN_PAGE = 'web/features/auth/sign-in-page.tsx';

/** The pages anyone may open, by path (web/config/paths.ts), and their modules. */
const PUBLIC_PAGES: Record<string, string> = {
  '/sign-in': SIGN_IN_PAGE,
  '/forgot-password': 'web/features/auth/forgot-password-page.tsx',
  '/reset-password': 'web/features/auth/reset-password-page.tsx',
  '/sign-up': 'web/features/auth/sign-up-page.tsx',
  '/oidc-onboard': 'web/features/auth/oidc-onboard-page.tsx',
};

/** Signed-in pages by path: their modules and their first query. */
const SIGNED_IN_PAGES: { path: RegExp; modules: string[]; data?: (search: URLSearchParams) => string | null }[] = [
  { path: /^\/(projects\/?)?$/, modules: ['web/features/projects/projects-page.tsx'], data: projectsListUrl },
];

/**
 * The projects list request as the page makes it (web/features/projects/api/projects.ts with
 * listParamsOf's defaults, web/lib/pages.ts's parameter order), so the browser can hand the
 * preloaded answer to axios. Only plain values: axios encodes some characters its own way.
 */
function projectsListUrl(search: URLSearchParams): string | null {
  const page = Math.max(1, Number(search.get('page')) || 1);
  const pageSize = Math.min(100, Number(search.get('page_size')) || 15);
  const sort = search.get('sort') ?? '-creation_time';
  const name = search.get('filter') ?? '';
  if (![sort, name].every((value) => /^[\w.-]*$/.test(value))) return null;
  return `/api/v2.0/projects?page=${page}&page_size=${pageSize}${sort ? `&sort=${sort}` : ''}${name ? `&name=${name}` : ''}`;
}

export interface Preloads {
  scripts: string[];
  fetches: string[];
}

export interface PagePreloads extends Preloads {
  /** The data client's files, not already in `scripts`. */
  client: string[];
}

/** Reads the module map once; a build without one (an older build) gets no hints. */
export function consolePreloads(webRoot: string): (pathname: string, search: URLSearchParams, signedIn: boolean) => PagePreloads {
  const file = path.join(webRoot, '.vite', 'modules.json');
  const map: ModuleMap | null = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ModuleMap) : null;

  /** The files of these modules' chunks and everything those import, the entry included. */
  const filesOf = (modules: string[]): string[] => {
    if (!map) return [];
    const seen = new Set<string>();
    const visit = (chunk: string) => {
      if (seen.has(chunk)) return;
      seen.add(chunk);
      for (const imported of map.imports[chunk] ?? []) visit(imported);
    };
    for (const module of modules) {
      const chunk = map.modules[module];
      if (chunk) visit(chunk);
    }
    return [...seen].map((chunk) => `/${chunk}`);
  };

  const withClient = (fetches: string[], modules: string[]): PagePreloads => {
    const scripts = filesOf(modules);
    return { scripts, fetches, client: filesOf(CLIENT).filter((file) => !scripts.includes(file)) };
  };
  return (pathname, search, signedIn) => {
    const fetches = ['/c/session'];
    // The public pages offer what the installation allows (sign-up, an OIDC provider's button).
    const publicFetches = [...fetches, '/api/v2.0/systeminfo'];
    const publicPage = PUBLIC_PAGES[pathname];
    if (publicPage) return withClient(publicFetches, [publicPage]);
    // Signed out, every other page sends the visitor to sign in (RequireAuth).
    if (!signedIn) return withClient(publicFetches, [SIGN_IN_PAGE]);
    const page = SIGNED_IN_PAGES.find((p) => p.path.test(pathname));
    const data = page?.data?.(search) ?? null;
    if (data) fetches.push(data);
    // A page not in the table, or whose list request is not named here, asks for its data first thing: the client is needed at once.
    const asksItself = !page || (page.data !== undefined && data === null);
    return withClient(fetches, [SIGNED_IN_FRAME, ...(page?.modules ?? []), ...(asksItself ? CLIENT : [])]);
  };
}

/**
 * The hints as HTML for the head. The fetches carry credentials as axios sends them
 * (withCredentials), or the browser would not match the preloaded answer to axios's request.
 */
export function preloadTags({ scripts, fetches }: Preloads): string {
  const escape = (url: string) => url.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  return [
    ...fetches.map((url) => `<link rel="preload" as="fetch" crossorigin="use-credentials" href="${escape(url)}">`),
    ...scripts.map((url) => `<link rel="modulepreload" crossorigin href="${escape(url)}">`),
  ].join('\n    ');
}
