/**
 * The console's HTML names what its first page needs, against a real server and the built
 * console: the code files of the page a visitor will see (the signed-in frame and the projects
 * page with a live session, the sign-in page without one), so the browser fetches them all at
 * once instead of level by level, and carries the page's first API answers (who is signed in,
 * the projects list) exactly as the API gives them, so the page asks for neither
 * (e2e/first-load.spec.ts checks that the browser then makes neither request).
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { ApiClient } from '../testing/api-client.js';
import { ADMIN } from '../testing/registry-client.js';
import { startServer, type ServerProcess } from '../testing/server-process.js';

/** The answers block, read as the console reads it (web/lib/first-answers.ts). */
const answersOf = (html: string): Record<string, { status: number; headers: Record<string, string>; body: unknown }> => {
  const text = /<script type="application\/json" id="berth-answers">(.*?)<\/script>/s.exec(html)?.[1];
  return text ? (JSON.parse(text) as Record<string, { status: number; headers: Record<string, string>; body: unknown }>) : {};
};

const links = (html: string, rel: string) => [...html.matchAll(new RegExp(`<link rel="${rel}"[^>]*href="([^"]+)"`, 'g'))].map((m) => m[1]!.replace(/&amp;/g, '&'));

describe('the console HTML preloads its first page', () => {
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
    expect(res.status).toBe(200);
    // It carries who is signed in and their CSRF token: no cache may keep it.
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('vary')).toMatch(/cookie/i);
    return res.text();
  };

  test('signed in, /projects names the frame and the page, carries the session and the list as the API answers them; every file exists', async () => {
    const html = await page('/projects', { cookie });
    const scripts = links(html, 'modulepreload');
    expect(scripts.some((file) => /\/assets\/frame-[\w-]+\.js$/.test(file))).toBe(true);
    // Both first requests are answered in the HTML: the page needs no HTTP client before it shows.
    expect(scripts.some((file) => /\/assets\/axios-[\w-]+\.js$/.test(file))).toBe(false);
    expect(new Set(scripts).size).toBe(scripts.length);
    expect(links(html, 'preload')).toEqual([]);
    const answers = answersOf(html);
    const list = '/api/v2.0/projects?page=1&page_size=15&sort=-creation_time';
    expect(Object.keys(answers)).toEqual(['/c/session', list]);
    for (const [url, answer] of Object.entries(answers)) {
      const res = await fetch(`${server.url}${url}`, { headers: { cookie } });
      expect(answer.status, url).toBe(res.status);
      expect(answer.body, url).toEqual(await res.json());
      expect(answer.headers['x-harbor-csrf-token'], url).toBe(res.headers.get('x-harbor-csrf-token'));
    }
    expect((answers['/c/session']!.body as { username: string }).username).toBe(ADMIN.user);
    expect(answers[list]!.headers['x-total-count']).toBe((await fetch(`${server.url}${list}`, { headers: { cookie } })).headers.get('x-total-count'));
    for (const file of scripts) {
      const res = await fetch(`${server.url}${file}`);
      await res.arrayBuffer();
      expect(res.status, file).toBe(200);
    }
  });

  test('the list answer follows the page\'s query (page, size, sort, filter); for values axios would encode, the page asks itself', async () => {
    const filtered = answersOf(await page('/projects?page=2&page_size=25&sort=name&filter=lib', { cookie }));
    expect(Object.keys(filtered)).toEqual(['/c/session', '/api/v2.0/projects?page=2&page_size=25&sort=name&name=lib']);
    expect(Object.keys(answersOf(await page('/', { cookie })))).toHaveLength(2);
    for (const path of ['/projects?filter=a%20b', '/admin/users']) {
      const html = await page(path, { cookie });
      expect(Object.keys(answersOf(html)), path).toEqual(['/c/session']);
      expect(links(html, 'preload'), path).toEqual([]);
      // The page's own request waits for axios: it is named with the page's files.
      expect(links(html, 'modulepreload').some((file) => /\/assets\/axios-[\w-]+\.js$/.test(file)), path).toBe(true);
    }
  });

  test('no value in an answer can end the block it is written in', async () => {
    const headers = { cookie, origin: server.url, 'content-type': 'application/json' };
    const session = await fetch(`${server.url}/c/session`, { headers: { cookie } });
    const csrf = session.headers.get('x-harbor-csrf-token')!;
    const me = (await session.json()) as { user_id: number };
    const realname = 'Ada </script><script>alert(1)</script> <!--';
    const put = await fetch(`${server.url}/api/v2.0/users/${me.user_id}`, { method: 'PUT', headers: { ...headers, 'x-harbor-csrf-token': csrf }, body: JSON.stringify({ realname }) });
    expect(put.status).toBe(200);
    const html = await page('/projects', { cookie });
    expect(html.match(/<\/script>/g)?.length).toBe(html.match(/<script/g)?.length);
    expect((answersOf(html)['/c/session']!.body as { realname: string }).realname).toBe(realname);
  });

  test('without a live session the HTML names the sign-in page, answers that nobody is signed in and what sign-in offers, and never lists projects', async () => {
    for (const headers of [{}, { cookie: 'sid=AAAAAAAAAAAAAAAAAAAAAAAA' }] as Record<string, string>[]) {
      const html = await page('/projects', headers);
      expect(links(html, 'preload')).toEqual([]);
      const answers = answersOf(html);
      expect(Object.keys(answers)).toEqual(['/c/session', '/api/v2.0/systeminfo']);
      expect(answers['/c/session']).toEqual({ status: 200, headers: {}, body: null });
      expect(answers['/api/v2.0/systeminfo']!.body).toEqual(await (await fetch(`${server.url}/api/v2.0/systeminfo`)).json());
      const scripts = links(html, 'modulepreload');
      expect(scripts.some((file) => /\/assets\/public-[\w-]+\.js$/.test(file))).toBe(true);
      expect(scripts.some((file) => /\/assets\/frame-/.test(file))).toBe(false);
    }
  });
});
