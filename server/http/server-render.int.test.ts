/**
 * The signed-in projects list comes rendered in its HTML, against a real server and the built
 * console and renderer (dist/web, dist/ssr): the Projects table with its links in #root, before
 * any script runs, by the console's own components (e2e/server-render.spec.ts checks the browser
 * then takes it over without a hydration error). Every other visit gets the empty shell.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { ApiClient } from '../testing/api-client.js';
import { ADMIN } from '../testing/registry-client.js';
import { startServer, type ServerProcess } from '../testing/server-process.js';

/** What the HTML puts in #root (the built index.html ends its body with it). */
const rootOf = (html: string) => {
  const start = html.indexOf('<div id="root">');
  expect(start).toBeGreaterThan(0);
  return html.slice(start + '<div id="root">'.length, html.lastIndexOf('</div>', html.indexOf('</body>')));
};

describe('the server renders the signed-in projects list', () => {
  let server: ServerProcess;
  let cookie: string;

  beforeAll(async () => {
    server = await startServer({ preparedDataVolume: inject('preparedDataVolume') });
    cookie = `sid=${(await ApiClient.session(server, ADMIN.user, ADMIN.password)).sessionCookie}`;
  });

  afterAll(async () => {
    await server.stop();
    await server.cleanup();
  });

  const page = async (path: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${server.url}${path}`, { headers });
    expect(res.status, path).toBe(200);
    return res.text();
  };

  test('signed in, /projects carries the frame and the Projects table with a real link to library, times in UTC, and no inline script', async () => {
    const html = await page('/projects', { cookie });
    const root = rootOf(html);
    expect(root).toMatch(/<table [^>]*aria-label="Projects"/);
    expect(root).toMatch(/<a [^>]*href="\/projects\/1\/summary"[^>]*>library<\/a>/);
    // The frame's navigation, with the admin's pages: the session's user rendered it.
    expect(root).toMatch(/<nav [^>]*aria-label="Main"/);
    expect(root).toMatch(/<a [^>]*href="\/admin\/users"/);
    // The browser's locale and time zone are unknown here: the first render shows UTC (web/components/ui/time.tsx).
    expect(root).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    // The Content-Security-Policy allows no inline script: every script is a file or a data block.
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toMatch(/\bsrc="|type="application\/json"/);
    // Its stylesheet is in the HTML, not a round trip away; the shell links it.
    expect(html).toMatch(/<style>[^<]*\.flex\{/);
    expect(html).not.toMatch(/<link rel="stylesheet"/);
    expect(await page('/admin/users', { cookie })).toMatch(/<link rel="stylesheet"[^>]*href="\/assets\/[\w.-]+\.css"/);
    // The page's own filter and paging come from its query.
    const filtered = rootOf(await page('/projects?filter=nothing-matches-this', { cookie }));
    expect(filtered).toContain('No project matches &quot;nothing-matches-this&quot;.');
    expect(filtered).not.toContain('>library</a>');
  });

  test('the dark theme the console last told the server is in the HTML from the first paint', async () => {
    expect(await page('/projects', { cookie: `${cookie}; berth.theme=dark` })).toContain('<html lang="en" class="dark">');
    expect(await page('/projects', { cookie: `${cookie}; berth.theme=light` })).toContain('<html lang="en">');
    expect(await page('/projects', { cookie })).toContain('<html lang="en">');
  });

  test('visits whose page the HTML cannot answer alone get the empty shell', async () => {
    // Signed out: the sign-in page, rendered in the browser.
    expect(rootOf(await page('/projects'))).toBe('');
    expect(rootOf(await page('/projects', { cookie: 'sid=AAAAAAAAAAAAAAAAAAAAAAAA' }))).toBe('');
    // Signed in, pages asking for data the HTML does not carry, and '/', which only redirects.
    for (const path of ['/admin/users', '/projects/1/summary', '/', '/projects?filter=a%20b']) {
      expect(rootOf(await page(path, { cookie })), path).toBe('');
    }
  });
});
