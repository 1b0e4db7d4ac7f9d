/**
 * What the console's HTML asks for before its code runs: every code file the requested page
 * needs (`modulepreload`) and the page's first API answers (`preload` as fetch), all at once.
 * Without them the browser finds the files level by level (the entry, then the layout's and the
 * page's chunks, then the data they ask for), a round trip each: 562 ms apiece on a Fast 3G line.
 *
 * The files come from the build's module map (vite.config.ts writes .vite/modules.json); which
 * modules a path needs is the small table below, the few first pages a visitor lands on. A page
 * not in it still gets the entry and the data client. A preload the page ends up not using costs
 * one request and nothing else, so a stale entry here slows nothing down; it only fails to help.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

interface ModuleMap {
  modules: Record<string, string>;
  imports: Record<string, string[]>;
}

/** Every page asks who is signed in through axios (web/lib/api-client.ts, auth.tsx). */
const ALWAYS = ['node_modules/axios/index.js'];
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

/** Reads the module map once; a build without one (an older build) gets no hints. */
export function consolePreloads(webRoot: string): (pathname: string, search: URLSearchParams, signedIn: boolean) => Preloads {
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

  return (pathname, search, signedIn) => {
    const fetches = ['/c/session'];
    const publicPage = PUBLIC_PAGES[pathname];
    if (publicPage) return { scripts: filesOf([...ALWAYS, publicPage]), fetches };
    // Signed out, every other page sends the visitor to sign in (RequireAuth).
    if (!signedIn) return { scripts: filesOf([...ALWAYS, SIGN_IN_PAGE]), fetches };
    const page = SIGNED_IN_PAGES.find((p) => p.path.test(pathname));
    const data = page?.data?.(search);
    if (data) fetches.push(data);
    return { scripts: filesOf([...ALWAYS, SIGNED_IN_FRAME, ...(page?.modules ?? [])]), fetches };
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
