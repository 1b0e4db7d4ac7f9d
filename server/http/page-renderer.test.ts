/**
 * A renderer that fails leaves the plain shell (null), logged once however many visits follow,
 * and a new build of it is loaded anew: real module files in a temporary directory.
 */
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { pageRenderer } from './page-renderer.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'berth-renderer-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const writeRenderer = async (entry: string, body: string, mtime: number) => {
  await writeFile(entry, `export function createRenderer(visits) { ${body} }\n`);
  await utimes(entry, mtime, mtime);
};

test('no renderer built: the shell, nothing logged', async () => {
  const warnings: unknown[] = [];
  const { render } = pageRenderer(path.join(dir, 'entry-server.js'), (err) => warnings.push(err));
  expect(await render('/projects', {})).toBeNull();
  expect(warnings).toEqual([]);
});

test('a renderer that throws: the shell on every visit, one warning; a new build renders', async () => {
  const entry = path.join(dir, 'entry-server.js');
  await writeRenderer(entry, `return async () => { throw new Error('broken page'); };`, 1_000);
  const warnings: unknown[] = [];
  const { render } = pageRenderer(entry, (err) => warnings.push(err));
  expect(await render('/projects', {})).toBeNull();
  expect(await render('/projects', {})).toBeNull();
  expect(warnings).toHaveLength(1);
  expect((warnings[0] as Error).message).toBe('broken page');

  // Each visit's answers are its own while it renders (the scope the server hands the renderer).
  await writeRenderer(entry, `return (url, answers) => visits.run(answers, async () => { await new Promise((r) => setTimeout(r, 5)); return url + ':' + visits.getStore()['/c/session'].body; });`, 2_000);
  const [one, two] = await Promise.all([
    render('/projects', { '/c/session': { status: 200, headers: {}, body: 'ada' } }),
    render('/projects?page=2', { '/c/session': { status: 200, headers: {}, body: 'bob' } }),
  ]);
  expect([one, two]).toEqual(['/projects:ada', '/projects?page=2:bob']);
});

test('a renderer that cannot load: the shell', async () => {
  const entry = path.join(dir, 'entry-server.js');
  await writeFile(entry, 'this is not JavaScript(\n');
  const warnings: unknown[] = [];
  const { render } = pageRenderer(entry, (err) => warnings.push(err));
  expect(await render('/projects', {})).toBeNull();
  expect(await render('/projects', {})).toBeNull();
  expect(warnings).toHaveLength(1);
});

test('the renderer is loaded only once the console is asked for (prepare), not with the server', async () => {
  const entry = path.join(dir, 'entry-server.js');
  const marker = `berthRendererLoaded${Date.now()}`;
  await writeFile(entry, `globalThis.${marker} = true;\nexport function createRenderer() { return async (url) => url; }\n`);
  const renderer = pageRenderer(entry, () => undefined);
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect((globalThis as Record<string, unknown>)[marker]).toBeUndefined();
  renderer.prepare();
  expect(await renderer.render('/projects', {})).toBe('/projects');
  expect((globalThis as Record<string, unknown>)[marker]).toBe(true);
});
