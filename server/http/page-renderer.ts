/**
 * The server's renderer of the console's first page (web/entry-server.tsx, built by Vite into
 * dist/ssr beside dist/web), loaded when the console is first opened and again after a new build. A page it cannot
 * render, or a renderer that fails, leaves the plain HTML shell: the browser then renders the page
 * itself, as without a renderer. A failure is logged once, not on every visit.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { existsSync, statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { InlineAnswer } from './spa.js';

/** The page's markup for #root, or null for the plain shell. */
export type RenderPage = (url: string, answers: Record<string, InlineAnswer>) => Promise<string | null>;

export interface PageRenderer {
  render: RenderPage;
  /**
   * Starts loading the renderer (it takes most of a second, and 10-20 MiB the process keeps):
   * called when any console page is asked for, so a server that only serves the registry and
   * the API never loads it, and a visitor's sign-in page loads it before their first list.
   */
  prepare(): void;
}

interface RendererModule {
  createRenderer(visits: AsyncLocalStorage<Map<string, InlineAnswer>>): RenderPage;
}

export function pageRenderer(entry: string, warn: (err: unknown) => void): PageRenderer {
  let loaded: { mtime: number; render: Promise<RenderPage> } | null = null;
  let warned = false;
  const current = (): Promise<RenderPage> | null => {
    if (!existsSync(entry)) return null;
    const mtime = statSync(entry).mtimeMs;
    if (loaded?.mtime !== mtime) {
      // The build's time in the URL: Node caches a module by its URL, and a new build must load anew.
      const render = import(`${pathToFileURL(entry).href}?build=${mtime}`).then((module: RendererModule) => module.createRenderer(new AsyncLocalStorage()));
      loaded = { mtime, render };
    }
    return loaded.render;
  };
  const prepare = () => void current()?.catch(() => undefined);
  const render: RenderPage = async (url, answers) => {
    try {
      const loading = current();
      return loading ? await (await loading)(url, answers) : null;
    } catch (err) {
      if (!warned) warn(err);
      warned = true;
      return null;
    }
  };
  return { render, prepare };
}
