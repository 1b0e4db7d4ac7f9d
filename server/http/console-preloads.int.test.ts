/**
 * The console's HTML names what its first page needs, against a real server and the built
 * console: the code files of the page a visitor will see (the signed-in frame and the projects
 * page with a live session, the sign-in page without one) and its first API answers, so the
 * browser fetches them all at once instead of level by level (e2e/console.spec.ts checks that
 * the browser then uses the preloaded answers rather than asking twice).
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { ADMIN } from '../testing/registry-client.js';
import { startServer, type ServerProcess } from '../testing/server-process.js';

const links = (html: string, rel: string) => [...html.matchAll(new RegExp(`<link rel="${rel}"[^>]*href="([^"]+)"`, 'g'))].map((m) => m[1]!.replace(/&amp;/g, '&'));

describe('the console HTML preloads its first page', () => {
  let server: ServerProcess;
  let cookie: string;

  beforeAll(async () => {
    server = await startServer({ preparedDataVolume: inject('preparedDataVolume') });
    const res = await fetch(`${server.url}/c/login`, {
      method: 'POST',
      headers: { origin: server.url, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ principal: ADMIN.user, password: ADMIN.password }).toString(),
    });
    expect(res.status).toBe(200);
    cookie = res.headers.getSetCookie().find((line) => line.startsWith('sid='))!.split(';')[0]!;
  });

  afterAll(async () => {
    await server.stop();
    await server.cleanup();
  });

  const page = async (path: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${server.url}${path}`, { headers });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('vary')).toMatch(/cookie/i);
    return res.text();
  };

  test('signed in, /projects names the frame, the page, axios and the list request; every file exists', async () => {
    const html = await page('/projects', { cookie });
    const scripts = links(html, 'modulepreload');
    expect(scripts.some((file) => /\/assets\/frame-[\w-]+\.js$/.test(file))).toBe(true);
    expect(scripts.some((file) => /\/assets\/axios-[\w-]+\.js$/.test(file))).toBe(true);
    expect(new Set(scripts).size).toBe(scripts.length);
    expect(links(html, 'preload')).toEqual(['/c/session', '/api/v2.0/projects?page=1&page_size=15&sort=-creation_time']);
    expect(html).toMatch(/<link rel="preload" as="fetch" crossorigin="use-credentials" href="\/c\/session">/);
    for (const file of scripts) {
      const res = await fetch(`${server.url}${file}`);
      await res.arrayBuffer();
      expect(res.status, file).toBe(200);
    }
  });

  test('the list request follows the page\'s query (page, size, sort, filter) and is left out for values axios would encode', async () => {
    expect(links(await page('/projects?page=2&page_size=25&sort=name&filter=lib', { cookie }), 'preload')).toEqual([
      '/c/session',
      '/api/v2.0/projects?page=2&page_size=25&sort=name&name=lib',
    ]);
    expect(links(await page('/', { cookie }), 'preload')).toHaveLength(2);
    expect(links(await page('/projects?filter=a%20b', { cookie }), 'preload')).toEqual(['/c/session']);
    expect(links(await page('/admin/users', { cookie }), 'preload')).toEqual(['/c/session']);
  });

  test('without a live session the HTML names the sign-in page and never the list (it would answer 401)', async () => {
    for (const headers of [{}, { cookie: 'sid=AAAAAAAAAAAAAAAAAAAAAAAA' }] as Record<string, string>[]) {
      const html = await page('/projects', headers);
      expect(links(html, 'preload')).toEqual(['/c/session']);
      const scripts = links(html, 'modulepreload');
      expect(scripts.some((file) => /\/assets\/public-[\w-]+\.js$/.test(file))).toBe(true);
      expect(scripts.some((file) => /\/assets\/frame-/.test(file))).toBe(false);
    }
  });
});
