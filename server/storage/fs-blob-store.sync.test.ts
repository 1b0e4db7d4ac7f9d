/**
 * The filesystem store's commit flushes before it publishes: fdatasync of the upload's bytes, then
 * the hard link that makes the blob visible, then fsync of the directories that changed. A power
 * loss cannot be simulated here, so the test watches the calls the real store makes on a real
 * directory (node:fs/promises passes through, recording the order).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { FsBlobStore } from './fs-blob-store.js';

const seen = vi.hoisted(() => ({ events: [] as string[], paths: new WeakMap<object, string>() }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...fs,
    open: async (...args: Parameters<typeof fs.open>) => {
      const handle = await fs.open(...args);
      seen.paths.set(handle, String(args[0]));
      return handle;
    },
    link: async (from: string, to: string) => {
      seen.events.push(`link ${from} -> ${to}`);
      await fs.link(from, to);
    },
  };
});

let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'berth-sync-'));
  const probe = await open(path.join(root, 'probe'), 'w');
  const prototype = Object.getPrototypeOf(probe) as FileHandle;
  await probe.close();
  for (const method of ['sync', 'datasync'] as const) {
    const original = prototype[method];
    vi.spyOn(prototype, method).mockImplementation(function (this: FileHandle) {
      seen.events.push(`${method} ${seen.paths.get(this) ?? '?'}`);
      return original.call(this);
    });
  }
});

afterAll(async () => {
  vi.restoreAllMocks();
  await rm(root, { recursive: true, force: true });
});

test('commit flushes the upload file, links it into place, then syncs the directories it changed', async () => {
  const store = new FsBlobStore(path.join(root, 'registry'));
  const data = randomBytes(200_000);
  const hex = createHash('sha256').update(data).digest('hex');
  await store.createUpload('u1');
  await store.append('u1', 0, Readable.from([data]));
  seen.events.length = 0;
  expect(await store.commit('u1', data.length, `sha256:${hex}`)).toBe(true);
  const at = (...parts: string[]) => path.join(root, 'registry', ...parts);
  expect(seen.events).toEqual([
    `datasync ${at('uploads', 'u1')}`,
    `link ${at('uploads', 'u1')} -> ${at('blobs', 'sha256', hex.slice(0, 2), hex)}`,
    `sync ${at('blobs', 'sha256', hex.slice(0, 2))}`,
    // The first blob made blobs/ itself: the directory holding it is synced too.
    `sync ${at()}`,
  ]);
});
